package app.banter.payout.razorpayx;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.payment.razorpay.RazorpayWebhookVerifier;
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
        return RazorpayWebhookVerifier.verify(PROVIDER, config.webhookSecret(), json, body, headers);
    }
}
