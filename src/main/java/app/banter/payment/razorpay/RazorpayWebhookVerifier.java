package app.banter.payment.razorpay;

import java.io.IOException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.platform.error.ApiException;
import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.platform.webhook.WebhookVerifier;

/**
 * Razorpay signs a webhook with hex HMAC-SHA256 of the raw body (X-Razorpay-Signature) and names the event in
 * x-razorpay-event-id, which stays the same on redeliveries. The body is parsed only once the signature matched.
 */
@ApplicationScoped
public class RazorpayWebhookVerifier implements WebhookVerifier<JsonNode> {

    public static final String PROVIDER = "razorpay";

    private final RazorpayConfig config;
    private final ObjectMapper json;

    RazorpayWebhookVerifier(RazorpayConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    @Override
    public VerifiedWebhook<JsonNode> verify(byte[] body, HttpHeaders headers) {
        return verify(PROVIDER, config.webhookSecret(), json, body, headers);
    }

    /**
     * A webhook signed the way Razorpay signs them, with the secret of the webhook it came through: RazorpayX signs
     * its payout webhooks exactly like payment webhooks.
     */
    public static VerifiedWebhook<JsonNode> verify(String provider, String webhookSecret, ObjectMapper json,
            byte[] body, HttpHeaders headers) {
        String signature = headers.getHeaderString("X-Razorpay-Signature");
        if (signature == null || body == null || !RazorpaySignatures.isValidWebhook(webhookSecret, body, signature)) {
            throw VerifiedWebhook.unsigned(provider);
        }
        JsonNode event = parse(provider, json, body);
        if (!event.path("payload").isObject()) {
            throw VerifiedWebhook.invalid(provider, "no payload");
        }
        // Event time orders state changes (subscriptions, payouts), so an event without it cannot be applied safely.
        long createdAt = event.path("created_at").asLong(0);
        if (createdAt <= 0) {
            throw VerifiedWebhook.invalid(provider, "no created_at");
        }
        return new VerifiedWebhook<>(provider, headers.getHeaderString("x-razorpay-event-id"),
                event.path("event").asText(""), Instant.ofEpochSecond(createdAt), event);
    }

    private static JsonNode parse(String provider, ObjectMapper json, byte[] body) {
        try {
            JsonNode event = json.readTree(body);
            if (event == null || !event.isObject()) {
                throw VerifiedWebhook.invalid(provider, "not a JSON object");
            }
            return event;
        } catch (IOException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "The request body is not valid JSON");
        }
    }
}
