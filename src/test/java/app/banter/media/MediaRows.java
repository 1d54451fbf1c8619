package app.banter.media;

import java.util.UUID;

import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** Native queries in transactions of their own, as the media tests age uploads and check what cleanup left. */
final class MediaRows {

    private MediaRows() {
    }

    static long count(EntityManager entityManager, String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = entityManager.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return ((Number) query.getSingleResult()).longValue();
        });
    }

    /** Makes the uploads older than banter.media.cleanup.unused-after (24 hours). */
    static void age(EntityManager entityManager, UUID... mediaIds) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (UUID id : mediaIds) {
                entityManager.createNativeQuery(
                        "update media set created_at = created_at - interval '25 hours' where id = ?1")
                        .setParameter(1, id).executeUpdate();
            }
        });
    }
}
