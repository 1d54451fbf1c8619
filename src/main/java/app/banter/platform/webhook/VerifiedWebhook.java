package app.banter.platform.webhook;

import java.time.Instant;
import java.util.Objects;

import app.banter.platform.error.ApiException;
import io.micrometer.core.instrument.Metrics;

/**
 * A delivery whose signature checked out, parsed.
 *
 * @param provider the inbox's name for the provider, e.g. {@code razorpay}
 * @param eventId the provider's id of the event, the same on every redelivery
 * @param type the provider's event type, e.g. {@code payment.captured}
 * @param occurredAt when the provider says the event happened; effects order by this, not by arrival
 */
public record VerifiedWebhook<P>(String provider, String eventId, String type, Instant occurredAt, P payload) {

    /** What the inbox's event_id column holds. */
    public static final int MAX_EVENT_ID_LENGTH = 128;
    /** What the inbox's event_type column holds. */
    public static final int MAX_TYPE_LENGTH = 64;

    public VerifiedWebhook {
        Objects.requireNonNull(provider);
        Objects.requireNonNull(occurredAt);
        Objects.requireNonNull(payload);
        // Checked here so that every provider refuses an unusable event id the same way.
        if (eventId == null || eventId.isBlank() || eventId.length() > MAX_EVENT_ID_LENGTH) {
            throw invalid(provider, "the event id is missing or longer than " + MAX_EVENT_ID_LENGTH);
        }
        if (type == null || type.isBlank() || type.length() > MAX_TYPE_LENGTH) {
            throw invalid(provider, "the event type is missing or longer than " + MAX_TYPE_LENGTH);
        }
    }

    /** 400 for a signed delivery that is not an event we can read. */
    public static ApiException invalid(String provider, String why) {
        return ApiException.badRequest("INVALID_EVENT", "Not a " + provider + " event we understand: " + why);
    }

    /**
     * 401 for a delivery the provider did not sign, or signed over other bytes. Every verifier refuses through here,
     * so this is where bad signatures are counted (a spike is someone probing the webhook URLs, or a rotated secret).
     */
    public static ApiException unsigned(String provider) {
        // The global registry holds the application's registries; a static factory has no bean to inject one into.
        WebhookInbox.countDelivery(Metrics.globalRegistry, provider, WebhookInbox.BAD_SIGNATURE);
        return ApiException.unauthorized("INVALID_WEBHOOK_SIGNATURE",
                "The webhook is not signed by our " + provider + " account");
    }
}
