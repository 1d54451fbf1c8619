package app.banter.payment;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/** Money events that did not add up, recorded for review in the transaction that found them. */
@ApplicationScoped
public class PaymentAnomalies {

    public enum Kind {
        AMOUNT_MISMATCH,
        CURRENCY_MISMATCH,
        SECOND_PAYMENT,
        REFUND_SHORTFALL,
        /** A refund of a payment no purchase holds: a second payment's, a subscription invoice's. */
        UNMATCHED_REFUND,
        /**
         * A payment refunded in part, still captured, whose capture never reached its purchase before the reconciler
         * stopped asking: the buyer paid the rest and holds no coins for it, unless a late capture credits them.
         */
        CAPTURED_NOT_SETTLED,
        /** A subscription charged after the member's account was deleted or banned: no premium given; refund it. */
        CHARGE_AFTER_ACCOUNT_CLOSED,
        /**
         * A payout RazorpayX processed after it had failed here (its coins back in the earnings): the payment id is
         * RazorpayX's payout id, and there is no purchase.
         */
        PAID_OUT_AFTER_FAILURE,
        /**
         * A second payout RazorpayX made under the reference of one of ours it had already paid as another: the
         * payment id is the second payout's id, and there is no purchase.
         */
        SECOND_PAYOUT
    }

    private static final Logger LOG = Logger.getLogger(PaymentAnomalies.class);

    private final PaymentAnomalyStore store;

    PaymentAnomalies(PaymentAnomalyStore store) {
        this.store = store;
    }

    /** Recorded once per payment, kind and details, however many of Razorpay's events tell of it. */
    public void record(UUID purchaseId, String paymentId, Kind kind, String details) {
        if (store.insert(purchaseId, paymentId, kind, details)) {
            // Some anomalies concern no purchase (a payout paid after it failed here, a charge after an account closed).
            LOG.warnf("Payment anomaly %s%s: %s", kind, purchaseId == null ? "" : " on purchase " + purchaseId, details);
        }
    }

    /** The purchase whose order this payment paid a second time, if it did. */
    Optional<UUID> purchasePaidAgainBy(String paymentId) {
        return store.purchaseOf(paymentId, Kind.SECOND_PAYMENT);
    }
}
