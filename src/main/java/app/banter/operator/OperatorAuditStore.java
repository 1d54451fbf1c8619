package app.banter.operator;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** The append-only operator audit log. */
@ApplicationScoped
class OperatorAuditStore {

    private final EntityManager em;

    OperatorAuditStore(EntityManager em) {
        this.em = em;
    }

    void insert(UUID id, UUID actorId, String action, String targetType, String targetId, String reason,
            String detailsJson, Instant at) {
        em.createNativeQuery("""
                insert into operator_audit (id, actor_id, action, target_type, target_id, reason, details, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, cast(?7 as jsonb), ?8)""")
                .setParameter(1, id)
                .setParameter(2, actorId)
                .setParameter(3, action)
                .setParameter(4, targetType)
                .setParameter(5, targetId)
                .setParameter(6, reason)
                .setParameter(7, detailsJson)
                .setParameter(8, at)
                .executeUpdate();
    }

    /** Newest first, after the cursor (created_at, id); rows are id, actor, action, type, target, reason, details, at. */
    @SuppressWarnings("unchecked")
    List<Object[]> page(Instant beforeAt, UUID beforeId, int limit) {
        String after = beforeAt == null ? "" : " where created_at < ?2 or (created_at = ?2 and id < ?3)";
        var query = em.createNativeQuery("""
                select id, actor_id, action, target_type, target_id, reason, cast(details as text), created_at
                from operator_audit""" + after + " order by created_at desc, id desc limit ?1")
                .setParameter(1, limit);
        if (beforeAt != null) {
            query.setParameter(2, beforeAt).setParameter(3, beforeId);
        }
        return query.getResultList();
    }
}
