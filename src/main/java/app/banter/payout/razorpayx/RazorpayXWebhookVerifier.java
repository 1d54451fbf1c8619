package app.banter.payout.razorpayx;

import java.io.IOException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.payment.razorpay.RazorpaySignatures;
import app.banter.platform.error.ApiException;
import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.platform.webhook.WebhookVerifier;

/**
 * RazorpayX signs its webhooks as Razorpay does (hex HMAC-SHA256 of the raw body in X-Razorpay-Signature, with the
 * RazorpayX webhook's secret) and names the event in X-Razorpay-Event-Id, the same on redeliveries. The body is
 * parsed only once the signature matched; its {@code created_at} is the event's time.
 */
@ApplicationScoped
public class RazorpayXWebhookVerifier implements WebhookVerifier<JsonNode> {

    public static final String PROVIDER = "razorpayx";

    private final RazorpayXConfig config;
    private final ObjectMapper json;

    RazorpayXWebhookVerifier(RazorpayXConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    @Override
    public VerifiedWebhook<JsonNode> verify(byte[] body, HttpHeaders headers) {
        String signature = headers.getHeaderString("X-Razorpay-Signature");
        if (signature == null || body == null
                || !RazorpaySignatures.isValidWebhook(config.webhookSecret(), body, signature)) {
            throw VerifiedWebhook.unsigned(PROVIDER);
        }
        JsonNode event = parse(body);
        if (!event.path("payload").isObject()) {
            throw VerifiedWebhook.invalid(PROVIDER, "no payload");
        }
        long createdAt = event.path("created_at").asLong(0);
        if (createdAt <= 0) {
            throw VerifiedWebhook.invalid(PROVIDER, "no created_at");
        }
        return new VerifiedWebhook<>(PROVIDER, headers.getHeaderString("X-Razorpay-Event-Id"),
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
