package app.banter.payment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import app.banter.platform.NativeQueries;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class PremiumSubscriptionRepository implements PanacheRepositoryBase<PremiumSubscription, UUID> {

    public List<PremiumSubscription> ofUser(UUID userId) {
        return list("userId = ?1 order by createdAt desc", userId);
    }

    public Optional<PremiumSubscription> findOwned(UUID userId, UUID subscriptionId) {
        return find("id = ?1 and userId = ?2", subscriptionId, userId).firstResultOptional();
    }

    /** The user's subscriptions that Razorpay may still charge and that no account closure stopped yet, locked. */
    public List<PremiumSubscription> lockChargeableOf(UUID userId) {
        return find("userId = ?1 and accountClosedAt is null and status not in ?2", userId,
                SubscriptionService.FINAL_STATUSES).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /**
     * Claims up to {@code limit} subscriptions whose cancellation is due and pushes their lease to {@code leaseUntil},
     * so that the reconcilers of other pods skip them (SKIP LOCKED) and later ticks wait for the lease.
     */
    public List<UUID> claimDueCancellations(Instant now, Instant leaseUntil, int limit) {
        return NativeQueries.uuids(getEntityManager().createNativeQuery("""
                update subscriptions set cancel_due_at = ?2
                where id in (select id from subscriptions where cancel_due_at <= ?1
                             order by cancel_due_at limit ?3 for update skip locked)
                returning id""")
                .setParameter(1, now)
                .setParameter(2, leaseUntil)
                .setParameter(3, limit));
    }

    /** Locks the subscription, so that two of its events are applied one after the other. */
    public Optional<PremiumSubscription> lockByRazorpayId(String razorpaySubscriptionId) {
        return find("razorpaySubscriptionId", razorpaySubscriptionId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /**
     * Premium until at least {@code until}. The database takes the later of the two, so paid periods reported in
     * any order, or by two subscriptions of one user at once, never shorten it.
     */
    public void extendPremium(UUID userId, Instant until) {
        getEntityManager().createNativeQuery("""
                update users set premium_until = greatest(coalesce(premium_until, ?2), ?2) where id = ?1""")
                .setParameter(1, userId)
                .setParameter(2, until)
                .executeUpdate();
    }
}
