package app.banter.payout;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.payment.PaymentAnomalies;
import app.banter.payout.razorpayx.RazorpayXModel;
import app.banter.payout.razorpayx.RazorpayXWebhookVerifier;
import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.platform.webhook.WebhookOutcome;

/**
 * The effect of one verified RazorpayX event (payout.queued, .pending, .initiated, .processed, .failed, .rejected,
 * .reversed, .updated), run by the webhook inbox inside the transaction that records the event id. The payout's own
 * status in the payload decides; {@link PayoutTransitions} keeps states moving forward only. An event about a payout
 * that is not ours is answered IGNORED, like any other event with nothing of ours to change.
 */
@ApplicationScoped
public class PayoutWebhookService {

    private static final Logger LOG = Logger.getLogger(PayoutWebhookService.class);

    private final ObjectMapper json;
    private final PayoutRepository payouts;
    private final PayoutTransitions transitions;
    private final PaymentAnomalies anomalies;

    PayoutWebhookService(ObjectMapper json, PayoutRepository payouts, PayoutTransitions transitions,
            PaymentAnomalies anomalies) {
        this.json = json;
        this.payouts = payouts;
        this.transitions = transitions;
        this.anomalies = anomalies;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public WebhookOutcome apply(VerifiedWebhook<JsonNode> webhook) {
        if (!webhook.type().startsWith("payout.")) {
            return WebhookOutcome.IGNORED;
        }
        RazorpayXModel.Payout event = payout(webhook.payload().path("payload"));
        Optional<Payout> ours = ours(event);
        Optional<Payout> namedButPaidAsAnother = ours.isEmpty() ? referenced(event) : Optional.empty();
        if (namedButPaidAsAnother.isPresent()) {
            // RazorpayX made a second payout under one of our payouts' references (a repeat it did not recognise as
            // one): the money may leave twice for one hold of coins. Acknowledged, and left to a person.
            Payout first = namedButPaidAsAnother.get();
            anomalies.record(null, event.id(), PaymentAnomalies.Kind.SECOND_PAYOUT, "RazorpayX payout " + event.id()
                    + " names payout " + first.id + " of user " + first.userId + ", which RazorpayX paid as "
                    + first.razorpayPayoutId);
            return WebhookOutcome.IGNORED;
        }
        if (ours.isEmpty()) {
            // A payout made from the same RazorpayX account by someone else (the dashboard, another integration).
            // Acknowledged: RazorpayX retries a refusal and may disable a webhook that keeps refusing, and ours would
            // go with it. Its reference_id is another system's and its destination not ours to log.
            LOG.infof("RazorpayX %s about payout %s, which is not one of ours: ignored", webhook.type(), event.id());
            return WebhookOutcome.IGNORED;
        }
        Payout payout = ours.get();
        if (payout.razorpayPayoutId == null) {
            // The request died between RazorpayX making the payout and our recording it: the reference is ours.
            payout.razorpayPayoutId = event.id();
        }
        boolean changed = transitions.apply(payout, event.status(), webhook.occurredAt(), event.reason(),
                Instant.now());
        return changed ? WebhookOutcome.PROCESSED : WebhookOutcome.IGNORED;
    }

    /**
     * By RazorpayX's id, else by reference_id, which is our payout id. The lock by reference may have waited for the
     * request recording this very payout as made (nothing had its id when it was looked up by id): the payout then
     * has the event's id, and the event is about it, not about a second payout.
     */
    private Optional<Payout> ours(RazorpayXModel.Payout event) {
        Optional<Payout> byId = payouts.lockByRazorpayPayoutId(event.id());
        if (byId.isPresent() || event.referenceId() == null) {
            return byId;
        }
        return referenced(event).filter(p -> p.razorpayPayoutId == null || p.razorpayPayoutId.equals(event.id()));
    }

    /** Our payout whose id the event's reference_id is, if it is one. */
    private Optional<Payout> referenced(RazorpayXModel.Payout event) {
        if (event.referenceId() == null) {
            return Optional.empty();
        }
        UUID reference;
        try {
            reference = UUID.fromString(event.referenceId());
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
        return payouts.lock(reference);
    }

    private RazorpayXModel.Payout payout(JsonNode payload) {
        JsonNode entity = payload.path("payout").path("entity");
        if (!entity.isObject() || entity.path("id").asText("").isEmpty()
                || entity.path("status").asText("").isEmpty()) {
            throw VerifiedWebhook.invalid(RazorpayXWebhookVerifier.PROVIDER, "payload.payout.entity is missing");
        }
        try {
            return json.treeToValue(entity, RazorpayXModel.Payout.class);
        } catch (IOException e) {
            throw VerifiedWebhook.invalid(RazorpayXWebhookVerifier.PROVIDER, "payload.payout.entity is malformed");
        }
    }
}
