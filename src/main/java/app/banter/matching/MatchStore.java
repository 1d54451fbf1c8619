package app.banter.matching;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import app.banter.platform.Jdbc;
import app.banter.platform.SqlArrays;

/**
 * The matches made, and what the matcher must know about a whole pool at once. The rules are read for every waiting
 * user in one statement each (blocks either way, recent partners, restrictions) rather than a question per pair, so a
 * tick over thousands of users costs a few statements. Blocks and restrictions are social's tables, read here in
 * bulk because {@code social} answers only for pairs already made ({@code RelationshipStore}), not among a pool.
 */
@ApplicationScoped
class MatchStore {

    private final EntityManager em;

    MatchStore(EntityManager em) {
        this.em = em;
    }

    /** A match as the skip endpoint needs it. */
    record MatchRecord(UUID id, UUID callerId, UUID calleeId, UUID callId, Instant matchedAt) {
    }

    /** Among {@code users}: the pairs blocked either way and the pairs matched with each other since {@code since}. */
    Exclusions exclusions(Collection<UUID> users, Instant since) {
        Exclusions exclusions = new Exclusions();
        jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    select blocker_id, blocked_id from blocks where blocker_id = any(?) and blocked_id = any(?)
                    union all
                    select caller_id, callee_id from matches
                    where caller_id = any(?) and callee_id = any(?) and matched_at > ?""")) {
                var ids = SqlArrays.uuids(connection, users);
                statement.setArray(1, ids);
                statement.setArray(2, ids);
                statement.setArray(3, ids);
                statement.setArray(4, ids);
                statement.setObject(5, java.sql.Timestamp.from(since));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        exclusions.exclude(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class));
                    }
                }
            }
            return null;
        });
        return exclusions;
    }

    /** Those of {@code users} who are restricted or banned. */
    Set<UUID> restricted(Collection<UUID> users) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select user_id from user_standings where user_id = any(?)")) {
                statement.setArray(1, SqlArrays.uuids(connection, users));
                Set<UUID> restricted = new HashSet<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        restricted.add(rows.getObject(1, UUID.class));
                    }
                }
                return restricted;
            }
        });
    }

    /** Records matches in one statement. */
    void recordAll(List<MatchRecord> matches) {
        if (matches.isEmpty()) {
            return;
        }
        Jdbc.update(em, """
                insert into matches (id, caller_id, callee_id, call_id, matched_at)
                select * from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[], ?::timestamptz[])""",
                (statement, connection) -> {
                    statement.setArray(1, SqlArrays.uuids(connection, matches.stream().map(MatchRecord::id).toList()));
                    statement.setArray(2, SqlArrays.uuids(connection,
                            matches.stream().map(MatchRecord::callerId).toList()));
                    statement.setArray(3, SqlArrays.uuids(connection,
                            matches.stream().map(MatchRecord::calleeId).toList()));
                    statement.setArray(4, SqlArrays.uuids(connection,
                            matches.stream().map(MatchRecord::callId).toList()));
                    statement.setArray(5, SqlArrays.instants(connection,
                            matches.stream().map(MatchRecord::matchedAt).toList()));
                });
    }

    /** The match that became {@code callId}, if {@code userId} is one of its two: anyone else's is as absent. */
    @SuppressWarnings("unchecked")
    Optional<MatchRecord> byCallForParty(UUID callId, UUID userId) {
        List<Object[]> rows = em.createNativeQuery("""
                select id, caller_id, callee_id, call_id, matched_at from matches
                where call_id = ?1 and (caller_id = ?2 or callee_id = ?2)""")
                .setParameter(1, callId)
                .setParameter(2, userId)
                .getResultList();
        return rows.stream().findFirst().map(row -> new MatchRecord((UUID) row[0], (UUID) row[1], (UUID) row[2],
                (UUID) row[3], (Instant) row[4]));
    }

    /** Records one side's rating of a match; false when they had rated it already. */
    boolean recordRating(UUID matchId, UUID raterId, int stars, UUID reportId, Instant at) {
        return em.createNativeQuery("""
                insert into match_ratings (match_id, rater_id, stars, report_id, rated_at) values (?1, ?2, ?3, ?4, ?5)
                on conflict do nothing""")
                .setParameter(1, matchId)
                .setParameter(2, raterId)
                .setParameter(3, stars)
                .setParameter(4, reportId)
                .setParameter(5, at)
                .executeUpdate() == 1;
    }

    /** Those of {@code callIds} that a match made. */
    Set<UUID> matchedCalls(Collection<UUID> callIds) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select call_id from matches where call_id = any(?)")) {
                statement.setArray(1, SqlArrays.uuids(connection, callIds));
                Set<UUID> matched = new HashSet<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        matched.add(rows.getObject(1, UUID.class));
                    }
                }
                return matched;
            }
        });
    }

    private <T> T jdbc(ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }
}
