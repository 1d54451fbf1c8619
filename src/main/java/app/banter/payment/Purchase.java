package app.banter.payment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A coin package bought through one Razorpay order; its id is the order's receipt. */
@Entity
@Table(name = "purchases")
public class Purchase {

    public enum Status {
        /** Ours exists, Razorpay's order not yet (or its creation failed; a retry makes it). */
        PENDING,
        /** The app can pay the order. */
        CREATED,
        PAID,
        FAILED,
        /** Paid, but not as ordered (amount or currency): not credited, for a person to look at. */
        REVIEW,
        REFUNDED
    }

    @Id
    public UUID id;

    public UUID userId;

    public String idempotencyKey;

    public String packageId;

    public long coins;

    public long amountPaise;

    public String currency;

    @Enumerated(EnumType.STRING)
    public Status status;

    public String razorpayOrderId;

    public String razorpayPaymentId;

    /**
     * What the payment captured, in the smallest unit of its currency; set when the purchase settles. It differs from
     * {@link #amountPaise} only for a purchase held in REVIEW, whose refunds are counted against it.
     */
    public Long paidAmount;

    public long refundedPaise;

    public long refundedCoins;

    public Instant reconcileAfter;

    /** While set and ahead, one request is asking Razorpay for this pending purchase's order (PurchaseService). */
    public Instant orderLeaseUntil;

    public Instant createdAt;

    public Instant updatedAt;

    public Instant paidAt;

    /** What the payment captured: {@link #paidAmount}, or the order's amount for a purchase settled before it was kept. */
    long paid() {
        return paidAmount != null ? paidAmount : amountPaise;
    }

    /**
     * The coins that refunds of {@code refundedPaise} in all take back, rounded down (the user keeps a fraction of a
     * coin rather than losing one they paid for). The coins stand for what was paid towards the order: a payment above
     * the order's amount is refunded first, taking no coins, and a payment that fell short (credited by an operator
     * all the same) gives all its coins back when all of it is refunded.
     */
    long coinsRefundedFor(long refundedPaise) {
        long towardsOrder = Math.min(paid(), amountPaise);
        long excess = paid() - towardsOrder;
        long counted = Math.max(0, Math.min(refundedPaise, paid()) - excess);
        return Math.multiplyExact(coins, counted) / towardsOrder;
    }

    public boolean isSettled() {
        return status == Status.PAID || status == Status.REVIEW || status == Status.REFUNDED;
    }
}
