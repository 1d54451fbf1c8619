package app.banter.social;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import app.banter.platform.Jdbc;
import app.banter.platform.SqlArrays;

/**
 * The user_settings rows. No entity: a user without a row has the defaults, and an upsert writes a setting without
 * reading the row first.
 */
@ApplicationScoped
public class PrivacySettingsStore {

    private final EntityManager entityManager;

    PrivacySettingsStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public boolean areDmsOpen(UUID userId) {
        return !entityManager.createNativeQuery("select 1 from user_settings where user_id = ?1 and dms_open")
                .setParameter(1, userId).getResultList().isEmpty();
    }

    public void saveDmsOpen(UUID userId, boolean open, Instant now) {
        entityManager.createNativeQuery("""
                insert into user_settings (user_id, dms_open, updated_at) values (?1, ?2, ?3)
                on conflict (user_id) do update set dms_open = excluded.dms_open, updated_at = excluded.updated_at""")
                .setParameter(1, userId).setParameter(2, open).setParameter(3, now).executeUpdate();
    }

    public void saveListedOnline(UUID userId, boolean listed, Instant now) {
        entityManager.createNativeQuery("""
                insert into user_settings (user_id, listed_online, updated_at) values (?1, ?2, ?3)
                on conflict (user_id) do update set listed_online = excluded.listed_online,
                  updated_at = excluded.updated_at""")
                .setParameter(1, userId).setParameter(2, listed).setParameter(3, now).executeUpdate();
    }

    /** The user's settings in one read; the defaults for a user without a row. */
    PrivacySettings.View settingsOf(UUID userId) {
        List<?> rows = entityManager.createNativeQuery(
                "select dms_open, listed_online, phone_calls_from from user_settings where user_id = ?1")
                .setParameter(1, userId).getResultList();
        if (rows.isEmpty()) {
            return new PrivacySettings.View(false, false, PhoneCallsFrom.ofStored(null));
        }
        Object[] row = (Object[]) rows.getFirst();
        return new PrivacySettings.View((Boolean) row[0], (Boolean) row[1], PhoneCallsFrom.ofStored((String) row[2]));
    }

    public void savePhoneCallsFrom(UUID userId, PhoneCallsFrom from, Instant now) {
        entityManager.createNativeQuery("""
                insert into user_settings (user_id, phone_calls_from, updated_at) values (?1, ?2, ?3)
                on conflict (user_id) do update set phone_calls_from = excluded.phone_calls_from,
                  updated_at = excluded.updated_at""")
                .setParameter(1, userId).setParameter(2, from.name()).setParameter(3, now).executeUpdate();
    }

    /** Those of {@code userIds} who opted in to the "online now" list. */
    public Set<UUID> listedOnlineAmong(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(Jdbc.query(entityManager,
                "select user_id from user_settings where listed_online and user_id = any(?)",
                (statement, connection) -> statement.setArray(1, SqlArrays.uuids(connection, userIds)),
                row -> row.getObject(1, UUID.class)));
    }

    public void deleteAllOf(UUID userId) {
        entityManager.createNativeQuery("delete from user_settings where user_id = ?1").setParameter(1, userId)
                .executeUpdate();
    }
}
