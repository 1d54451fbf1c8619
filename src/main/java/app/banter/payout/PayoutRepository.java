package app.banter.payout;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import app.banter.platform.NativeQueries;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

@ApplicationScoped
public class PayoutRepository implements PanacheRepositoryBase<Payout, UUID> {

    public Optional<Payout> findByIdempotencyKey(UUID userId, String key) {
        return find("userId = ?1 and idempotencyKey = ?2", userId, key).firstResultOptional();
    }

    public Optional<Payout> findOwned(UUID userId, UUID payoutId) {
        return find("id = ?1 and userId = ?2", payoutId, userId).firstResultOptional();
    }

    /** Locks the payout: webhooks, the reconciler and the request record what RazorpayX said one after another. */
    public Optional<Payout> lock(UUID payoutId) {
        return find("id", payoutId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public Optional<Payout> lockByRazorpayPayoutId(String razorpayPayoutId) {
        return find("razorpayPayoutId", razorpayPayoutId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** Coins of the user's payouts created since {@code since} that still count: neither failed nor reversed. */
    public long coinsWithdrawnSince(UUID userId, Instant since) {
        Number sum = (Number) getEntityManager().createNativeQuery("""
                select coalesce(sum(coins), 0) from payouts
                where user_id = ?1 and created_at >= ?2 and status not in ('FAILED', 'REVERSED')""")
                .setParameter(1, userId)
                .setParameter(2, since)
                .getSingleResult();
        return sum.longValue();
    }

    /**
     * Takes the right to call RazorpayX for a PENDING payout whose lease has run out, until {@code leaseUntil}; false
     * when someone else holds it or the payout is no longer PENDING.
     */
    public boolean claimSubmission(UUID payoutId, Instant now, Instant leaseUntil) {
        return getEntityManager().createNativeQuery("""
                update payouts set reconcile_after = ?3
                where id = ?1 and status = 'PENDING' and reconcile_after <= ?2""")
                .setParameter(1, payoutId)
                .setParameter(2, now)
                .setParameter(3, leaseUntil)
                .executeUpdate() == 1;
    }

    /**
     * Claims the payout not final yet whose time to be looked at came first, and pushes that time to
     * {@code leaseUntil}, so that reconcilers on other pods skip it (SKIP LOCKED) and later ticks and retried requests
     * wait for the lease.
     */
    public Optional<UUID> claimNextUnsettled(Instant now, Instant leaseUntil) {
        return NativeQueries.uuids(getEntityManager().createNativeQuery("""
                update payouts set reconcile_after = ?2
                where id = (select id from payouts
                            where status in ('PENDING', 'PROCESSING') and reconcile_after <= ?1
                            order by reconcile_after limit 1 for update skip locked)
                returning id""")
                .setParameter(1, now)
                .setParameter(2, leaseUntil)).stream().findFirst();
    }

    /**
     * Claims the processed payout whose check for a reversal came first, the way {@link #claimNextUnsettled} does, and
     * moves its next check to {@code nextCheckAt}: the lease and the pace at once. The claim that would put the next
     * check past the payout's window takes it off the queue (null), so this is its last.
     */
    public Optional<UUID> claimNextReversalCheck(Instant now, Instant nextCheckAt) {
        return NativeQueries.uuids(getEntityManager().createNativeQuery("""
                update payouts
                set reversal_check_at = case when ?2 <= reversal_checks_until then cast(?2 as timestamptz) end
                where id = (select id from payouts
                            where reversal_check_at <= ?1 and status = 'PROCESSED'
                            order by reversal_check_at limit 1 for update skip locked)
                returning id""")
                .setParameter(1, now)
                .setParameter(2, nextCheckAt)).stream().findFirst();
    }

    /** Newest first, after the cursor (created_at, id). */
    public List<Payout> pageOf(UUID userId, Instant beforeCreatedAt, UUID beforeId, int limit) {
        if (beforeCreatedAt == null) {
            return find("userId = ?1 order by createdAt desc, id desc", userId).page(0, limit).list();
        }
        return find("userId = :user and (createdAt < :at or (createdAt = :at and id < :id)) "
                + "order by createdAt desc, id desc",
                Parameters.with("user", userId).and("at", beforeCreatedAt).and("id", beforeId))
                .page(0, limit).list();
    }
}
