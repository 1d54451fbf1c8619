package app.banter.payment.razorpay;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Razorpay's JSON shapes, with only the fields we use. Razorpay adds fields over time, so unknown ones are ignored
 * here (unlike in our own API, which refuses them).
 */
public final class RazorpayModel {

    private RazorpayModel() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateOrder(long amount, String currency, String receipt, Map<String, String> notes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Order(String id, long amount, String currency, String receipt, String status) {
    }

    /**
     * {@code status} is "captured" while a captured payment keeps some of its money (also when partly refunded), and
     * "refunded" once refunded in full, whether it was captured first or not (a late authorisation Razorpay refunds
     * without capturing it). {@code amountRefunded}: all refunded of it so far, in paise; absent from some events.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Payment(String id, long amount, String currency, String status,
            @JsonProperty("order_id") String orderId, @JsonProperty("invoice_id") String invoiceId,
            @JsonProperty("amount_refunded") Long amountRefunded) {

        public boolean isCaptured() {
            return "captured".equals(status);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PaymentCollection(int count, List<Payment> items) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateSubscription(@JsonProperty("plan_id") String planId,
            @JsonProperty("total_count") int totalCount, @JsonProperty("customer_notify") int customerNotify,
            Map<String, String> notes) {
    }

    /**
     * POST /v1/subscriptions/{id}/cancel. cancel_at_cycle_end 1: Razorpay stops renewing and cancels at the end of
     * the current billing cycle (the status stays as it is until then); 0 cancels at once (the answer's status is
     * cancelled).
     */
    public record CancelSubscription(@JsonProperty("cancel_at_cycle_end") int cancelAtCycleEnd) {

        public static CancelSubscription atCycleEnd() {
            return new CancelSubscription(1);
        }

        public static CancelSubscription now() {
            return new CancelSubscription(0);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Subscription(String id, @JsonProperty("plan_id") String planId, String status,
            @JsonProperty("short_url") String shortUrl, @JsonProperty("current_end") Long currentEnd) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Refund(String id, long amount, String currency, @JsonProperty("payment_id") String paymentId) {
    }

    // Refunds an operator starts (issue 16)

    /** No amount: Razorpay refunds the whole payment, whatever was actually paid. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateRefund(String speed, String receipt, Map<String, String> notes) {
    }
}
