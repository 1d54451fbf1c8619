package app.banter.notification;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

import app.banter.platform.Jdbc;
import app.banter.platform.TimeOrderedIds;
import app.banter.platform.paging.TimeCursor;

/** The notifications table (the in-app list) and each user's muted categories. */
@ApplicationScoped
class NotificationRepository implements PanacheRepositoryBase<Notification, UUID> {

    List<Notification> inAppOf(UUID userId, TimeCursor after, int limit) {
        Parameters parameters = Parameters.with("user", userId);
        String query = "userId = :user and inApp = true";
        if (after != null) {
            query += " and (createdAt < :at or (createdAt = :at and id < :id))";
            parameters.and("at", after.at()).and("id", after.id());
        }
        return find(query + " order by createdAt desc, id desc", parameters).page(0, limit).list();
    }

    long unreadCount(UUID userId) {
        // Not Panache's count: Hibernate builds and translates a count query anew on every call (never cached).
        return getEntityManager().createQuery(
                "select count(*) from Notification where userId = ?1 and inApp = true and readAt is null",
                Long.class)
                .setParameter(1, userId).getSingleResult();
    }

    Optional<Notification> findOwnedInApp(UUID userId, UUID id) {
        return find("id = ?1 and userId = ?2 and inApp = true", id, userId).firstResultOptional();
    }

    int markAllRead(UUID userId, Instant now) {
        return update("readAt = ?1 where userId = ?2 and inApp = true and readAt is null", now, userId);
    }

    /**
     * Deletes up to {@code limit} notifications created before {@code cutoff}, oldest first; rows another pod holds are
     * skipped. Found through the primary key: the ids are time-ordered (TimeOrderedIds), so every id below the first
     * of the cutoff's millisecond is older. The created_at condition keeps out random ids of rows written before the
     * ids were time-ordered, some of which sort low.
     */
    @Transactional
    int deleteCreatedBefore(Instant cutoff, int limit) {
        return getEntityManager().createNativeQuery("""
                delete from notifications where id in (
                    select id from notifications where id < ?1 and created_at < ?2
                    order by id limit ?3 for update skip locked)""")
                .setParameter(1, TimeOrderedIds.firstOf(cutoff)).setParameter(2, cutoff).setParameter(3, limit)
                .executeUpdate();
    }

    /**
     * Deletes the notifications about this user ({@code data.userId}: the caller, sender, requester or inviter), with
     * their queued pushes (the outbox rows cascade); found through the notifications_actor index (V19_41).
     */
    int deleteAbout(UUID userId) {
        return getEntityManager().createNativeQuery("delete from notifications where data ->> 'userId' = ?1")
                .setParameter(1, userId.toString()).executeUpdate();
    }

    /**
     * Plain JDBC: read for every notice recorded (each message to someone offline), and as an untyped native query
     * Hibernate worked out its result's types from the result set's metadata on every call (4 % of a message send's
     * CPU in bench/rest, besides the session flush it set off).
     */
    Set<NotificationCategory> mutedCategories(UUID userId) {
        List<String> names = Jdbc.query(getEntityManager(),
                "select category from notification_mutes where user_id = ?",
                (statement, connection) -> statement.setObject(1, userId), row -> row.getString(1));
        Set<NotificationCategory> muted = EnumSet.noneOf(NotificationCategory.class);
        names.forEach(name -> muted.add(NotificationCategory.valueOf(name)));
        return muted;
    }

    void replaceMutedCategories(UUID userId, Set<NotificationCategory> muted) {
        // One replacement per user at a time: two at once would each delete only the rows there before either
        // inserted (READ COMMITTED), and the user would end up with both sets together, which neither asked for.
        getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, "notification-mutes:" + userId).getSingleResult();
        getEntityManager().createNativeQuery("delete from notification_mutes where user_id = ?1")
                .setParameter(1, userId).executeUpdate();
        for (NotificationCategory category : muted) {
            getEntityManager().createNativeQuery(
                    "insert into notification_mutes (user_id, category) values (?1, ?2) on conflict do nothing")
                    .setParameter(1, userId).setParameter(2, category.name()).executeUpdate();
        }
    }
}
