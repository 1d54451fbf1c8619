package app.banter.payment;

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
public class PurchaseRepository implements PanacheRepositoryBase<Purchase, UUID> {

    public Optional<Purchase> findByIdempotencyKey(UUID userId, String key) {
        return find("userId = ?1 and idempotencyKey = ?2", userId, key).firstResultOptional();
    }

    public Optional<Purchase> findOwned(UUID userId, UUID purchaseId) {
        return find("id = ?1 and userId = ?2", purchaseId, userId).firstResultOptional();
    }

    public boolean existsByOrderId(String orderId) {
        // Not Panache's count: Hibernate builds and translates a count query anew on every call (never cached).
        return !getEntityManager().createQuery("select 1 from Purchase where razorpayOrderId = ?1", Integer.class)
                .setParameter(1, orderId).setMaxResults(1).getResultList().isEmpty();
    }

    /** Locks the purchase: verify, webhooks and the reconciler settle it one after another. */
    public Optional<Purchase> lockByOrderId(String orderId) {
        return find("razorpayOrderId", orderId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public Optional<Purchase> lockByPaymentId(String paymentId) {
        return find("razorpayPaymentId", paymentId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** Records a refund of the payment as applied; false when it already was. */
    public boolean recordRefund(String refundId, UUID purchaseId, String paymentId, long amountPaise) {
        return getEntityManager().createNativeQuery("""
                insert into razorpay_refunds (refund_id, purchase_id, payment_id, amount_paise, processed_at)
                values (?1, ?2, ?3, ?4, ?5) on conflict (refund_id) do nothing""")
                .setParameter(1, refundId)
                .setParameter(2, purchaseId)
                .setParameter(3, paymentId)
                .setParameter(4, amountPaise)
                .setParameter(5, Instant.now())
                .executeUpdate() == 1;
    }

    /** What refunds recorded for the purchase took of this payment, in paise. */
    public long refundedOf(UUID purchaseId, String paymentId) {
        return ((Number) getEntityManager().createNativeQuery("""
                select coalesce(sum(amount_paise), 0) from razorpay_refunds where purchase_id = ?1 and payment_id = ?2""")
                .setParameter(1, purchaseId)
                .setParameter(2, paymentId)
                .getSingleResult()).longValue();
    }

    /** Newest first, after the cursor (created_at, id). */
    public List<Purchase> pageOf(UUID userId, Instant beforeCreatedAt, UUID beforeId, int limit) {
        if (beforeCreatedAt == null) {
            return find("userId = ?1 order by createdAt desc, id desc", userId).page(0, limit).list();
        }
        return find("userId = :user and (createdAt < :at or (createdAt = :at and id < :id)) "
                + "order by createdAt desc, id desc",
                Parameters.with("user", userId).and("at", beforeCreatedAt).and("id", beforeId))
                .page(0, limit).list();
    }

    /**
     * Claims up to {@code limit} unsettled orders younger than {@code createdAfter} whose lease expired and pushes their lease to {@code leaseUntil},
     * so that the reconcilers of other pods skip them (SKIP LOCKED) and later ticks wait for the lease.
     */
    public List<UUID> claimUnsettled(Instant now, Instant leaseUntil, Instant createdAfter, int limit) {
        // FAILED too: a customer may pay an order again after a failed attempt, and that webhook may be lost.
        return NativeQueries.uuids(getEntityManager().createNativeQuery("""
                update purchases set reconcile_after = ?2
                where id in (select id from purchases
                             where status in ('CREATED', 'FAILED') and reconcile_after <= ?1 and created_at > ?3
                             order by reconcile_after limit ?4 for update skip locked)
                returning id""")
                .setParameter(1, now)
                .setParameter(2, leaseUntil)
                .setParameter(3, createdAfter)
                .setParameter(4, limit));
    }

    /** Leases a pending purchase for asking Razorpay for its order, unless another request holds the lease. */
    public boolean leaseForOrder(UUID purchaseId, Instant now, Instant leaseUntil) {
        return update("orderLeaseUntil = ?1 where id = ?2 and status = ?3 "
                + "and (orderLeaseUntil is null or orderLeaseUntil <= ?4)",
                leaseUntil, purchaseId, Purchase.Status.PENDING, now) == 1;
    }

    /** Gives the lease back after Razorpay failed, so that a retry asks again at once. */
    public void releaseOrderLease(UUID purchaseId) {
        update("orderLeaseUntil = null where id = ?1 and status = ?2", purchaseId, Purchase.Status.PENDING);
    }

    // Operator review of purchases (issue 16)

    public Optional<Purchase> lockById(UUID purchaseId) {
        return find("id", purchaseId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** Purchases in REVIEW, newest first, after the cursor (created_at, id). */
    public List<Purchase> pageInReview(Instant beforeCreatedAt, UUID beforeId, int limit) {
        if (beforeCreatedAt == null) {
            return find("status = ?1 order by createdAt desc, id desc", Purchase.Status.REVIEW).page(0, limit).list();
        }
        return find("status = :status and (createdAt < :at or (createdAt = :at and id < :id)) "
                + "order by createdAt desc, id desc",
                Parameters.with("status", Purchase.Status.REVIEW).and("at", beforeCreatedAt).and("id", beforeId))
                .page(0, limit).list();
    }
}
