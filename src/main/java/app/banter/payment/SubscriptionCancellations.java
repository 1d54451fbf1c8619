package app.banter.payment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import app.banter.payment.razorpay.RazorpayGateway;
import app.banter.payment.razorpay.RazorpayModel.Subscription;
import app.banter.platform.error.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Cancels at Razorpay, at once, the plans of accounts that were deleted or banned ({@link SubscriptionService} marks
 * them in that transaction and asks once after its commit). Whatever that ask did not settle is asked again here, on
 * every pod: due rows are claimed with a lease under FOR UPDATE SKIP LOCKED, so pods never ask about the same plan at
 * once, and Razorpay is asked outside any transaction. It keeps asking until Razorpay answers: every month it does
 * not is a charge nobody can use.
 */
@ApplicationScoped
public class SubscriptionCancellations {

    private static final Logger LOG = Logger.getLogger(SubscriptionCancellations.class);

    private final PremiumSubscriptionRepository subscriptions;
    private final RazorpayGateway razorpay;
    private final PaymentConfig config;

    SubscriptionCancellations(PremiumSubscriptionRepository subscriptions, RazorpayGateway razorpay,
            PaymentConfig config) {
        this.subscriptions = subscriptions;
        this.razorpay = razorpay;
        this.config = config;
    }

    @Scheduled(every = "{banter.payments.reconciler.interval}", delayed = "{banter.payments.reconciler.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        cancelDue(Instant.now());
    }

    /** One pass over the cancellations due by {@code now}; returns how many Razorpay settled. */
    public int cancelDue(Instant now) {
        PaymentConfig.Reconciler tuning = config.reconciler();
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> subscriptions.claimDueCancellations(now,
                now.plus(tuning.retryEvery()), tuning.batchSize()));
        int settled = 0;
        for (UUID subscriptionId : due) {
            settled += cancelQuietly(subscriptionId) ? 1 : 0;
        }
        return settled;
    }

    /**
     * Asks Razorpay to cancel the plan at once. Settled when Razorpay answers with the plan ended, or refuses because
     * it can no longer be cancelled (it ended before we asked; its webhook tells the rest). An outage, or an answer
     * that leaves the plan running, leaves it due: the lease brings it back. Never throws, so that one plan does not
     * stop the others, nor the deletion or ban that commits before it.
     */
    boolean cancelQuietly(UUID subscriptionId) {
        String razorpayId = null;
        try {
            razorpayId = QuarkusTransaction.requiringNew().call(
                    () -> subscriptions.findById(subscriptionId).razorpaySubscriptionId);
            if (!isSettled(razorpayId)) {
                return false;
            }
            QuarkusTransaction.requiringNew().run(() -> {
                PremiumSubscription subscription = subscriptions.findById(subscriptionId,
                        LockModeType.PESSIMISTIC_WRITE);
                subscription.cancelDueAt = null;
                subscription.updatedAt = Instant.now();
            });
            return true;
        } catch (RuntimeException e) {
            LOG.warnf(e, "Subscription %s (%s) of a closed account not cancelled; asked again when its lease ends",
                    subscriptionId, razorpayId);
            return false;
        }
    }

    private boolean isSettled(String razorpayId) {
        try {
            Subscription answer = razorpay.cancelSubscriptionNow(razorpayId);
            if (answer != null && SubscriptionService.isFinal(answer.status())) {
                return true;
            }
            LOG.warnf("Razorpay answered the cancellation of subscription %s with status %s; asked again", razorpayId,
                    answer == null ? null : answer.status());
            return false;
        } catch (ApiException e) {
            if ("SUBSCRIPTION_NOT_CANCELLABLE".equals(e.code())) {
                return true;
            }
            // Razorpay unreachable (logged by the gateway): the lease brings this plan back on a later pass.
            return false;
        }
    }
}
