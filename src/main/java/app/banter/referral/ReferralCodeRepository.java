package app.banter.referral;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** The referral_codes table: one code per user, unique. */
@ApplicationScoped
class ReferralCodeRepository {

    /** A user's code and the keyed hash of the phone they registered with (null for codes given by the migration). */
    record OwnedCode(UUID userId, String code, String ownerPhoneHash) {
    }

    private final EntityManager em;

    ReferralCodeRepository(EntityManager em) {
        this.em = em;
    }

    /** Inserts unless the user has a code or the code is taken; true when this inserted it. */
    boolean insertIfFree(UUID userId, String code, String ownerPhoneHash, Instant now) {
        return em.createNativeQuery("""
                insert into referral_codes (user_id, code, owner_phone_hash, created_at) values (?1, ?2, ?3, ?4)
                on conflict do nothing""")
                .setParameter(1, userId)
                .setParameter(2, code)
                .setParameter(3, ownerPhoneHash)
                .setParameter(4, now)
                .executeUpdate() == 1;
    }

    Optional<String> codeOf(UUID userId) {
        List<?> rows = em.createNativeQuery("select code from referral_codes where user_id = ?1")
                .setParameter(1, userId).getResultList();
        return rows.stream().map(String.class::cast).findFirst();
    }

    Optional<OwnedCode> findByCode(String code) {
        List<?> rows = em.createNativeQuery(
                "select user_id, code, owner_phone_hash from referral_codes where code = ?1")
                .setParameter(1, code).getResultList();
        return rows.stream().map(Object[].class::cast)
                .map(row -> new OwnedCode((UUID) row[0], (String) row[1], (String) row[2])).findFirst();
    }

    /**
     * Locks the referrer's code row until the transaction ends: rewards of one referrer are decided one after
     * another, so the monthly limit holds when several referees buy at once.
     */
    void lockOwner(UUID userId) {
        em.createNativeQuery("select user_id from referral_codes where user_id = ?1 for update")
                .setParameter(1, userId).getResultList();
    }
}
