package app.banter.payment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A premium plan bought as a Razorpay subscription. Only verified webhooks change its state. */
@Entity
@Table(name = "subscriptions")
public class PremiumSubscription {

    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    public String plan;

    @Column(name = "razorpay_subscription_id")
    public String razorpaySubscriptionId;

    /** Razorpay's status: created, authenticated, active, pending, halted, cancelled, completed. */
    public String status;

    /** Provider time of the event that set the status: an older event does not change it. */
    @Column(name = "status_at")
    public Instant statusAt;

    @Column(name = "current_end")
    public Instant currentEnd;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
