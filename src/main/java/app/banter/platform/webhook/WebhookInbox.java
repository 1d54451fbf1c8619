package app.banter.platform.webhook;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Applies each provider event once. The (provider, event id) record and the event's effect commit together: a
 * concurrent redelivery waits on the record's unique key and then finds it, and an effect that throws rolls the
 * record back too, so the provider's retry applies the event whole.
 */
@ApplicationScoped
public class WebhookInbox {

    // Every delivery of every provider, by what became of it. Bad signatures are counted where
    // every verifier refuses one (VerifiedWebhook.unsigned); this is the rest of the one path all deliveries take
    // (issue 16, operations).
    static final String DELIVERIES = "banter.webhooks.deliveries";
    static final String ACCEPTED = "accepted";
    static final String DUPLICATE = "duplicate";
    static final String BAD_SIGNATURE = "bad_signature";

    private final WebhookInboxRepository inbox;
    private final MeterRegistry metrics;

    WebhookInbox(WebhookInboxRepository inbox, MeterRegistry metrics) {
        this.inbox = inbox;
        this.metrics = metrics;
    }

    @Transactional
    public <P> WebhookReceipt receive(VerifiedWebhook<P> webhook, Function<VerifiedWebhook<P>, WebhookOutcome> effect) {
        if (!inbox.recordFirstDelivery(webhook.provider(), webhook.eventId(), webhook.type())) {
            countDelivery(metrics, webhook.provider(), DUPLICATE);
            return new WebhookReceipt(WebhookOutcome.DUPLICATE);
        }
        WebhookReceipt receipt = new WebhookReceipt(effect.apply(webhook));
        // Processed or ignored alike: the provider's delivery was taken, and an effect that throws counts nothing.
        countDelivery(metrics, webhook.provider(), ACCEPTED);
        return receipt;
    }

    static void countDelivery(MeterRegistry registry, String provider, String outcome) {
        registry.counter(DELIVERIES, "provider", provider, "outcome", outcome).increment();
    }
}
