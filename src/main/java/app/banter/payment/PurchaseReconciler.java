package app.banter.payment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import app.banter.payment.razorpay.RazorpayGateway;
import app.banter.payment.razorpay.RazorpayModel.Payment;
import app.banter.platform.error.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Settles orders whose webhook never came and whose app never called verify: asks Razorpay for the order's
 * payments. Runs on every pod; rows are claimed with a lease under FOR UPDATE SKIP LOCKED, so pods never ask about
 * the same order at once, and Razorpay is asked outside any transaction.
 */
@ApplicationScoped
public class PurchaseReconciler {

    private static final Logger LOG = Logger.getLogger(PurchaseReconciler.class);

    private final PurchaseRepository purchases;
    private final RazorpayGateway razorpay;
    private final PaymentSettlement settlement;
    private final PaymentConfig config;

    PurchaseReconciler(PurchaseRepository purchases, RazorpayGateway razorpay, PaymentSettlement settlement,
            PaymentConfig config) {
        this.purchases = purchases;
        this.razorpay = razorpay;
        this.settlement = settlement;
        this.config = config;
    }

    @Scheduled(every = "{banter.payments.reconciler.interval}", delayed = "{banter.payments.reconciler.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        reconcile();
    }

    /** One pass over due purchases; returns how many it settled. */
    public int reconcile() {
        PaymentConfig.Reconciler tuning = config.reconciler();
        Instant now = Instant.now();
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> purchases.claimUnsettled(now,
                now.plus(tuning.retryEvery()), now.minus(tuning.giveUpAfter()), tuning.batchSize()));
        int settled = 0;
        for (UUID purchaseId : due) {
            try {
                settled += reconcile(purchaseId) ? 1 : 0;
            } catch (ApiException e) {
                // Razorpay unreachable: the lease brings this purchase back on a later pass.
                LOG.debugf("Purchase %s not reconciled: %s", purchaseId, e.code());
            }
        }
        return settled;
    }

    private boolean reconcile(UUID purchaseId) {
        String orderId = QuarkusTransaction.requiringNew().call(() -> purchases.findById(purchaseId).razorpayOrderId);
        List<Payment> payments = razorpay.paymentsOf(orderId).items();
        Payment captured = payments == null ? null
                : payments.stream().filter(Payment::isCaptured).findFirst().orElse(null);
        if (captured == null) {
            return false;
        }
        Purchase purchase = settlement.settleCaptured(orderId, captured.id(), captured.amount(), captured.currency());
        return purchase.status == Purchase.Status.PAID;
    }
}
