package app.banter.payment;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import app.banter.payment.PaymentAnomalies.Kind;
import app.banter.payment.razorpay.RazorpayModel.Payment;
import app.banter.platform.error.ApiException;

/**
 * The one place where a payment turns into coins. Checkout verification, webhooks and the reconciler all come here;
 * the purchase row is locked first, so whichever arrives first credits and the others find the purchase settled.
 * The ledger's idempotency key (the purchase id) is the second guard.
 */
@ApplicationScoped
public class PaymentSettlement {

    private final PurchaseRepository purchases;
    private final CoinCredits coins;
    private final PaymentAnomalies anomalies;
    private final Event<CoinsPurchased> coinsPurchased;
    private final Event<PurchaseRefunded> purchaseRefunded;
    private final PaymentConfig config;

    PaymentSettlement(PurchaseRepository purchases, CoinCredits coins, PaymentAnomalies anomalies,
            Event<CoinsPurchased> coinsPurchased, Event<PurchaseRefunded> purchaseRefunded, PaymentConfig config) {
        this.purchases = purchases;
        this.coins = coins;
        this.anomalies = anomalies;
        this.coinsPurchased = coinsPurchased;
        this.purchaseRefunded = purchaseRefunded;
        this.config = config;
    }

    /** A checkout signature binds the payment to our order, whose amount and currency it therefore paid. */
    @Transactional
    public Purchase settleVerifiedCheckout(UUID userId, String orderId, String paymentId) {
        Purchase purchase = purchases.lockByOrderId(orderId).filter(p -> p.userId.equals(userId))
                .orElseThrow(() -> ApiException.notFound("Order"));
        settle(purchase, paymentId, purchase.amountPaise, purchase.currency);
        return purchase;
    }

    /** A captured payment reported by Razorpay (webhook or the reconciler's question). */
    @Transactional
    public Purchase settleCaptured(String orderId, String paymentId, long amountPaise, String currency) {
        Purchase purchase = purchases.lockByOrderId(orderId).orElseThrow(() -> ApiException.notFound("Order"));
        settle(purchase, paymentId, amountPaise, currency);
        return purchase;
    }

    /** payment.failed: the order stays payable by another attempt until settled, but we note the failure. */
    @Transactional
    public void markFailed(String orderId) {
        Purchase purchase = purchases.lockByOrderId(orderId).orElseThrow(() -> ApiException.notFound("Order"));
        if (purchase.status == Purchase.Status.CREATED || purchase.status == Purchase.Status.PENDING) {
            purchase.status = Purchase.Status.FAILED;
            purchase.updatedAt = Instant.now();
        }
    }

    /**
     * refund.processed: takes back the refunded share of the coins, as far as they are still available; what was
     * held or already spent is recorded as a shortfall. Refunds of one payment add up and never claim more than was
     * bought. A refund of a payment no purchase holds changes no coins and is recorded; false then. {@code refunded}:
     * the refunded payment as Razorpay reports it after the refund, when its event carries it (else null).
     */
    @Transactional
    public boolean refund(String paymentId, String refundId, long refundPaise, Payment refunded) {
        String orderId = refunded == null ? null : refunded.orderId();
        // By the order too: the capture may have settled the purchase since the payment was looked for.
        Purchase purchase = purchases.lockByPaymentId(paymentId)
                .or(() -> orderId == null ? Optional.empty() : purchases.lockByOrderId(orderId)).orElse(null);
        if (purchase != null && purchase.razorpayPaymentId == null) {
            refundBeforeSettlement(purchase, paymentId, refundId, refundPaise, refunded);
            return false;
        }
        if (purchase == null || !paymentId.equals(purchase.razorpayPaymentId)) {
            recordUnmatchedRefund(paymentId, refundId, refundPaise, refunded == null ? null : refunded.invoiceId());
            return false;
        }
        if (!purchases.recordRefund(refundId, purchase.id, paymentId, refundPaise)) {
            return true;
        }
        if (purchase.status == Purchase.Status.REVIEW) {
            refundInReview(purchase, refundPaise);
            return true;
        }
        long refundedPaise = Math.min(purchase.paid(), purchase.refundedPaise + refundPaise);
        long claimTotal = purchase.coinsRefundedFor(refundedPaise);
        long claimNow = claimTotal - purchase.refundedCoins;
        purchase.refundedPaise = refundedPaise;
        purchase.refundedCoins = claimTotal;
        purchase.status = refundedPaise == purchase.paid() ? Purchase.Status.REFUNDED : purchase.status;
        purchase.updatedAt = Instant.now();
        if (claimNow > 0) {
            CoinCredits.TakenBack back = coins.takeBack(purchase.userId, claimNow, "refund:" + refundId, purchase.id);
            if (back.taken() < claimNow) {
                // Held coins are not spent yet: what their hold releases (a call ending early) goes back to the buyer.
                anomalies.record(purchase.id, paymentId, Kind.REFUND_SHORTFALL, "refund " + refundId + ": "
                        + (claimNow - back.taken()) + " of " + claimNow + " coins not taken back: " + back.held()
                        + " held (reserved by a running call or another hold; what it releases stays with the buyer), "
                        + back.spent() + " already spent");
            }
        }
        purchaseRefunded.fire(new PurchaseRefunded(purchase.id, purchase.userId, refundId, refundPaise,
                purchase.status == Purchase.Status.REFUNDED));
        return true;
    }

    /**
     * A refund of a payment whose capture has not reached its purchase yet (webhooks come in any order, and verify may
     * never come). While the payment can still settle the purchase (Razorpay reports it captured, and the reconciler
     * still asks about the order) the refund is refused, changing nothing, so that Razorpay delivers it again after
     * the capture credited. Otherwise refusing would never end: Razorpay retries for a day and then disables the
     * webhook, every purchase's events with it. So a refund of a payment refunded in full (a late authorisation
     * Razorpay refunded without capturing it, or a captured payment refunded before its capture reached us) or of an
     * order the reconciler gave up on is acknowledged and kept against its payment: a capture of that payment learnt
     * later (a late webhook, verify) credits only the coins of what is still paid, and another payment of the order
     * owes nothing for it. A payment still captured past the reconciler's window kept money for which no coins were
     * credited: that is for a person.
     */
    private void refundBeforeSettlement(Purchase purchase, String paymentId, String refundId, long refundPaise,
            Payment refunded) {
        boolean reconcilerAsks = purchase.createdAt.isAfter(Instant.now().minus(config.reconciler().giveUpAfter()));
        if (refunded.isCaptured() && reconcilerAsks) {
            throw ApiException.conflict("PAYMENT_NOT_SETTLED",
                    "The refunded payment's capture has not been received yet");
        }
        if (purchases.recordRefund(refundId, purchase.id, paymentId, refundPaise) && refunded.isCaptured()) {
            anomalies.record(purchase.id, paymentId, Kind.CAPTURED_NOT_SETTLED, "refund " + refundId + " of "
                    + refundPaise + " paise of a payment of " + refunded.amount() + " paise still captured ("
                    + (refunded.amountRefunded() == null ? "unknown" : refunded.amountRefunded() + " paise")
                    + " refunded in all), whose capture never reached the purchase; no coins credited for it");
        }
    }

    /**
     * Acknowledged rather than refused: Razorpay retries a failing webhook for a day and then disables it, purchases'
     * events with it. A subscription invoice's refund leaves premium time as it is: the plan follows Razorpay's
     * subscription events, and what a refunded period is worth is for a person to decide.
     */
    private void recordUnmatchedRefund(String paymentId, String refundId, long refundPaise, String invoiceId) {
        UUID paidAgain = anomalies.purchasePaidAgainBy(paymentId).orElse(null);
        String payment = paidAgain != null ? "a second payment for the order of this purchase"
                : invoiceId != null ? "the payment of subscription invoice " + invoiceId + "; premium time unchanged"
                        : "a payment no purchase holds";
        anomalies.record(paidAgain, paymentId, Kind.UNMATCHED_REFUND,
                "refund " + refundId + " of " + refundPaise + " paise, of " + payment);
    }

    /**
     * A purchase in REVIEW was never credited, so no coins come back; the refund is counted so that an operator cannot
     * credit a payment Razorpay returned in full. Refunded in full, it ends as REFUNDED with nothing owed back, as an
     * operator's refund leaves it.
     */
    private void refundInReview(Purchase purchase, long refundPaise) {
        purchase.refundedPaise = Math.min(purchase.paidAmount, purchase.refundedPaise + refundPaise);
        if (purchase.refundedPaise == purchase.paidAmount) {
            purchase.status = Purchase.Status.REFUNDED;
            purchase.refundedCoins = purchase.coins;
        }
        purchase.updatedAt = Instant.now();
    }

    private void settle(Purchase purchase, String paymentId, long amountPaise, String currency) {
        if (purchase.isSettled()) {
            if (!paymentId.equals(purchase.razorpayPaymentId)) {
                anomalies.record(purchase.id, paymentId, Kind.SECOND_PAYMENT,
                        "order already settled by " + purchase.razorpayPaymentId);
            }
            return;
        }
        Instant now = Instant.now();
        purchase.razorpayPaymentId = paymentId;
        purchase.paidAmount = amountPaise;
        purchase.updatedAt = now;
        // Refunds of this payment that Razorpay reported before its capture reached us (refundBeforeSettlement).
        long refundedEarlier = purchases.refundedOf(purchase.id, paymentId);
        if (amountPaise != purchase.amountPaise || !purchase.currency.equals(currency)) {
            purchase.status = Purchase.Status.REVIEW;
            anomalies.record(purchase.id, paymentId,
                    amountPaise != purchase.amountPaise ? Kind.AMOUNT_MISMATCH : Kind.CURRENCY_MISMATCH,
                    "paid " + amountPaise + " " + currency + " for an order of " + purchase.amountPaise + " "
                            + purchase.currency);
            if (refundedEarlier > 0) {
                refundInReview(purchase, refundedEarlier);
            }
            return;
        }
        purchase.refundedPaise = Math.min(amountPaise, refundedEarlier);
        purchase.refundedCoins = purchase.coinsRefundedFor(purchase.refundedPaise);
        purchase.status = purchase.refundedPaise == amountPaise ? Purchase.Status.REFUNDED : Purchase.Status.PAID;
        purchase.paidAt = now;
        long credited = purchase.coins - purchase.refundedCoins;
        if (credited > 0) {
            coins.credit(purchase.userId, credited, purchase.id);
            coinsPurchased.fire(new CoinsPurchased(purchase.id, purchase.userId, credited, purchase.amountPaise, now));
        }
    }

    // Operator resolutions of purchases in REVIEW (issue 16)

    /**
     * A person looked at a purchase in REVIEW and accepts it: it is credited by the same keyed ledger transfer as any
     * settlement, less the coins of what Razorpay refunded while it waited, and counts as a purchase for whatever
     * follows one (referral rewards). The caller holds the purchase's row lock. Returns the coins credited.
     */
    long creditReviewed(Purchase locked) {
        if (locked.status != Purchase.Status.REVIEW) {
            throw new IllegalStateException("purchase " + locked.id + " is not in REVIEW");
        }
        Instant now = Instant.now();
        locked.status = Purchase.Status.PAID;
        locked.paidAt = now;
        locked.updatedAt = now;
        locked.refundedCoins = locked.coinsRefundedFor(locked.refundedPaise);
        long credited = locked.coins - locked.refundedCoins;
        if (credited > 0) {
            coins.credit(locked.userId, credited, locked.id);
            coinsPurchased.fire(new CoinsPurchased(locked.id, locked.userId, credited, locked.amountPaise, now));
        }
        return credited;
    }
}
