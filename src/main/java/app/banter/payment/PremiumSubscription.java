package app.banter.payment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A premium plan bought as a Razorpay subscription. Only verified webhooks change its state. */
@Entity
@Table(name = "subscriptions")
public class PremiumSubscription {

    /** Why the member can no longer cancel it themselves. */
    public enum AccountClosure {
        DELETED,
        BANNED
    }

    @Id
    public UUID id;

    public UUID userId;

    public String plan;

    public String razorpaySubscriptionId;

    /** Razorpay's status: created, authenticated, active, pending, halted, cancelled, completed. */
    public String status;

    /** Provider time of the event that set the status: an older event does not change it. */
    public Instant statusAt;

    public Instant currentEnd;

    /** When the member cancelled: Razorpay renews no more and ends it with the paid period. */
    public Instant cancelRequestedAt;

    /** When the member's account was deleted or banned: a charge made after this gives no premium. */
    public Instant accountClosedAt;

    @Enumerated(EnumType.STRING)
    public AccountClosure accountClosure;

    /** Razorpay still has to be asked to cancel it at once, from this time on (the reconciler's lease). */
    public Instant cancelDueAt;

    public Instant createdAt;

    public Instant updatedAt;
}
