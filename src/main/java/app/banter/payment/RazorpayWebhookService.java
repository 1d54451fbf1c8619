package app.banter.payment;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.payment.razorpay.RazorpayModel.Payment;
import app.banter.payment.razorpay.RazorpayModel.Refund;
import app.banter.payment.razorpay.RazorpayModel.Subscription;
import app.banter.payment.razorpay.RazorpayWebhookVerifier;
import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.platform.webhook.WebhookOutcome;

/**
 * The effect of one verified Razorpay event, run by the webhook inbox inside the transaction that records the
 * event id.
 */
@ApplicationScoped
public class RazorpayWebhookService {

    private final ObjectMapper json;
    private final PaymentSettlement settlement;
    private final PurchaseRepository purchases;
    private final SubscriptionService subscriptions;

    RazorpayWebhookService(ObjectMapper json, PaymentSettlement settlement, PurchaseRepository purchases,
            SubscriptionService subscriptions) {
        this.json = json;
        this.settlement = settlement;
        this.purchases = purchases;
        this.subscriptions = subscriptions;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public WebhookOutcome apply(VerifiedWebhook<JsonNode> webhook) {
        JsonNode payload = webhook.payload().path("payload");
        switch (webhook.type()) {
            case "payment.captured", "order.paid" -> {
                Payment payment = entity(payload, "payment", Payment.class);
                if (isForeign(payment)) {
                    return WebhookOutcome.IGNORED;
                }
                settlement.settleCaptured(payment.orderId(), payment.id(), payment.amount(), payment.currency());
            }
            case "payment.failed" -> {
                Payment payment = entity(payload, "payment", Payment.class);
                if (isForeign(payment)) {
                    return WebhookOutcome.IGNORED;
                }
                settlement.markFailed(payment.orderId());
            }
            case "refund.processed" -> {
                Refund refund = entity(payload, "refund", Refund.class);
                Payment refunded = paymentBeside(payload);
                if (!settlement.refund(refund.paymentId(), refund.id(), refund.amount(), refunded)) {
                    return WebhookOutcome.IGNORED;
                }
            }
            case "subscription.activated" -> subscriptions.activate(subscription(payload), webhook.occurredAt());
            case "subscription.charged" ->
                subscriptions.charge(subscription(payload), paymentBeside(payload), webhook.occurredAt());
            case "subscription.cancelled", "subscription.halted", "subscription.completed" ->
                subscriptions.end(subscription(payload), webhook.occurredAt());
            default -> {
                return WebhookOutcome.IGNORED;
            }
        }
        return WebhookOutcome.PROCESSED;
    }

    /**
     * Payments of subscription invoices carry orders Razorpay made, not ours: acknowledged and left to the
     * subscription events. Any other unknown order is refused (404), changing nothing.
     */
    private boolean isForeign(Payment payment) {
        if (payment.orderId() == null) {
            throw invalidEvent("payment without order_id");
        }
        return payment.invoiceId() != null && !purchases.existsByOrderId(payment.orderId());
    }

    /**
     * The payment Razorpay sends beside a refund (the refunded one) or a subscription (the charged one); null when the
     * event has none.
     */
    private Payment paymentBeside(JsonNode payload) {
        return payload.path("payment").path("entity").isObject() ? entity(payload, "payment", Payment.class) : null;
    }

    private Subscription subscription(JsonNode payload) {
        Subscription subscription = entity(payload, "subscription", Subscription.class);
        if (subscription.status() == null || subscription.status().isBlank() || subscription.status().length() > 16) {
            throw invalidEvent("payload.subscription.entity.status is missing");
        }
        return subscription;
    }

    private <T> T entity(JsonNode payload, String name, Class<T> type) {
        JsonNode entity = payload.path(name).path("entity");
        if (!entity.isObject() || entity.path("id").asText("").isEmpty()) {
            throw invalidEvent("payload." + name + ".entity is missing");
        }
        try {
            return json.treeToValue(entity, type);
        } catch (IOException e) {
            throw invalidEvent("payload." + name + ".entity is malformed");
        }
    }

    private static RuntimeException invalidEvent(String why) {
        return VerifiedWebhook.invalid(RazorpayWebhookVerifier.PROVIDER, why);
    }
}
