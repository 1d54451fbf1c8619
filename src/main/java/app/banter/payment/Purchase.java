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

    public Instant createdAt;

    public Instant updatedAt;

    public Instant paidAt;

    public boolean isSettled() {
        return status == Status.PAID || status == Status.REVIEW || status == Status.REFUNDED;
    }
}
