package app.banter.referral;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

/** Phones are kept only as HMAC-SHA256 under a secret from config: equal phones compare equal, none can be read back. */
@ApplicationScoped
class KeyedHashes {

    private final SecretKeySpec key;

    KeyedHashes(ReferralConfig config) {
        this.key = new SecretKeySpec(config.phoneHashSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    String phone(String phoneNumber) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(phoneNumber.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
