package app.banter.payment;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** The append-only review list of payment anomalies. */
@ApplicationScoped
class PaymentAnomalyStore {

    private final EntityManager em;

    PaymentAnomalyStore(EntityManager em) {
        this.em = em;
    }

    void insert(UUID purchaseId, String paymentId, PaymentAnomalies.Kind kind, String details) {
        em.createNativeQuery("""
                insert into payment_anomalies (id, purchase_id, payment_id, kind, details, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6)""")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, purchaseId)
                .setParameter(3, paymentId)
                .setParameter(4, kind.name())
                .setParameter(5, details)
                .setParameter(6, Instant.now())
                .executeUpdate();
    }
}
