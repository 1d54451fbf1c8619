package app.banter.referral;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

import app.banter.platform.paging.TimeCursor;

@ApplicationScoped
public class ReferralRepository implements PanacheRepositoryBase<Referral, UUID> {

    /** A referral's id and referrer, read before anything is locked. */
    record ReferralKey(UUID id, UUID referrerId) {
    }

    /** Who referred the referee, when the referral still waits for the first purchase; read without loading it. */
    Optional<ReferralKey> findPending(UUID refereeId) {
        List<?> rows = getEntityManager().createNativeQuery(
                "select id, referrer_id from referrals where referee_id = ?1 and status = 'PENDING'")
                .setParameter(1, refereeId).getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new ReferralKey((UUID) row[0], (UUID) row[1]))
                .findFirst();
    }

    /** The completed referral that this purchase rewarded, if any; read without loading it. */
    Optional<ReferralKey> findCompletedBy(UUID purchaseId) {
        List<?> rows = getEntityManager().createNativeQuery(
                "select id, referrer_id from referrals where purchase_id = ?1 and status = 'COMPLETED'")
                .setParameter(1, purchaseId).getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new ReferralKey((UUID) row[0], (UUID) row[1]))
                .findFirst();
    }

    Referral lock(UUID id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    Optional<Referral> findByReferee(UUID refereeId) {
        return find("refereeId", refereeId).firstResultOptional();
    }

    long countRewarded(UUID referrerId, Instant from, Instant until) {
        // Not Panache's count: Hibernate builds and translates a count query anew on every call (never cached).
        return getEntityManager().createQuery(
                "select count(*) from Referral where referrerId = ?1 and rewardedAt >= ?2 and rewardedAt < ?3",
                Long.class)
                .setParameter(1, referrerId).setParameter(2, from).setParameter(3, until).getSingleResult();
    }

    /** Coins the user received as referrer, plus as referee less what a refund took back. */
    long rewardsEarned(UUID userId) {
        Object total = getEntityManager().createNativeQuery("""
                select coalesce((select sum(referrer_reward) from referrals
                                 where referrer_id = ?1 and rewarded_at is not null), 0)
                     + coalesce((select sum(referee_reward - clawed_back) from referrals
                                 where referee_id = ?1 and rewarded_at is not null), 0)""")
                .setParameter(1, userId).getSingleResult();
        return ((Number) total).longValue();
    }

    /** The referrer's referrals, newest first, after the cursor; fetches {@code limit} rows. */
    List<Referral> pageOf(UUID referrerId, TimeCursor after, int limit) {
        if (after == null) {
            return find("referrerId = ?1 order by createdAt desc, id desc", referrerId).page(0, limit).list();
        }
        return find("referrerId = :referrer and (createdAt < :at or (createdAt = :at and id < :id)) "
                + "order by createdAt desc, id desc",
                Parameters.with("referrer", referrerId).and("at", after.at()).and("id", after.id()))
                .page(0, limit).list();
    }

    /** Claims the phone for this referral's reward; false when another rewarded referral has it. */
    boolean claimPhone(String phoneHash, UUID referralId) {
        return getEntityManager().createNativeQuery("""
                insert into referral_rewarded_phones (phone_hash, referral_id) values (?1, ?2)
                on conflict do nothing""")
                .setParameter(1, phoneHash).setParameter(2, referralId).executeUpdate() == 1;
    }

    /** Claims the device keys for this referral's reward; returns how many were still free (and are now claimed). */
    int claimDevices(Collection<String> deviceKeys, UUID referralId) {
        int claimed = 0;
        for (String key : deviceKeys) {
            claimed += getEntityManager().createNativeQuery("""
                    insert into referral_rewarded_devices (device_key, referral_id) values (?1, ?2)
                    on conflict do nothing""")
                    .setParameter(1, key).setParameter(2, referralId).executeUpdate();
        }
        return claimed;
    }

    /** Gives back what {@link #claimDevices} claimed, when the referral is not rewarded after all. */
    void releaseDevices(UUID referralId) {
        getEntityManager().createNativeQuery("delete from referral_rewarded_devices where referral_id = ?1")
                .setParameter(1, referralId).executeUpdate();
    }
}
