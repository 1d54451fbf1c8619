package app.banter.payment;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

/** Money events that did not add up, recorded for review in the transaction that found them. */
@ApplicationScoped
public class PaymentAnomalies {

    public enum Kind {
        AMOUNT_MISMATCH,
        CURRENCY_MISMATCH,
        SECOND_PAYMENT,
        REFUND_SHORTFALL
    }

    private static final Logger LOG = Logger.getLogger(PaymentAnomalies.class);

    private final EntityManager em;

    PaymentAnomalies(EntityManager em) {
        this.em = em;
    }

    public void record(UUID purchaseId, String paymentId, Kind kind, String details) {
        LOG.warnf("Payment anomaly %s on purchase %s: %s", kind, purchaseId, details);
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
