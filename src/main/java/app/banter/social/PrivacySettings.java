package app.banter.social;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;

import app.banter.user.AccountDeleted;

/** Who may reach a user: for now, whether direct messages are open to everyone or to friends only (the default). */
@ApplicationScoped
public class PrivacySettings {

    private final EntityManager entityManager;

    PrivacySettings(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional
    public boolean areDmsOpenToEveryone(UUID userId) {
        return !entityManager.createNativeQuery("select 1 from user_settings where user_id = ?1 and dms_open")
                .setParameter(1, userId).getResultList().isEmpty();
    }

    @Transactional
    public View get(UUID userId) {
        return new View(areDmsOpenToEveryone(userId));
    }

    @Transactional
    public View update(UUID userId, View settings) {
        entityManager.createNativeQuery("""
                insert into user_settings (user_id, dms_open, updated_at) values (?1, ?2, ?3)
                on conflict (user_id) do update set dms_open = excluded.dms_open, updated_at = excluded.updated_at""")
                .setParameter(1, userId).setParameter(2, settings.dmsOpenToEveryone()).setParameter(3, Instant.now())
                .executeUpdate();
        return settings;
    }

    void forget(@Observes AccountDeleted event) {
        entityManager.createNativeQuery("delete from user_settings where user_id = ?1")
                .setParameter(1, event.userId()).executeUpdate();
    }

    public record View(@NotNull Boolean dmsOpenToEveryone) {
    }
}
