package app.banter.operator;

import java.util.List;

import jakarta.persistence.EntityManager;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Reads operator_audit directly, to count exactly what an action left behind. */
public final class AuditRows {

    private AuditRows() {
    }

    public static long count(String action, Object targetId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Arc.container().instance(EntityManager.class)
                .get().createNativeQuery("select count(*) from operator_audit where action = ?1 and target_id = ?2")
                .setParameter(1, action)
                .setParameter(2, String.valueOf(targetId))
                .getSingleResult()).longValue());
    }

    /** The reasons of the entries of {@code action} on this target, oldest first. */
    @SuppressWarnings("unchecked")
    public static List<String> reasons(String action, Object targetId) {
        return QuarkusTransaction.requiringNew().call(() -> (List<String>) Arc.container()
                .instance(EntityManager.class).get()
                .createNativeQuery("""
                        select reason from operator_audit where action = ?1 and target_id = ?2
                        order by created_at""")
                .setParameter(1, action)
                .setParameter(2, String.valueOf(targetId))
                .getResultList());
    }

    /** Every audit row's details and reason as text, to check that no phone number was written there. */
    @SuppressWarnings("unchecked")
    public static List<String> allText() {
        return QuarkusTransaction.requiringNew().call(() -> (List<String>) Arc.container()
                .instance(EntityManager.class).get()
                .createNativeQuery("select coalesce(reason, '') || ' ' || cast(details as text) from operator_audit")
                .getResultList());
    }
}
