package app.banter.payout;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.payout.razorpayx.RazorpayXModel;
import app.banter.payout.razorpayx.RazorpayXWebhookVerifier;
import app.banter.platform.error.ApiException;
import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.platform.webhook.WebhookOutcome;

/**
 * The effect of one verified RazorpayX event (payout.queued, .pending, .initiated, .processed, .failed, .rejected,
 * .reversed, .updated), run by the webhook inbox inside the transaction that records the event id. The payout's own
 * status in the payload decides; {@link PayoutTransitions} keeps states moving forward only.
 */
@ApplicationScoped
public class PayoutWebhookService {

    private final ObjectMapper json;
    private final PayoutRepository payouts;
    private final PayoutTransitions transitions;

    PayoutWebhookService(ObjectMapper json, PayoutRepository payouts, PayoutTransitions transitions) {
        this.json = json;
        this.payouts = payouts;
        this.transitions = transitions;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public WebhookOutcome apply(VerifiedWebhook<JsonNode> webhook) {
        if (!webhook.type().startsWith("payout.")) {
            return WebhookOutcome.IGNORED;
        }
        RazorpayXModel.Payout event = payout(webhook.payload().path("payload"));
        Payout payout = ours(event).orElseThrow(() -> ApiException.notFound("Payout"));
        if (payout.razorpayPayoutId == null) {
            // The request died between RazorpayX making the payout and our recording it: the reference is ours.
            payout.razorpayPayoutId = event.id();
        }
        boolean changed = transitions.apply(payout, event.status(), webhook.occurredAt(), event.reason(),
                Instant.now());
        return changed ? WebhookOutcome.PROCESSED : WebhookOutcome.IGNORED;
    }

    /** By RazorpayX's id, else by reference_id, which is our payout id. */
    private Optional<Payout> ours(RazorpayXModel.Payout event) {
        Optional<Payout> byId = payouts.lockByRazorpayPayoutId(event.id());
        if (byId.isPresent() || event.referenceId() == null) {
            return byId;
        }
        UUID reference;
        try {
            reference = UUID.fromString(event.referenceId());
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
        return payouts.lock(reference).filter(p -> p.razorpayPayoutId == null);
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
