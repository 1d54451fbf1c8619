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

    private final RazorpaySignatures signatures;
    private final ObjectMapper json;

    RazorpayWebhookVerifier(RazorpaySignatures signatures, ObjectMapper json) {
        this.signatures = signatures;
        this.json = json;
    }

    @Override
    public VerifiedWebhook<JsonNode> verify(byte[] body, HttpHeaders headers) {
        String signature = headers.getHeaderString("X-Razorpay-Signature");
        if (signature == null || body == null || !signatures.isValidWebhook(body, signature)) {
            throw VerifiedWebhook.unsigned(PROVIDER);
        }
        JsonNode event = parse(body);
        if (!event.path("payload").isObject()) {
            throw VerifiedWebhook.invalid(PROVIDER, "no payload");
        }
        // Event time orders subscription changes, so an event without it cannot be applied safely.
        long createdAt = event.path("created_at").asLong(0);
        if (createdAt <= 0) {
            throw VerifiedWebhook.invalid(PROVIDER, "no created_at");
        }
        return new VerifiedWebhook<>(PROVIDER, headers.getHeaderString("x-razorpay-event-id"),
                event.path("event").asText(""), Instant.ofEpochSecond(createdAt), event);
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode event = json.readTree(body);
            if (event == null || !event.isObject()) {
                throw VerifiedWebhook.invalid(PROVIDER, "not a JSON object");
            }
            return event;
        } catch (IOException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "The request body is not valid JSON");
        }
    }
}
