package app.banter.kyc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import app.banter.platform.NativeQueries;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class KycSubmissionRepository implements PanacheRepositoryBase<KycSubmission, UUID> {

    /** The user's newest submission: what their status is, unless an older one is verified. */
    public Optional<KycSubmission> latestOf(UUID userId) {
        return find("userId = ?1 order by createdAt desc, id desc", userId).firstResultOptional();
    }

    public Optional<KycSubmission> latestWithImage(UUID userId) {
        return find("userId = ?1 and documentMediaId is not null order by createdAt desc, id desc", userId)
                .firstResultOptional();
    }

    public boolean isVerified(UUID userId) {
        // Not Panache's count: Hibernate builds and translates a count query anew on every call (never cached).
        return !getEntityManager().createQuery(
                "select 1 from KycSubmission where userId = ?1 and status = ?2",
                Integer.class)
                .setParameter(1, userId).setParameter(2, KycStatus.VERIFIED).setMaxResults(1).getResultList()
                .isEmpty();
    }

    public long countSince(UUID userId, Instant since) {
        // Not Panache's count: Hibernate builds and translates a count query anew on every call (never cached).
        return getEntityManager().createQuery(
                "select count(*) from KycSubmission where userId = ?1 and createdAt >= ?2",
                Long.class)
                .setParameter(1, userId).setParameter(2, since).getSingleResult();
    }

    public Optional<Instant> oldestSince(UUID userId, Instant since) {
        return find("userId = ?1 and createdAt >= ?2 order by createdAt", userId, since).firstResultOptional()
                .map(s -> s.createdAt);
    }

    /** Whether this document is verified on an account other than the given one. */
    public boolean isVerifiedElsewhere(DocumentType type, String numberHmac, UUID userId) {
        // Not Panache's count: Hibernate builds and translates a count query anew on every call (never cached).
        return !getEntityManager().createQuery("""
                select 1 from KycSubmission
                where documentType = ?1 and numberHmac = ?2 and status = ?3 and userId <> ?4""", Integer.class)
                .setParameter(1, type).setParameter(2, numberHmac).setParameter(3, KycStatus.VERIFIED)
                .setParameter(4, userId).setMaxResults(1).getResultList().isEmpty();
    }

    public Optional<KycSubmission> lock(UUID id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public Optional<KycSubmission> lockByReference(String provider, String reference) {
        return find("provider = ?1 and providerReference = ?2", provider, reference)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /**
     * Serializes, until the transaction ends, everything that decides about this user's KYC (two submissions at once
     * would both pass the checks).
     */
    public void lockUser(UUID userId) {
        advisoryLock("kyc-user:" + userId);
    }

    /** Serializes verifications of one document, so that two accounts cannot both get it verified. */
    public void lockDocument(DocumentType type, String numberHmac) {
        advisoryLock("kyc-document:" + type + ":" + numberHmac);
    }

    private void advisoryLock(String key) {
        getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, key).getSingleResult();
    }

    /**
     * Claims up to {@code limit} submissions pending since before {@code sentBefore} whose lease expired, pushing
     * the lease to {@code leaseUntil}: pollers on other pods skip them (SKIP LOCKED) and later ticks wait.
     */
    public List<UUID> claimPending(Instant now, Instant sentBefore, Instant leaseUntil, int limit) {
        return NativeQueries.uuids(getEntityManager().createNativeQuery("""
                update kyc_submissions set poll_after = ?3
                where id in (select id from kyc_submissions
                             where status = 'PENDING' and poll_after <= ?1 and created_at <= ?2
                               and provider_reference is not null
                             order by poll_after limit ?4 for update skip locked)
                returning id""")
                .setParameter(1, now)
                .setParameter(2, sentBefore)
                .setParameter(3, leaseUntil)
                .setParameter(4, limit));
    }

    /**
     * Up to {@code limit} submissions pending since before {@code sentBefore}, locked until the transaction ends; rows
     * another pod holds are skipped.
     */
    public List<UUID> lockPendingSince(Instant sentBefore, int limit) {
        return NativeQueries.uuids(getEntityManager().createNativeQuery("""
                select id from kyc_submissions where status = 'PENDING' and created_at < ?1
                order by created_at limit ?2 for update skip locked""")
                .setParameter(1, sentBefore)
                .setParameter(2, limit));
    }

    /**
     * Pending submissions that never got the provider's answer (the pod died between recording the submission and the
     * provider's reply), locked until the transaction ends; rows another pod holds are skipped.
     */
    public List<UUID> lockUnanswered(Instant sentBefore) {
        return NativeQueries.uuids(getEntityManager().createNativeQuery("""
                select id from kyc_submissions
                where status = 'PENDING' and provider_reference is null and created_at < ?1
                for update skip locked""")
                .setParameter(1, sentBefore));
    }

    public List<KycSubmission> listOf(UUID userId) {
        return list("userId", userId);
    }
}
