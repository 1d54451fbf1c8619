package app.banter.user;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Phones kept past their account (the one-reward-per-phone rule of referrals, the moderation and blocks a deleted
 * account leaves behind) are kept only as HMAC-SHA256 under a secret from config: equal phones compare equal, none can
 * be read back. Changing the secret makes the phones kept before unrecognisable.
 */
@ApplicationScoped
public class PhoneHashes {

    private final SecretKeySpec key;

    PhoneHashes(UserConfig config) {
        this.key = new SecretKeySpec(config.phoneHashSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String of(String phoneNumber) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(phoneNumber.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
