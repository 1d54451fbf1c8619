package app.banter.kyc.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import jakarta.ws.rs.core.HttpHeaders;

import app.banter.platform.webhook.VerifiedWebhook;

/**
 * How we authenticate callbacks of providers that sign none (Karza and Signzy document no signature on callbacks):
 * the callback URL registered with the provider carries {@code <provider>:<token>} as user info, which HTTP clients
 * send as {@code Authorization: Basic}. The token is per provider, from configuration; compared in constant time.
 */
final class CallbackToken {

    private CallbackToken() {
    }

    static void check(String provider, Optional<String> token, HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (token.isEmpty() || token.get().isBlank() || authorization == null
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw VerifiedWebhook.unsigned(provider);
        }
        byte[] expected = (provider + ":" + token.get()).getBytes(StandardCharsets.UTF_8);
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            throw VerifiedWebhook.unsigned(provider);
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw VerifiedWebhook.unsigned(provider);
        }
    }

    /** The header value a provider sends for this token: what tests and the README show. */
    static String basic(String provider, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((provider + ":" + token).getBytes(StandardCharsets.UTF_8));
    }
}
