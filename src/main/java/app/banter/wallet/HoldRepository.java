package app.banter.wallet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

@ApplicationScoped
class HoldRepository {

    private static final String COLUMNS = "id, idempotency_key, account_id, placed, amount, captured, status, "
            + "reference, expires_at, created_at, closed_at";

    private final EntityManager em;

    HoldRepository(EntityManager em) {
        this.em = em;
    }

    /** Records a new open hold unless its idempotency key is taken; false when it is. */
    boolean insertIfAbsent(Hold hold) {
        return em.createNativeQuery("insert into holds (" + COLUMNS + """
                ) values (?1, ?2, ?3, ?4, ?4, 0, 'OPEN', ?5, ?6, ?7, null)
                on conflict (idempotency_key) do nothing""")
                .setParameter(1, hold.id())
                .setParameter(2, hold.idempotencyKey())
                .setParameter(3, hold.accountId())
                .setParameter(4, hold.placed())
                .setParameter(5, hold.reference())
                .setParameter(6, hold.expiresAt())
                .setParameter(7, hold.createdAt())
                .executeUpdate() == 1;
    }

    Optional<Hold> findByKey(String idempotencyKey) {
        return first(em.createNativeQuery("select " + COLUMNS + " from holds where idempotency_key = ?1")
                .setParameter(1, idempotencyKey)
                .getResultList());
    }

    Optional<Hold> find(UUID holdId) {
        return first(em.createNativeQuery("select " + COLUMNS + " from holds where id = ?1")
                .setParameter(1, holdId)
                .getResultList());
    }

    /** Reads the hold and locks it until the transaction ends: every change to a hold starts here. */
    Optional<Hold> lock(UUID holdId) {
        return first(em.createNativeQuery("select " + COLUMNS + " from holds where id = ?1 for update")
                .setParameter(1, holdId)
                .getResultList());
    }

    /**
     * Locks up to {@code limit} open holds past their expiry. Holds another transaction has locked (being captured
     * or released right now, or taken by the same job on another pod) are skipped, not waited for.
     */
    List<Hold> lockExpired(Instant now, int limit) {
        List<?> rows = em.createNativeQuery("select " + COLUMNS + """
                 from holds where status = 'OPEN' and expires_at <= ?1
                order by expires_at limit ?2 for update skip locked""")
                .setParameter(1, now)
                .setParameter(2, limit)
                .getResultList();
        return rows.stream().map(Object[].class::cast).map(HoldRepository::hold).toList();
    }

    void addCaptured(UUID holdId, long amount, Instant now) {
        em.createNativeQuery("""
                update holds set captured = captured + ?2,
                    status = case when captured + ?2 = amount then 'CAPTURED' else status end,
                    closed_at = case when captured + ?2 = amount then ?3 else closed_at end
                where id = ?1""")
                .setParameter(1, holdId)
                .setParameter(2, amount)
                .setParameter(3, now)
                .executeUpdate();
    }

    void close(UUID holdId, Hold.Status status, Instant now) {
        em.createNativeQuery("update holds set status = ?2, closed_at = ?3 where id = ?1")
                .setParameter(1, holdId)
                .setParameter(2, status.name())
                .setParameter(3, now)
                .executeUpdate();
    }

    /** Records an extension unless its idempotency key is taken; false when it is. */
    boolean insertExtension(String idempotencyKey, UUID holdId, long amount, Instant now) {
        return em.createNativeQuery("""
                insert into hold_extensions (idempotency_key, hold_id, amount, created_at) values (?1, ?2, ?3, ?4)
                on conflict (idempotency_key) do nothing""")
                .setParameter(1, idempotencyKey)
                .setParameter(2, holdId)
                .setParameter(3, amount)
                .setParameter(4, now)
                .executeUpdate() == 1;
    }

    /** The hold and amount of an earlier extension with this key. */
    Optional<Extension> findExtension(String idempotencyKey) {
        List<?> rows = em.createNativeQuery("select hold_id, amount from hold_extensions where idempotency_key = ?1")
                .setParameter(1, idempotencyKey)
                .getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new Extension((UUID) row[0], (Long) row[1]))
                .findFirst();
    }

    void extend(UUID holdId, long amount, Instant expiresAt) {
        em.createNativeQuery("""
                update holds set amount = amount + ?2, expires_at = greatest(expires_at, ?3) where id = ?1""")
                .setParameter(1, holdId)
                .setParameter(2, amount)
                .setParameter(3, expiresAt)
                .executeUpdate();
    }

    record Extension(UUID holdId, long amount) {
    }

    private static Optional<Hold> first(List<?> rows) {
        return rows.stream().map(Object[].class::cast).map(HoldRepository::hold).findFirst();
    }

    private static Hold hold(Object[] row) {
        return new Hold((UUID) row[0], (String) row[1], (UUID) row[2], (Long) row[3], (Long) row[4], (Long) row[5],
                Hold.Status.valueOf((String) row[6]), (String) row[7], (Instant) row[8], (Instant) row[9],
                (Instant) row[10]);
    }
}
