package app.banter.payout;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import app.banter.payout.razorpayx.RazorpayXGateway;
import app.banter.payout.razorpayx.RazorpayXModel;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Finishes what webhooks and requests left: a PENDING payout whose request died before RazorpayX had it is taken
 * through the remaining steps, and a payout RazorpayX has but has not told us the end of is fetched (GET
 * /v1/payouts/{id}) and its status applied as a webhook's would be. A processed payout is fetched too, once a
 * reversal-check-every for a reversal-window after processing, so that a reversal whose webhook was lost still gives
 * the coins back; payouts not final come first. Runs on every pod; payouts are claimed one at a time with a lease
 * under FOR UPDATE SKIP LOCKED, so no two pods work on one at once, and RazorpayX is asked outside any transaction.
 */
@ApplicationScoped
public class PayoutReconciler {

    private static final Logger LOG = Logger.getLogger(PayoutReconciler.class);

    private final PayoutRepository payouts;
    private final PayoutSubmission submission;
    private final PayoutTransitions transitions;
    private final RazorpayXGateway razorpayx;
    private final PayoutConfig config;

    PayoutReconciler(PayoutRepository payouts, PayoutSubmission submission, PayoutTransitions transitions,
            RazorpayXGateway razorpayx, PayoutConfig config) {
        this.payouts = payouts;
        this.submission = submission;
        this.transitions = transitions;
        this.razorpayx = razorpayx;
        this.config = config;
    }

    @Scheduled(every = "{banter.payouts.reconciler.interval}", delayed = "{banter.payouts.reconciler.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        reconcile();
    }

    /**
     * One pass over the payouts due, at most batch-size of them; returns how many it looked at. Each is claimed just
     * before it is worked on, for retry-every: a lease taken for a whole batch at once ran out on the payouts at its
     * end while RazorpayX was slow with the first ones (three calls of up to its timeout each), and another pod's pass
     * or a retried request then submitted them at the same time as this one.
     */
    public int reconcile() {
        PayoutConfig.Reconciler tuning = config.reconciler();
        int looked = 0;
        while (looked < tuning.batchSize()) {
            Instant now = Instant.now();
            Optional<UUID> next = QuarkusTransaction.requiringNew()
                    .call(() -> payouts.claimNextUnsettled(now, now.plus(tuning.retryEvery()))
                            .or(() -> payouts.claimNextReversalCheck(now, now.plus(tuning.reversalCheckEvery()))));
            if (next.isEmpty()) {
                break;
            }
            looked++;
            UUID payoutId = next.get();
            try {
                reconcile(payoutId);
            } catch (RazorpayXGateway.Unavailable | RazorpayXGateway.Refused e) {
                // The lease brings it back on a later pass (a processed payout at its next check).
                LOG.debugf("Payout %s not reconciled: %s", payoutId, e.getMessage());
            } catch (RuntimeException e) {
                // One bad payout must not stop the others; it comes back when the lease ends.
                LOG.warnf(e, "Payout %s could not be reconciled", payoutId);
            }
        }
        return looked;
    }

    private void reconcile(UUID payoutId) {
        Payout payout = QuarkusTransaction.requiringNew().call(() -> payouts.findById(payoutId));
        if (payout.status == Payout.Status.PENDING) {
            submission.submit(payoutId);
            return;
        }
        boolean mayHaveMoved = payout.status == Payout.Status.PROCESSING || payout.status == Payout.Status.PROCESSED;
        if (!mayHaveMoved || payout.razorpayPayoutId == null) {
            return;
        }
        RazorpayXModel.Payout fetched = razorpayx.payout(payout.razorpayPayoutId);
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> payouts.lock(payoutId).ifPresent(
                locked -> transitions.apply(locked, fetched.status(), now, fetched.reason(), now)));
    }
}
