package app.banter.payment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class PremiumSubscriptionRepository implements PanacheRepositoryBase<PremiumSubscription, UUID> {

    public List<PremiumSubscription> ofUser(UUID userId) {
        return list("userId = ?1 order by createdAt desc", userId);
    }

    public Optional<PremiumSubscription> findOwned(UUID userId, UUID subscriptionId) {
        return find("id = ?1 and userId = ?2", subscriptionId, userId).firstResultOptional();
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
