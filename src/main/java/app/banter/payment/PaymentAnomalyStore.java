package app.banter.payment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import app.banter.platform.NativeQueries;

/** The append-only review list of payment anomalies. */
@ApplicationScoped
class PaymentAnomalyStore {

    private final EntityManager em;

    PaymentAnomalyStore(EntityManager em) {
        this.em = em;
    }

    /** False when this payment's anomaly of this kind was recorded already with the same details. */
    boolean insert(UUID purchaseId, String paymentId, PaymentAnomalies.Kind kind, String details) {
        return em.createNativeQuery("""
                insert into payment_anomalies (id, purchase_id, payment_id, kind, details, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6)
                on conflict (payment_id, kind, md5(details)) do nothing""")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, purchaseId)
                .setParameter(3, paymentId)
                .setParameter(4, kind.name())
                .setParameter(5, details)
                .setParameter(6, Instant.now())
                .executeUpdate() == 1;
    }

    /** The purchase an anomaly of this kind about this payment names. */
    Optional<UUID> purchaseOf(String paymentId, PaymentAnomalies.Kind kind) {
        return NativeQueries.uuids(em.createNativeQuery("""
                select purchase_id from payment_anomalies
                where payment_id = ?1 and kind = ?2 and purchase_id is not null limit 1""")
                .setParameter(1, paymentId)
                .setParameter(2, kind.name())).stream().findFirst();
    }

    // Operator review of anomalies (issue 16)

    /** Open (unresolved) or resolved anomalies, newest first, after the cursor (created_at, id). */
    @SuppressWarnings("unchecked")
    List<PurchaseReview.AnomalyView> page(boolean open, Instant beforeAt, UUID beforeId, int limit) {
        String after = beforeAt == null ? "" : " and (created_at < ?3 or (created_at = ?3 and id < ?4))";
        var query = em.createNativeQuery("""
                select id, purchase_id, payment_id, kind, details, created_at, resolved_at, resolved_by, resolution
                from payment_anomalies where (resolved_at is null) = ?1""" + after
                + " order by created_at desc, id desc limit ?2")
                .setParameter(1, open)
                .setParameter(2, limit);
        if (beforeAt != null) {
            query.setParameter(3, beforeAt).setParameter(4, beforeId);
        }
        return ((List<Object[]>) query.getResultList()).stream().map(PaymentAnomalyStore::view).toList();
    }

    @SuppressWarnings("unchecked")
    Optional<PurchaseReview.AnomalyView> lock(UUID anomalyId) {
        return ((List<Object[]>) em.createNativeQuery("""
                select id, purchase_id, payment_id, kind, details, created_at, resolved_at, resolved_by, resolution
                from payment_anomalies where id = ?1 for update""")
                .setParameter(1, anomalyId)
                .getResultList()).stream().map(PaymentAnomalyStore::view).findFirst();
    }

    /** Closes the open anomalies of one anomaly or of one purchase's kinds; returns how many it closed. */
    int resolve(UUID anomalyId, String resolution, UUID resolvedBy, Instant at) {
        return em.createNativeQuery("""
                update payment_anomalies set resolved_at = ?2, resolved_by = ?3, resolution = ?4
                where id = ?1 and resolved_at is null""")
                .setParameter(1, anomalyId)
                .setParameter(2, at)
                .setParameter(3, resolvedBy)
                .setParameter(4, resolution)
                .executeUpdate();
    }

    /** Closes the open mismatch anomalies that put the purchase in REVIEW. */
    int resolveMismatchesOf(UUID purchaseId, String resolution, UUID resolvedBy, Instant at) {
        return em.createNativeQuery("""
                update payment_anomalies set resolved_at = ?2, resolved_by = ?3, resolution = ?4
                where purchase_id = ?1 and resolved_at is null and kind in ('AMOUNT_MISMATCH', 'CURRENCY_MISMATCH')""")
                .setParameter(1, purchaseId)
                .setParameter(2, at)
                .setParameter(3, resolvedBy)
                .setParameter(4, resolution)
                .executeUpdate();
    }

    /** Whether an operator already resolved this purchase's review that way. */
    boolean wasResolvedAs(UUID purchaseId, String resolution) {
        return !em.createNativeQuery("""
                select 1 from payment_anomalies where purchase_id = ?1 and resolution = ?2 limit 1""")
                .setParameter(1, purchaseId)
                .setParameter(2, resolution)
                .getResultList().isEmpty();
    }

    private static PurchaseReview.AnomalyView view(Object[] row) {
        return new PurchaseReview.AnomalyView((UUID) row[0], (UUID) row[1], (String) row[2],
                PaymentAnomalies.Kind.valueOf((String) row[3]), (String) row[4], instant(row[5]), instant(row[6]),
                (UUID) row[7], (String) row[8]);
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant;
            case java.time.OffsetDateTime offset -> offset.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("not a timestamp: " + value.getClass());
        };
    }
}
