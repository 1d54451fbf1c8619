package app.banter.platform.webhook;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Applies each provider event once. The (provider, event id) record and the event's effect commit together: a
 * concurrent redelivery waits on the record's unique key and then finds it, and an effect that throws rolls the
 * record back too, so the provider's retry applies the event whole.
 */
@ApplicationScoped
public class WebhookInbox {

    private final WebhookInboxRepository inbox;

    WebhookInbox(WebhookInboxRepository inbox) {
        this.inbox = inbox;
    }

    @Transactional
    public <P> WebhookReceipt receive(VerifiedWebhook<P> webhook, Function<VerifiedWebhook<P>, WebhookOutcome> effect) {
        if (!inbox.recordFirstDelivery(webhook.provider(), webhook.eventId(), webhook.type())) {
            return new WebhookReceipt(WebhookOutcome.DUPLICATE);
        }
        return new WebhookReceipt(effect.apply(webhook));
    }
}
