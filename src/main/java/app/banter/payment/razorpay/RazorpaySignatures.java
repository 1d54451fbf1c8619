package app.banter.payment.razorpay;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Razorpay's two signatures, both hex HMAC-SHA256 compared in constant time: Checkout's over
 * "order_id|payment_id" with the key secret, and a webhook's over the raw body with the webhook secret (payment
 * webhooks, and RazorpayX's with their own secret).
 */
@ApplicationScoped
public class RazorpaySignatures {

    private final RazorpayConfig config;

    RazorpaySignatures(RazorpayConfig config) {
        this.config = config;
    }

    public boolean isValidCheckout(String orderId, String paymentId, String signature) {
        return matches(hmacHex(config.keySecret(), (orderId + "|" + paymentId).getBytes(StandardCharsets.UTF_8)),
                signature);
    }

    public boolean isValidWebhook(byte[] rawBody, String signature) {
        return isValidWebhook(config.webhookSecret(), rawBody, signature);
    }

    /**
     * A webhook signed with {@code webhookSecret}: RazorpayX signs its payout webhooks exactly like payment webhooks,
     * with the secret of its own webhook.
     */
    public static boolean isValidWebhook(String webhookSecret, byte[] rawBody, String signature) {
        return matches(hmacHex(webhookSecret, rawBody), signature);
    }

    static String hmacHex(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static boolean matches(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.trim().toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }
}
