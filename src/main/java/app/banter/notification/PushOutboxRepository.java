package app.banter.notification;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.platform.Jdbc;
import app.banter.platform.SqlArrays;

/** The push_outbox table: pushes still to send, one row per notification and device. */
@ApplicationScoped
class PushOutboxRepository {

    /**
     * A push claimed for sending, with what it says.
     *
     * @param withheld the recipient muted its category or blocked its sender (or was blocked) since it was queued
     */
    record Push(UUID id, UUID deviceId, UUID userId, String kind, String title, String body,
            Map<String, String> data, boolean urgent, String collapseKey, int attempts, Instant expiresAt,
            boolean withheld) {
    }

    private static final TypeReference<Map<String, String>> DATA = new TypeReference<>() {
    };

    private final EntityManager em;
    private final ObjectMapper json;

    PushOutboxRepository(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
    }

    /**
     * Queues the notification's push to each of these devices that still exists. A device may be removed after its id
     * was read (FCM refused its token, its session ended, newer devices evicted it): its foreign key would then fail
     * the insert, and with it whatever caused the notification (a call, a message). Read here under a key-share lock
     * instead, a device whose removal is under way is waited for, and skipped once that removal commits; one that is
     * locked here cannot be removed until the push is queued, and takes its push with it then.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void enqueue(UUID notificationId, Collection<UUID> deviceIds, boolean urgent, String collapseKey,
            Instant expiresAt, Instant now) {
        if (deviceIds.isEmpty()) {
            return;
        }
        jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into push_outbox (id, notification_id, device_id, priority, collapse_key, attempts,
                                             next_attempt_at, expires_at, created_at)
                    select gen_random_uuid(), ?, d.id, ?, ?, 0, ?, ?, ? from devices d
                    where d.id = any(?::uuid[]) for key share""")) {
                statement.setObject(1, notificationId);
                statement.setString(2, urgent ? "HIGH" : "NORMAL");
                statement.setString(3, collapseKey);
                statement.setObject(4, Jdbc.timestamp(now));
                statement.setObject(5, Jdbc.timestamp(expiresAt));
                statement.setObject(6, Jdbc.timestamp(now));
                statement.setArray(7, SqlArrays.uuids(connection, deviceIds));
                return statement.executeUpdate();
            }
        });
    }

    /**
     * Claims up to {@code limit} due pushes: each moves one lease ahead and counts an attempt, so that it is sent again
     * only if its sender does not report back within the lease. Rows other pods are claiming are skipped.
     *
     * <p>
     * Mutes and blocks are read again here, not only when the push was queued: a push FCM refuses for now may be
     * retried for hours, and must not show someone's message after the recipient blocked them or muted its category.
     * Both are read in bulk from their tables (blocks are social's, read here as MatchStore reads them) so that a
     * batch costs no more statements. A notification's other party is the user it opens, {@code data.userId} (the
     * caller, sender, requester or inviter); compared as text, so that a notification whose data has no user id, or
     * something else under that name, cannot fail the claim.
     */
    @Transactional
    List<Push> claimDue(Instant now, Instant leaseEnd, int limit) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    with claimed as (
                        update push_outbox set next_attempt_at = ?, attempts = attempts + 1
                        where id in (select id from push_outbox where next_attempt_at <= ?
                                     order by next_attempt_at limit ? for update skip locked)
                        returning id, notification_id, device_id, priority, collapse_key, attempts, expires_at)
                    select c.id, c.device_id, n.user_id, n.kind, n.title, n.body, n.data::text, c.priority,
                           c.collapse_key, c.attempts, c.expires_at,
                           exists (select 1 from notification_mutes m
                                   where m.user_id = n.user_id and m.category = n.category)
                           or exists (select 1 from blocks b
                                      where (b.blocker_id = n.user_id and b.blocked_id::text = n.data->>'userId')
                                         or (b.blocked_id = n.user_id and b.blocker_id::text = n.data->>'userId'))
                    from claimed c join notifications n on n.id = c.notification_id""")) {
                statement.setObject(1, Jdbc.timestamp(leaseEnd));
                statement.setObject(2, Jdbc.timestamp(now));
                statement.setInt(3, limit);
                List<Push> pushes = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        pushes.add(new Push(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class),
                                rows.getObject(3, UUID.class), rows.getString(4), rows.getString(5),
                                rows.getString(6), data(rows.getString(7)), "HIGH".equals(rows.getString(8)),
                                rows.getString(9), rows.getInt(10), Jdbc.instant(rows, 11), rows.getBoolean(12)));
                    }
                }
                return pushes;
            }
        });
    }

    /** Pushes sent, or given up: gone from the outbox. */
    @Transactional
    void delete(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "delete from push_outbox where id = any(?::uuid[])")) {
                statement.setArray(1, SqlArrays.uuids(connection, ids));
                return statement.executeUpdate();
            }
        });
    }

    /** Pushes that failed for now, each due again at its own time. */
    @Transactional
    void retryAt(Map<UUID, Instant> dueAt) {
        if (dueAt.isEmpty()) {
            return;
        }
        List<UUID> ids = new ArrayList<>(dueAt.keySet());
        jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    update push_outbox o set next_attempt_at = due.at
                    from unnest(?::uuid[], ?::timestamptz[]) as due(id, at) where o.id = due.id""")) {
                statement.setArray(1, SqlArrays.uuids(connection, ids));
                statement.setArray(2, SqlArrays.instants(connection, ids.stream().map(dueAt::get).toList()));
                return statement.executeUpdate();
            }
        });
    }

    /** Pushes still to send to this user's devices. */
    @Transactional
    long pendingFor(UUID userId) {
        return ((Number) em.createNativeQuery("""
                select count(*) from push_outbox o join notifications n on n.id = o.notification_id
                where n.user_id = ?1""").setParameter(1, userId).getSingleResult()).longValue();
    }

    private Map<String, String> data(String text) throws SQLException {
        try {
            return json.readValue(text, DATA);
        } catch (JsonProcessingException e) {
            throw new SQLException("notifications.data is not a JSON object of strings", e);
        }
    }

    private <T> T jdbc(ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }
}
