package app.banter.payment;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import app.banter.testsupport.RazorpayStandIn;
import io.restassured.response.ValidatableResponse;

/** Webhook deliveries built in Razorpay's event shapes and signed the way Razorpay signs them. */
final class RazorpayWebhooks {

    private RazorpayWebhooks() {
    }

    static ValidatableResponse deliver(String body) {
        return deliver(body, "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14));
    }

    /** Hex HMAC-SHA256 of the raw body with the webhook secret, in X-Razorpay-Signature. */
    static ValidatableResponse deliver(String body, String eventId) {
        return given().contentType("application/json").header("x-razorpay-event-id", eventId)
                .header("X-Razorpay-Signature", sign(body, RazorpayStandIn.WEBHOOK_SECRET))
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/webhooks/razorpay").then();
    }

    static String sign(String body, String secret) {
        try {
            return com.razorpay.Utils.getHash(body, secret);
        } catch (com.razorpay.RazorpayException e) {
            throw new IllegalStateException(e);
        }
    }

    static String paymentEvent(String event, String orderId, String paymentId, long amount, String currency,
            String status) {
        return """
                {"entity": "event", "account_id": "acc_BanterTest0001", "event": "%s", "contains": ["payment"],
                 "payload": {"payment": {"entity": {"id": "%s", "entity": "payment", "amount": %d,
                   "currency": "%s", "status": "%s", "order_id": "%s", "invoice_id": null, "international": false,
                   "method": "upi", "amount_refunded": 0, "refund_status": null, "captured": %s,
                   "description": "Coins", "card_id": null, "bank": null, "wallet": null, "vpa": "user@upi",
                   "email": "void@razorpay.com", "contact": "+919000000000", "notes": {}, "fee": 98, "tax": 15,
                   "error_code": null, "error_description": null, "created_at": 1795440100}}},
                 "created_at": 1795440101}""".formatted(event, paymentId, amount, currency, status, orderId,
                "captured".equals(status));
    }

    static String captured(String orderId, String paymentId, long amount) {
        return paymentEvent("payment.captured", orderId, paymentId, amount, "INR", "captured");
    }

    static String orderPaid(String orderId, String paymentId, long amount) {
        return """
                {"entity": "event", "account_id": "acc_BanterTest0001", "event": "order.paid",
                 "contains": ["payment", "order"],
                 "payload": {"payment": {"entity": {"id": "%s", "entity": "payment", "amount": %d, "currency": "INR",
                   "status": "captured", "order_id": "%s", "invoice_id": null, "method": "card", "captured": true,
                   "created_at": 1795440100}},
                  "order": {"entity": {"id": "%s", "entity": "order", "amount": %d, "amount_paid": %d,
                   "amount_due": 0, "currency": "INR", "status": "paid", "attempts": 1, "created_at": 1795440000}}},
                 "created_at": 1795440101}""".formatted(paymentId, amount, orderId, orderId, amount, amount);
    }

    static String refundProcessed(String refundId, String paymentId, long amount) {
        return """
                {"entity": "event", "account_id": "acc_BanterTest0001", "event": "refund.processed",
                 "contains": ["refund", "payment"],
                 "payload": {"refund": {"entity": {"id": "%s", "entity": "refund", "amount": %d, "currency": "INR",
                   "payment_id": "%s", "notes": {}, "receipt": null, "status": "processed",
                   "speed_processed": "normal", "created_at": 1795440200}}},
                 "created_at": 1795440201}""".formatted(refundId, amount, paymentId);
    }

    /** With the refunded payment beside the refund, as Razorpay sends it; {@code invoiceId} null for an order's. */
    static String refundProcessed(String refundId, String paymentId, long amount, String orderId, String invoiceId) {
        return refundProcessed(refundId, paymentId, amount, orderId, invoiceId, amount, amount, true);
    }

    /**
     * A refund of {@code amount} paise of an order's payment of {@code paymentAmount}, with the payment beside it as
     * Razorpay reports it after the refund: {@code amountRefunded} in all, status "refunded" once that is all of it
     * ("captured" before, if it was), {@code captured} false for a late authorisation Razorpay refunded itself.
     */
    static String refundOfOrderPayment(String refundId, String paymentId, long amount, String orderId,
            long paymentAmount, long amountRefunded, boolean captured) {
        return refundProcessed(refundId, paymentId, amount, orderId, null, paymentAmount, amountRefunded, captured);
    }

    private static String refundProcessed(String refundId, String paymentId, long amount, String orderId,
            String invoiceId, long paymentAmount, long amountRefunded, boolean captured) {
        boolean full = amountRefunded == paymentAmount;
        return """
                {"entity": "event", "account_id": "acc_BanterTest0001", "event": "refund.processed",
                 "contains": ["refund", "payment"],
                 "payload": {"refund": {"entity": {"id": "%s", "entity": "refund", "amount": %d, "currency": "INR",
                   "payment_id": "%s", "notes": {}, "receipt": null, "acquirer_data": {"arn": null},
                   "created_at": 1795440200, "batch_id": null, "status": "processed", "speed_processed": "normal",
                   "speed_requested": "normal"}},
                  "payment": {"entity": {"id": "%s", "entity": "payment", "amount": %d, "currency": "INR",
                   "status": "%s", "order_id": "%s", "invoice_id": %s, "international": false,
                   "method": "upi", "amount_refunded": %d, "refund_status": "%s", "captured": %s,
                   "description": null, "vpa": "user@upi", "email": "void@razorpay.com",
                   "contact": "+919000000000", "notes": {}, "fee": 98, "tax": 15, "error_code": null,
                   "error_description": null, "created_at": 1795440100}}},
                 "created_at": 1795440201}""".formatted(refundId, amount, paymentId, paymentId, paymentAmount,
                full || !captured ? "refunded" : "captured", orderId,
                invoiceId == null ? "null" : "\"" + invoiceId + "\"", amountRefunded, full ? "full" : "partial",
                captured);
    }

    static String subscriptionEvent(String event, String subscriptionId, String status, long currentEnd) {
        return subscriptionEvent(event, subscriptionId, status, currentEnd, 1795440300);
    }

    /** {@code createdAt}: the event's own time, by which Razorpay's out-of-order deliveries are judged. */
    static String subscriptionEvent(String event, String subscriptionId, String status, long currentEnd,
            long createdAt) {
        return """
                {"entity": "event", "account_id": "acc_BanterTest0001", "event": "%s", "contains": ["subscription"],
                 "payload": {"subscription": {"entity": {"id": "%s", "entity": "subscription",
                   "plan_id": "plan_monthly_local", "status": "%s", "current_start": %d, "current_end": %d,
                   "quantity": 1, "total_count": 120, "paid_count": 1, "remaining_count": 119}}},
                 "created_at": %d}""".formatted(event, subscriptionId, status, currentEnd - 2_592_000,
                currentEnd, createdAt);
    }

    /**
     * subscription.charged as Razorpay sends it for a renewal: the subscription and, beside it, the captured payment
     * of the cycle's invoice (its order and invoice are Razorpay's own).
     */
    static String subscriptionCharged(String subscriptionId, String paymentId, long amount, long currentEnd,
            long createdAt) {
        String suffix = paymentId.substring(4);
        return """
                {"entity": "event", "account_id": "acc_BanterTest0001", "event": "subscription.charged",
                 "contains": ["subscription", "payment"],
                 "payload": {"subscription": {"entity": {"id": "%s", "entity": "subscription",
                   "plan_id": "plan_monthly_local", "customer_id": "cust_BanterTest0001", "status": "active",
                   "current_start": %d, "current_end": %d, "ended_at": null, "quantity": 1, "notes": {},
                   "charge_at": %d, "total_count": 120, "paid_count": 2, "remaining_count": 118}},
                  "payment": {"entity": {"id": "%s", "entity": "payment", "amount": %d, "currency": "INR",
                   "status": "captured", "order_id": "order_%s", "invoice_id": "inv_%s", "international": false,
                   "method": "upi", "amount_refunded": 0, "refund_status": null, "captured": true,
                   "description": "Recurring payment", "vpa": "user@upi", "email": "void@razorpay.com",
                   "contact": "+919000000000", "notes": [], "fee": 198, "tax": 30, "error_code": null,
                   "error_description": null, "created_at": %d}}},
                 "created_at": %d}""".formatted(subscriptionId, currentEnd - 2_592_000, currentEnd, currentEnd,
                paymentId, amount, suffix, suffix, createdAt, createdAt);
    }

    static String paymentId() {
        return "pay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    }
}
