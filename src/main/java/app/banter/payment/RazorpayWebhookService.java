package app.banter.payment;

import java.io.IOException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.payment.razorpay.RazorpayModel.Payment;
import app.banter.payment.razorpay.RazorpayModel.Refund;
import app.banter.payment.razorpay.RazorpayModel.Subscription;
import app.banter.platform.error.ApiException;

/**
 * Applies one verified Razorpay webhook delivery. The event id is recorded in the same transaction as its effect:
 * a redelivery finds it and changes nothing, and a delivery that fails half-way leaves no record, so Razorpay's
 * retry applies it whole.
 */
@ApplicationScoped
public class RazorpayWebhookService {

    public enum Outcome {
        PROCESSED,
        DUPLICATE,
        IGNORED
    }

    private final EntityManager em;
    private final ObjectMapper json;
    private final PaymentSettlement settlement;
    private final PurchaseRepository purchases;
    private final SubscriptionService subscriptions;

    RazorpayWebhookService(EntityManager em, ObjectMapper json, PaymentSettlement settlement,
            PurchaseRepository purchases, SubscriptionService subscriptions) {
        this.em = em;
        this.json = json;
        this.settlement = settlement;
        this.purchases = purchases;
        this.subscriptions = subscriptions;
    }

    @Transactional
    public Outcome apply(String eventId, byte[] body) {
        JsonNode event = parse(body);
        String type = event.path("event").asText("");
        if (type.isEmpty() || !event.path("payload").isObject()) {
            throw invalidEvent("no event type or payload");
        }
        if (!recordFirstDelivery(eventId, type)) {
            return Outcome.DUPLICATE;
        }
        JsonNode payload = event.path("payload");
        switch (type) {
            case "payment.captured", "order.paid" -> {
                Payment payment = entity(payload, "payment", Payment.class);
                if (isForeign(payment)) {
                    return Outcome.IGNORED;
                }
                settlement.settleCaptured(payment.orderId(), payment.id(), payment.amount(), payment.currency());
            }
            case "payment.failed" -> {
                Payment payment = entity(payload, "payment", Payment.class);
                if (isForeign(payment)) {
                    return Outcome.IGNORED;
                }
                settlement.markFailed(payment.orderId());
            }
            case "refund.processed" -> {
                Refund refund = entity(payload, "refund", Refund.class);
                settlement.refund(refund.paymentId(), refund.id(), refund.amount());
            }
            case "subscription.activated", "subscription.charged" ->
                subscriptions.extend(entity(payload, "subscription", Subscription.class));
            case "subscription.cancelled", "subscription.halted", "subscription.completed" ->
                subscriptions.end(entity(payload, "subscription", Subscription.class));
            default -> {
                return Outcome.IGNORED;
            }
        }
        return Outcome.PROCESSED;
    }

    /**
     * Payments of subscription invoices carry orders Razorpay made, not ours: acknowledged and left to the
     * subscription events. Any other unknown order is refused (404), changing nothing.
     */
    private boolean isForeign(Payment payment) {
        if (payment.orderId() == null) {
            throw invalidEvent("payment without order_id");
        }
        return payment.invoiceId() != null && purchases.find("razorpayOrderId", payment.orderId()).count() == 0;
    }

    private boolean recordFirstDelivery(String eventId, String type) {
        return em.createNativeQuery("""
                insert into razorpay_events (event_id, event, received_at) values (?1, ?2, ?3)
                on conflict (event_id) do nothing""")
                .setParameter(1, eventId)
                .setParameter(2, type)
                .setParameter(3, Instant.now())
                .executeUpdate() == 1;
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode event = json.readTree(body);
            if (event == null || !event.isObject()) {
                throw invalidEvent("not a JSON object");
            }
            return event;
        } catch (IOException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "The request body is not valid JSON");
        }
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

    private static ApiException invalidEvent(String why) {
        return ApiException.badRequest("INVALID_EVENT", "Not a Razorpay event we understand: " + why);
    }
}
