package app.banter.kyc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The keyed hash under which a document number is stored: HMAC-SHA256(secret, type + ":" + normalized number). Without
 * the secret a leaked table cannot be matched against the small space of valid PANs or Aadhaar numbers.
 */
@ApplicationScoped
public class DocumentNumbers {

    private final SecretKeySpec key;

    DocumentNumbers(KycConfig config) {
        if (config.numberHmacSecret().length() < 16) {
            throw new IllegalStateException("banter.kyc.number-hmac-secret must be at least 16 characters");
        }
        this.key = new SecretKeySpec(config.numberHmacSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String hmac(DocumentType type, String normalized) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((type.name() + ":" + normalized).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
