package app.banter.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import app.banter.platform.Jdbc;
import app.banter.platform.NativeQueries;
import app.banter.platform.SqlArrays;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

/** The call lifecycle's lookups: a party's call, a room's call, history, who is in a call. */
@ApplicationScoped
public class CallRepository implements PanacheRepositoryBase<Call, UUID> {

    /** The call, if {@code userId} is one of its parties: someone else's call is as absent as no call. */
    public Optional<Call> findForParty(UUID callId, UUID userId) {
        return find("id = ?1 and (callerId = ?2 or calleeId = ?2)", callId, userId).firstResultOptional();
    }

    public Optional<Call> lock(UUID callId) {
        return findByIdOptional(callId, LockModeType.PESSIMISTIC_WRITE);
    }

    public Optional<Call> lockByRoom(String roomName) {
        return find("roomName", roomName).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public Optional<Call> lockByProviderCallId(String providerCallId) {
        return find("providerCallId", providerCallId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** Newest first, after the cursor (created_at, id). */
    public List<Call> historyOf(UUID userId, Instant beforeCreatedAt, UUID beforeId, int limit) {
        Parameters parameters = Parameters.with("user", userId);
        String query = "(callerId = :user or calleeId = :user)";
        if (beforeCreatedAt != null) {
            query += " and (createdAt < :at or (createdAt = :at and id < :id))";
            parameters.and("at", beforeCreatedAt).and("id", beforeId);
        }
        return find(query + " order by createdAt desc, id desc", parameters).page(0, limit).list();
    }

    /** Takes both parties into the call; false when either is already in one. */
    public boolean enterParties(Call call) {
        int inserted = getEntityManager().createNativeQuery("""
                insert into call_parties (user_id, call_id) values (?1, ?3), (?2, ?3) on conflict do nothing""")
                .setParameter(1, call.callerId)
                .setParameter(2, call.calleeId)
                .setParameter(3, call.id)
                .executeUpdate();
        return inserted == 2;
    }

    /**
     * Inserts new calls in one statement, for the matcher's many calls at once; what persisting each would write
     * (the billing state derived as {@link Call#deriveBillingState} does on persist).
     */
    void insertAll(List<Call> created) {
        if (created.isEmpty()) {
            return;
        }
        created.forEach(Call::deriveBillingState);
        Jdbc.update(getEntityManager(), """
                insert into calls (id, caller_id, callee_id, type, status, room_name, carrier, rate_per_minute,
                                   callee_share_percent, grace_seconds, hold_id, ring_expires_at, answered_at,
                                   next_check_at, next_minute_at, both_present, created_at, updated_at)
                select * from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[],
                                     ?::bigint[], ?::int[], ?::int[], ?::uuid[], ?::timestamptz[], ?::timestamptz[],
                                     ?::timestamptz[], ?::timestamptz[], ?::boolean[], ?::timestamptz[],
                                     ?::timestamptz[])""", (statement, connection) -> {
            int i = 1;
            statement.setArray(i++, SqlArrays.uuids(connection, each(created, call -> call.id)));
            statement.setArray(i++, SqlArrays.uuids(connection, each(created, call -> call.callerId)));
            statement.setArray(i++, SqlArrays.uuids(connection, each(created, call -> call.calleeId)));
            statement.setArray(i++, SqlArrays.texts(connection, each(created, call -> call.type.name())));
            statement.setArray(i++, SqlArrays.texts(connection, each(created, call -> call.status.name())));
            statement.setArray(i++, SqlArrays.texts(connection, each(created, call -> call.roomName)));
            statement.setArray(i++, SqlArrays.texts(connection, each(created, call -> call.carrier.name())));
            statement.setArray(i++, SqlArrays.longs(connection, each(created, call -> call.ratePerMinute)));
            statement.setArray(i++, SqlArrays.ints(connection, each(created, call -> call.calleeSharePercent)));
            statement.setArray(i++, SqlArrays.ints(connection, each(created, call -> call.graceSeconds)));
            statement.setArray(i++, SqlArrays.uuids(connection, each(created, call -> call.holdId)));
            statement.setArray(i++, SqlArrays.instants(connection, each(created, call -> call.ringExpiresAt)));
            statement.setArray(i++, SqlArrays.instants(connection, each(created, call -> call.answeredAt)));
            statement.setArray(i++, SqlArrays.instants(connection, each(created, call -> call.nextCheckAt)));
            statement.setArray(i++, SqlArrays.instants(connection, each(created, call -> call.nextMinuteAt)));
            statement.setArray(i++, connection.createArrayOf("boolean",
                    each(created, call -> call.bothPresent).toArray()));
            statement.setArray(i++, SqlArrays.instants(connection, each(created, call -> call.createdAt)));
            statement.setArray(i, SqlArrays.instants(connection, each(created, call -> call.updatedAt)));
        });
    }

    /**
     * {@link #enterParties(Call)} for many calls in one statement; returns the users who entered. A user already in a
     * call (or in two of these) enters only one, so a call with a party missing must be undone ({@link #deleteAll}).
     */
    Set<UUID> enterParties(List<Call> created) {
        List<UUID> users = new ArrayList<>(created.size() * 2);
        List<UUID> callIds = new ArrayList<>(created.size() * 2);
        for (Call call : created) {
            users.add(call.callerId);
            callIds.add(call.id);
            users.add(call.calleeId);
            callIds.add(call.id);
        }
        return new HashSet<>(Jdbc.query(getEntityManager(), """
                insert into call_parties (user_id, call_id) select * from unnest(?::uuid[], ?::uuid[])
                on conflict do nothing returning user_id""", (statement, connection) -> {
            statement.setArray(1, SqlArrays.uuids(connection, users));
            statement.setArray(2, SqlArrays.uuids(connection, callIds));
        }, rows -> rows.getObject(1, UUID.class)));
    }

    /** Undoes calls inserted in this transaction, with their parties: as if they had never been made. */
    void deleteAll(Collection<UUID> callIds) {
        if (callIds.isEmpty()) {
            return;
        }
        Jdbc.update(getEntityManager(), "delete from call_parties where call_id = any(?)",
                (statement, connection) -> statement.setArray(1, SqlArrays.uuids(connection, callIds)));
        Jdbc.update(getEntityManager(), "delete from calls where id = any(?)",
                (statement, connection) -> statement.setArray(1, SqlArrays.uuids(connection, callIds)));
    }

    private static <T> List<T> each(List<Call> calls, Function<Call, T> column) {
        return calls.stream().map(column).toList();
    }

    public void leaveParties(Call call) {
        getEntityManager().createNativeQuery("delete from call_parties where call_id = ?1")
                .setParameter(1, call.id).executeUpdate();
    }

    /** The call the user is a party of now, if any: one at most, as each party has one row. */
    public Optional<UUID> callOf(UUID userId) {
        return NativeQueries.uuids(getEntityManager().createNativeQuery(
                "select call_id from call_parties where user_id = ?1").setParameter(1, userId)).stream().findFirst();
    }

    public boolean isInCall(UUID userId) {
        return getEntityManager().createNativeQuery("select 1 from call_parties where user_id = ?1")
                .setParameter(1, userId).getResultList().size() > 0;
    }
}
