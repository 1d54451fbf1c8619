package app.banter.payout;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import app.banter.payment.PaymentAnomalies;
import app.banter.wallet.Accounts;
import app.banter.wallet.Ledger;
import app.banter.wallet.SystemAccounts;
import app.banter.wallet.TransferKind;

/**
 * What RazorpayX says about a payout, applied to ours and to the ledger: the one place the webhook, the request and
 * the reconciler change a payout's status. Runs in the caller's transaction with the payout row locked.
 *
 * <p>
 * States only move forward, whatever order RazorpayX's words arrive in (RazorpayX says its webhooks may come out of
 * order, and that processed and reversed are final): PENDING, then PROCESSING (queued, pending approval,
 * processing), then one of PROCESSED, FAILED (failed, rejected, cancelled) or REVERSED. Only a reversal follows
 * PROCESSED. A late queued or processing after a final state changes nothing; a processed after FAILED is recorded
 * for a person (the coins went back and cannot be captured).
 *
 * <p>
 * Money: processed captures the hold in full to payout clearing; failed, rejected and cancelled release it; reversed
 * after processed moves the coins back from payout clearing to the earnings (once: the transfer's key names the
 * payout), and reversed before we learnt of processing releases the hold. Each is one ledger operation, keyed by the
 * payout, so a second delivery of the same word moves nothing twice even past the status check.
 *
 * <p>
 * A processed payout is asked about again for a while ({@link PayoutReconciler}), so that a reversal whose webhook was
 * lost is learnt all the same and applied here like the webhook's.
 */
@ApplicationScoped
public class PayoutTransitions {

    private final Ledger ledger;
    private final Accounts accounts;
    private final PayoutConfig config;
    private final Event<PayoutSettled> settled;
    private final PaymentAnomalies anomalies;

    PayoutTransitions(Ledger ledger, Accounts accounts, PayoutConfig config, Event<PayoutSettled> settled,
            PaymentAnomalies anomalies) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.config = config;
        this.settled = settled;
        this.anomalies = anomalies;
    }

    /** Applies RazorpayX's {@code providerStatus}, said at {@code at}; false when it changes nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean apply(Payout payout, String providerStatus, Instant at, String reason, Instant now) {
        Payout.Status next = switch (providerStatus == null ? "" : providerStatus) {
            case "queued", "pending", "processing" -> payout.status == Payout.Status.PENDING
                    ? Payout.Status.PROCESSING : null;
            case "processed" -> {
                if (payout.status == Payout.Status.FAILED) {
                    recordPaidOutAfterFailure(payout);
                }
                yield payout.status.isFinal() ? null : capture(payout);
            }
            case "failed", "rejected", "cancelled" -> payout.status.isFinal() ? null : release(payout, Payout.Status.FAILED);
            case "reversed" -> reverse(payout);
            default -> null;
        };
        if (next == null) {
            return false;
        }
        payout.status = next;
        payout.providerStatus = providerStatus;
        payout.providerStatusAt = at;
        if (next == Payout.Status.FAILED || next == Payout.Status.REVERSED) {
            payout.failureReason = shorten(reason);
        }
        payout.updatedAt = now;
        if (next == Payout.Status.PROCESSED) {
            // The bank may still return it, and RazorpayX's word of that may never reach us: the reconciler asks.
            PayoutConfig.Reconciler tuning = config.reconciler();
            payout.reversalChecksUntil = now.plus(tuning.reversalWindow());
            payout.reversalCheckAt = now.plus(tuning.reversalCheckEvery());
        } else {
            payout.reversalCheckAt = null;
        }
        if (next.isFinal()) {
            payout.forgetDestination();
            settled.fire(new PayoutSettled(payout.userId, payout.id, next, payout.coins));
        } else {
            payout.reconcileAfter = now.plus(config.reconciler().checkAfter());
        }
        return true;
    }

    /** RazorpayX refused the payout itself (a 4xx): it never existed there, so the coins go back. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean refuse(Payout payout, String reason, Instant now) {
        if (payout.status != Payout.Status.PENDING) {
            return false;
        }
        payout.status = release(payout, Payout.Status.FAILED);
        payout.failureReason = shorten(reason);
        payout.updatedAt = now;
        // Refused before RazorpayX kept a fund account: nothing will need the destination in clear again.
        payout.forgetDestination();
        settled.fire(new PayoutSettled(payout.userId, payout.id, payout.status, payout.coins));
        return true;
    }

    private Payout.Status capture(Payout payout) {
        ledger.captureHold("payout:" + payout.id + ":capture", payout.holdId, payout.coins,
                SystemAccounts.PAYOUT_CLEARING, TransferKind.PAYOUT);
        return Payout.Status.PROCESSED;
    }

    /**
     * RazorpayX says it paid a payout that failed here: its coins went back to the earnings and may be spent, so there
     * is nothing to capture. A person decides (payment anomalies, operator API); the status stays. (A late processed
     * after a reversal is only out of order, and after processed a repeat.) Names no destination.
     */
    private void recordPaidOutAfterFailure(Payout payout) {
        anomalies.record(null, payout.razorpayPayoutId, PaymentAnomalies.Kind.PAID_OUT_AFTER_FAILURE,
                "RazorpayX processed payout " + payout.id + " of user " + payout.userId + " (" + payout.coins
                        + " coins, " + payout.amountPaise + " paise) after it had failed here and its coins had gone "
                        + "back to the earnings");
    }

    private Payout.Status release(Payout payout, Payout.Status status) {
        ledger.releaseHold(payout.holdId);
        return status;
    }

    private Payout.Status reverse(Payout payout) {
        return switch (payout.status) {
            case PROCESSED -> {
                ledger.transfer("payout:" + payout.id + ":reversal", SystemAccounts.PAYOUT_CLEARING,
                        accounts.earnings(payout.userId), payout.coins, TransferKind.PAYOUT_REVERSAL,
                        "payout:" + payout.id);
                yield Payout.Status.REVERSED;
            }
            case PENDING, PROCESSING -> release(payout, Payout.Status.REVERSED);
            case FAILED, REVERSED -> null;
        };
    }

    private static String shorten(String reason) {
        if (reason == null) {
            return null;
        }
        return reason.length() <= 200 ? reason : reason.substring(0, 200);
    }
}
