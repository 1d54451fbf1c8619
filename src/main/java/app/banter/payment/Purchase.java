package app.banter.payment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
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

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "package_id")
    public String packageId;

    public long coins;

    @Column(name = "amount_paise")
    public long amountPaise;

    public String currency;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "razorpay_order_id")
    public String razorpayOrderId;

    @Column(name = "razorpay_payment_id")
    public String razorpayPaymentId;

    @Column(name = "refunded_paise")
    public long refundedPaise;

    @Column(name = "refunded_coins")
    public long refundedCoins;

    @Column(name = "reconcile_after")
    public Instant reconcileAfter;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "paid_at")
    public Instant paidAt;

    public boolean isSettled() {
        return status == Status.PAID || status == Status.REVIEW || status == Status.REFUNDED;
    }
}
