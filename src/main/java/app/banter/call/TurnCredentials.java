package app.banter.call;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Time-limited TURN credentials in COTURN's use-auth-secret scheme: username "expiry:userId", password
 * base64(HMAC-SHA1(shared secret, username)). COTURN refuses them after the expiry.
 */
@ApplicationScoped
public class TurnCredentials {

    private final TurnConfig config;

    TurnCredentials(TurnConfig config) {
        this.config = config;
    }

    public IceServer issue(UUID userId, Instant now) {
        long expiry = now.plus(config.credentialTtl()).getEpochSecond();
        String username = expiry + ":" + userId;
        return new IceServer(config.urls(), username, password(config.secret(), username));
    }

    static String password(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    /** In the shape of WebRTC's RTCIceServer. */
    public record IceServer(List<String> urls, String username, String credential) {
    }
}
