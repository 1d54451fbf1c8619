package app.banter.payment;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import app.banter.payment.razorpay.RazorpayGateway;
import app.banter.payment.razorpay.RazorpayModel.CreateRefund;
import app.banter.payment.razorpay.RazorpayModel.Payment;
import app.banter.payment.razorpay.RazorpayModel.Refund;
import app.banter.platform.error.ApiException;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.TimeCursor;

/**
 * What a person decides about money that did not add up: a purchase in REVIEW (paid, but not as ordered) is either
 * credited after all or refunded at Razorpay, and an anomaly is closed. Each resolution locks the purchase or anomaly
 * row first, so that concurrent resolutions queue and only the first changes anything; a repeat of the same decision
 * answers {@code changed = false}, a different decision on a resolved purchase 409.
 */
@ApplicationScoped
public class PurchaseReview {

    private static final String CREDITED = "CREDITED";
    private static final String REFUNDED = "REFUNDED";
    private static final String DISMISSED = "DISMISSED";

    private final PurchaseRepository purchases;
    private final PaymentAnomalyStore anomalies;
    private final PaymentSettlement settlement;
    private final RazorpayGateway razorpay;

    PurchaseReview(PurchaseRepository purchases, PaymentAnomalyStore anomalies, PaymentSettlement settlement,
            RazorpayGateway razorpay) {
        this.purchases = purchases;
        this.anomalies = anomalies;
        this.settlement = settlement;
        this.razorpay = razorpay;
    }

    @Transactional
    public Page<ReviewPurchaseView> inReview(String cursor, int limit) {
        TimeCursor position = TimeCursor.decode(cursor);
        List<Purchase> rows = purchases.pageInReview(position == null ? null : position.at(),
                position == null ? null : position.id(), limit + 1);
        return Page.of(rows, limit, ReviewPurchaseView::of, p -> new TimeCursor(p.createdAt, p.id).encode());
    }

    @Transactional
    public Page<AnomalyView> anomalies(boolean open, String cursor, int limit) {
        TimeCursor position = TimeCursor.decode(cursor);
        List<AnomalyView> rows = anomalies.page(open, position == null ? null : position.at(),
                position == null ? null : position.id(), limit + 1);
        return Page.of(rows, limit, a -> a, a -> new TimeCursor(a.createdAt(), a.id()).encode());
    }

    /**
     * Credits the purchase's coins through the settlement's keyed ledger transfer. Joins the caller's transaction.
     * Razorpay is asked first what it refunded of the payment: a refund it made that is not recorded here (its webhook
     * still on the way, or an operator's REFUND whose commit failed after Razorpay refunded) would otherwise be
     * credited all the same. Asked with the row lock held, so no refund is recorded here meanwhile; one Razorpay makes
     * after the answer comes by its webhook and takes its coins back from the credited purchase.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Resolution credit(UUID purchaseId, UUID operatorId) {
        Purchase purchase = lockResolvable(purchaseId, Purchase.Status.PAID, CREDITED);
        if (purchase.status != Purchase.Status.REVIEW) {
            return Resolution.unchanged(purchase);
        }
        Payment payment = razorpay.payment(purchase.razorpayPaymentId);
        if (payment == null || payment.amountRefunded() == null) {
            throw new ApiException(502, "PAYMENT_PROVIDER_UNAVAILABLE", "The payment provider's answer was not a payment");
        }
        long refundedAtRazorpay = payment.amountRefunded();
        if (refundedAtRazorpay > purchase.refundedPaise) {
            throw ApiException.conflict("REFUND_NOT_RECORDED", "Razorpay has refunded " + refundedAtRazorpay
                    + " paise of this payment, " + purchase.refundedPaise + " of them recorded here: wait until its "
                    + "refund webhook is applied (or repeat a REFUND of this purchase that failed here)");
        }
        long credited = settlement.creditReviewed(purchase);
        anomalies.resolveMismatchesOf(purchase.id, CREDITED, operatorId, now());
        return new Resolution(purchase.id, purchase.userId, purchase.status, true, credited, 0, null);
    }

    /**
     * Refunds the whole payment at Razorpay. The purchase was never credited, so no coins come back: the refund is
     * recorded under Razorpay's refund id at once, and its refund.processed webhook later finds it applied. The row
     * lock is held while Razorpay answers (as for order creation); the idempotency key makes a retry after a lost
     * answer return the same refund instead of a second one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Resolution refund(UUID purchaseId, UUID operatorId) {
        Purchase purchase = lockResolvable(purchaseId, Purchase.Status.REFUNDED, REFUNDED);
        if (purchase.status != Purchase.Status.REVIEW) {
            return Resolution.unchanged(purchase);
        }
        Refund refund = razorpay.refund(purchase.razorpayPaymentId, "banter-review-refund-" + purchase.id,
                new CreateRefund("normal", purchase.id.toString(), Map.of("purchase_id", purchase.id.toString())));
        if (refund == null || refund.id() == null || refund.amount() <= 0) {
            throw new ApiException(502, "PAYMENT_PROVIDER_UNAVAILABLE", "The payment provider's answer was not a refund");
        }
        purchases.recordRefund(refund.id(), purchase.id, purchase.razorpayPaymentId, refund.amount());
        purchase.status = Purchase.Status.REFUNDED;
        // Razorpay refunds what earlier refunds left of the payment.
        purchase.refundedPaise += refund.amount();
        // Nothing was credited, so nothing is owed back: a later refund of this payment must not claim coins.
        purchase.refundedCoins = purchase.coins;
        purchase.updatedAt = Instant.now();
        anomalies.resolveMismatchesOf(purchase.id, REFUNDED, operatorId, now());
        return new Resolution(purchase.id, purchase.userId, purchase.status, true, 0, refund.amount(), refund.id());
    }

    /**
     * Closes an anomaly that needs no money movement from us (for example coins already spent before a refund). The
     * mismatch that holds a purchase in REVIEW is closed by resolving the purchase instead.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AnomalyResolution dismiss(UUID anomalyId, UUID operatorId) {
        AnomalyView anomaly = anomalies.lock(anomalyId).orElseThrow(() -> ApiException.notFound("Anomaly"));
        if (anomaly.resolvedAt() != null) {
            if (!DISMISSED.equals(anomaly.resolution())) {
                throw alreadyResolved(anomaly.resolution());
            }
            return new AnomalyResolution(anomaly, false);
        }
        if (anomaly.purchaseId() != null && isMismatch(anomaly.kind())
                && purchases.findByIdOptional(anomaly.purchaseId())
                        .map(p -> p.status == Purchase.Status.REVIEW).orElse(false)) {
            throw ApiException.conflict("PURCHASE_IN_REVIEW",
                    "Resolve purchase " + anomaly.purchaseId() + " by credit or refund instead");
        }
        anomalies.resolve(anomalyId, DISMISSED, operatorId, now());
        return new AnomalyResolution(anomalies.lock(anomalyId).orElseThrow(), true);
    }

    private Purchase lockResolvable(UUID purchaseId, Purchase.Status outcome, String resolution) {
        Purchase purchase = purchases.lockById(purchaseId).orElseThrow(() -> ApiException.notFound("Purchase"));
        if (purchase.status == Purchase.Status.REVIEW) {
            return purchase;
        }
        if (purchase.status == outcome && anomalies.wasResolvedAs(purchase.id, resolution)) {
            return purchase;
        }
        if (anomalies.wasResolvedAs(purchase.id, CREDITED) || anomalies.wasResolvedAs(purchase.id, REFUNDED)) {
            throw alreadyResolved(anomalies.wasResolvedAs(purchase.id, CREDITED) ? CREDITED : REFUNDED);
        }
        if (purchase.status == Purchase.Status.REFUNDED) {
            throw ApiException.conflict("PURCHASE_REFUNDED",
                    "Razorpay refunded this purchase's payment in full: there is nothing to credit or refund");
        }
        throw ApiException.conflict("NOT_IN_REVIEW", "This purchase is " + purchase.status + ", not in REVIEW");
    }

    private static boolean isMismatch(PaymentAnomalies.Kind kind) {
        return kind == PaymentAnomalies.Kind.AMOUNT_MISMATCH || kind == PaymentAnomalies.Kind.CURRENCY_MISMATCH;
    }

    private static ApiException alreadyResolved(String resolution) {
        return ApiException.conflict("ALREADY_RESOLVED", "This was already resolved as " + resolution);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** A purchase waiting for a person. {@code amount} is what was ordered, in paise; the anomaly says what was paid. */
    public record ReviewPurchaseView(UUID id, UUID userId, String packageId, long coins, long amount, String currency,
            Purchase.Status status, @Schema(nullable = true) String orderId, @Schema(nullable = true) String paymentId,
            Instant createdAt) {

        static ReviewPurchaseView of(Purchase p) {
            return new ReviewPurchaseView(p.id, p.userId, p.packageId, p.coins, p.amountPaise, p.currency, p.status,
                    p.razorpayOrderId, p.razorpayPaymentId, p.createdAt);
        }
    }

    public record AnomalyView(UUID id, @Schema(nullable = true) UUID purchaseId,
            @Schema(nullable = true) String paymentId, PaymentAnomalies.Kind kind, String details, Instant createdAt,
            @Schema(nullable = true) Instant resolvedAt, @Schema(nullable = true) UUID resolvedBy,
            @Schema(nullable = true, description = "CREDITED, REFUNDED or DISMISSED") String resolution) {
    }

    /**
     * {@code changed}: false when this decision had already been carried out. {@code coinsCredited} and
     * {@code refundedPaise} are what this call moved (zero when unchanged).
     */
    public record Resolution(UUID purchaseId, UUID userId, Purchase.Status status, boolean changed, long coinsCredited,
            long refundedPaise, @Schema(nullable = true) String refundId) {

        static Resolution unchanged(Purchase p) {
            return new Resolution(p.id, p.userId, p.status, false, 0, 0, null);
        }
    }

    public record AnomalyResolution(AnomalyView anomaly, boolean changed) {
    }
}
