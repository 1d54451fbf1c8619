package app.banter.user;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.Jdbc;
import app.banter.platform.SqlArrays;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<Device, UUID> {

    /** Inserts the token or moves it to {@code userId}; returns the device id. */
    public UUID upsert(UUID userId, UUID sessionId, String fcmToken, DevicePlatform platform, String deviceId,
            Instant now) {
        return (UUID) getEntityManager().createNativeQuery("""
                insert into devices (id, user_id, session_id, fcm_token, platform, device_id, created_at, updated_at)
                values (?1, ?2, ?7, ?3, ?4, ?6, ?5, ?5)
                on conflict (fcm_token) do update
                set user_id = excluded.user_id, session_id = excluded.session_id, platform = excluded.platform,
                    updated_at = excluded.updated_at, device_id = coalesce(excluded.device_id, devices.device_id)
                returning id""")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, userId)
                .setParameter(3, fcmToken)
                .setParameter(4, platform.name())
                .setParameter(5, now)
                .setParameter(6, deviceId)
                .setParameter(7, sessionId)
                .getSingleResult();
    }

    /**
     * Deletes the user's devices but the {@code keep} registered (or registered again) most recently, {@code deviceId}
     * always among them; their queued pushes go with them.
     */
    public int keepNewest(UUID userId, UUID deviceId, int keep) {
        return getEntityManager().createNativeQuery("""
                delete from devices where user_id = ?1 and id not in (
                    select id from devices where user_id = ?1
                    order by id = ?2 desc, updated_at desc, id desc limit ?3)""")
                .setParameter(1, userId)
                .setParameter(2, deviceId)
                .setParameter(3, keep)
                .executeUpdate();
    }

    public Optional<Device> findOwned(UUID userId, UUID deviceId) {
        return find("id = ?1 and userId = ?2", deviceId, userId).firstResultOptional();
    }

    public long deleteOwned(UUID userId, UUID deviceId) {
        return delete("id = ?1 and userId = ?2", deviceId, userId);
    }

    public List<Device> listOwned(UUID userId) {
        return list("userId = ?1 order by createdAt", userId);
    }

    public long deleteOwnedBy(UUID userId) {
        return delete("userId", userId);
    }

    /** Adds the hashes of device keys to those the user has ever used (see {@link Users#deviceKeyHashesEverUsedBy}). */
    public void rememberKeys(UUID userId, Collection<String> keyHashes, Instant now) {
        for (String keyHash : keyHashes) {
            getEntityManager().createNativeQuery("""
                    insert into device_key_history (user_id, key_hash, first_seen_at) values (?1, ?2, ?3)
                    on conflict do nothing""")
                    .setParameter(1, userId).setParameter(2, keyHash).setParameter(3, now).executeUpdate();
        }
    }

    @SuppressWarnings("unchecked")
    public List<String> keyHashesEverUsedBy(UUID userId) {
        return getEntityManager().createNativeQuery("select key_hash from device_key_history where user_id = ?1")
                .setParameter(1, userId).getResultList();
    }

    public void forgetKeysOf(UUID userId) {
        getEntityManager().createNativeQuery("delete from device_key_history where user_id = ?1")
                .setParameter(1, userId).executeUpdate();
    }

    public long deleteOfSessions(Collection<UUID> sessionIds) {
        return sessionIds.isEmpty() ? 0 : delete("sessionId in ?1", sessionIds);
    }

    /** Plain SQL with one array parameter: Hibernate would translate an HQL list parameter on every notification. */
    List<PushTokens.PushToken> pushTokensOfUsers(Collection<UUID> userIds) {
        return pushTokens("user_id", userIds);
    }

    List<PushTokens.PushToken> pushTokensByIds(Collection<UUID> deviceIds) {
        return pushTokens("id", deviceIds);
    }

    private List<PushTokens.PushToken> pushTokens(String idColumn, Collection<UUID> ids) {
        return Jdbc.query(getEntityManager(),
                "select id, user_id, fcm_token, platform from devices where " + idColumn + " = any(?)",
                (statement, connection) -> statement.setArray(1, SqlArrays.uuids(connection, ids)),
                row -> new PushTokens.PushToken(row.getObject(1, UUID.class), row.getObject(2, UUID.class),
                        row.getString(3), DevicePlatform.ANDROID.name().equals(row.getString(4))));
    }

    long deleteTokens(Collection<String> fcmTokens) {
        return Jdbc.update(getEntityManager(), "delete from devices where fcm_token = any(?)",
                (statement, connection) -> statement.setArray(1, SqlArrays.texts(connection, fcmTokens)));
    }
}
