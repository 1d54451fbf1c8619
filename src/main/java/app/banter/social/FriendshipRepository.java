package app.banter.social;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.Jdbc;
import app.banter.platform.SqlArrays;
import app.banter.platform.paging.TimeCursor;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

@ApplicationScoped
public class FriendshipRepository implements PanacheRepositoryBase<Friendship, Friendship.Key> {

    /**
     * A transaction-scoped lock on a pair of users, whichever way round they are named. Friend requests, acceptances
     * and blocks between the same two people take it, so that two opposite requests sent at the same moment make one
     * friendship and a block cannot interleave with an acceptance.
     */
    public void lockPair(UUID a, UUID b) {
        String pair = a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
        getEntityManager()
                .createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtextextended(?1, 0))) locked")
                .setParameter(1, pair).getSingleResult();
    }

    /** Both directions in one statement; a friendship that already exists stays as it is. */
    public void befriend(UUID a, UUID b, Instant now) {
        getEntityManager().createNativeQuery("""
                insert into friendships (user_id, friend_id, created_at) values (?1, ?2, ?3), (?2, ?1, ?3)
                on conflict do nothing""")
                .setParameter(1, a).setParameter(2, b).setParameter(3, now)
                .executeUpdate();
    }

    /** Returns whether they were friends. */
    public boolean unfriend(UUID a, UUID b) {
        return delete("(userId = ?1 and friendId = ?2) or (userId = ?2 and friendId = ?1)", a, b) > 0;
    }

    public boolean areFriends(UUID a, UUID b) {
        // Not Panache's count: Hibernate builds and translates a count query anew on every call (never cached).
        return !getEntityManager().createQuery(
                "select 1 from Friendship where userId = ?1 and friendId = ?2",
                Integer.class)
                .setParameter(1, a).setParameter(2, b).setMaxResults(1).getResultList().isEmpty();
    }

    public List<Friendship> friendsOf(UUID userId, TimeCursor after, int limit) {
        Parameters parameters = Parameters.with("user", userId);
        String query = "userId = :user";
        if (after != null) {
            query += " and (createdAt < :at or (createdAt = :at and friendId < :id))";
            parameters.and("at", after.at()).and("id", after.id());
        }
        return find(query + " order by createdAt desc, friendId desc", parameters).page(0, limit).list();
    }

    /** All friend ids of a user: presence changes go to each of them. */
    public List<UUID> friendIds(UUID userId) {
        return getEntityManager().createQuery("select friendId from Friendship where userId = ?1", UUID.class)
                .setParameter(1, userId).getResultList();
    }

    /** The friend ids of each of these users (a user without friends is left out), in one statement. */
    public Map<UUID, List<UUID>> friendIdsOfEach(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return Jdbc.query(getEntityManager(), "select user_id, friend_id from friendships where user_id = any(?)",
                (statement, connection) -> statement.setArray(1, SqlArrays.uuids(connection, userIds)),
                rows -> new Friendship.Key(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class)))
                .stream().collect(Collectors.groupingBy(Friendship.Key::userId,
                        Collectors.mapping(Friendship.Key::friendId, Collectors.toList())));
    }

    /** Which of {@code candidates} are friends of {@code userId}. */
    public Set<UUID> friendsAmong(UUID userId, Collection<UUID> candidates) {
        if (candidates.isEmpty()) {
            return Set.of();
        }
        // Plain SQL with one array parameter: Hibernate would translate an HQL list parameter on every call.
        return Set.copyOf(Jdbc.query(getEntityManager(),
                "select friend_id from friendships where user_id = ? and friend_id = any(?)",
                (statement, connection) -> {
                    statement.setObject(1, userId);
                    statement.setArray(2, SqlArrays.uuids(connection, candidates));
                }, row -> row.getObject(1, UUID.class)));
    }

    public void deleteAllOf(UUID userId) {
        delete("userId = ?1 or friendId = ?1", userId);
    }
}
