package app.banter.call;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import app.banter.platform.SqlArrays;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

@ApplicationScoped
public class CallRepository implements PanacheRepositoryBase<Call, UUID> {

    /** Both parties in the room by our record: each joined after they last left (Call.isCallerPresent). */
    private static final String BOTH_IN_ROOM = """
            caller_joined_at is not null and (caller_left_at is null or caller_left_at < caller_joined_at)
            and callee_joined_at is not null and (callee_left_at is null or callee_left_at < callee_joined_at)""";

    /** When a connected call's next unbilled minute starts (Call.minuteStart). */
    private static final String NEXT_MINUTE =
            "connected_at + make_interval(secs => grace_seconds + 60 * billed_minutes)";

    /** Connected calls, both parties in the room, whose next minute has started by {@code now}. */
    private static final String BILLABLE = """
            status = 'ANSWERED' and next_check_at <= ?::timestamptz and connected_at is not null and %s
            and %s <= ?::timestamptz""".formatted(BOTH_IN_ROOM, NEXT_MINUTE);

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

    /**
     * Claims up to {@code limit} active calls that are due and leases them until {@code leaseUntil}: reconcilers on
     * other pods skip the locked rows and, after this commits, the leased ones. A reconciler that dies mid-batch
     * loses its lease and the calls come back on a later tick.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> claimDue(Instant now, Instant leaseUntil, int limit) {
        return getEntityManager().createNativeQuery("""
                update calls set next_check_at = ?2
                where id in (select id from calls
                             where status in ('INITIATED', 'RINGING', 'ANSWERED') and next_check_at <= ?1
                             order by next_check_at limit ?3 for update skip locked)
                returning id""", UUID.class)
                .setParameter(1, now)
                .setParameter(2, leaseUntil)
                .setParameter(3, limit)
                .getResultList();
    }

    /**
     * The calls to bill now, without locking them: one pass over the due-calls index per tick. Batches then lock
     * them by id ({@link #lockBillable}), which does not walk again past the index entries earlier batches left.
     */
    public List<UUID> findBillable(Instant now) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select id from calls where " + BILLABLE + " order by next_check_at")) {
                statement.setString(1, now.toString());
                statement.setString(2, now.toString());
                List<UUID> ids = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                }
                return ids;
            }
        });
    }

    /**
     * Locks those of {@code ids} that are still to be billed now; calls locked or leased by another reconciler, or
     * changed meanwhile, are skipped. Returned as detached copies with the fields billing needs;
     * {@link #recordBilled} writes their changes back.
     */
    public List<Call> lockBillable(Collection<UUID> ids, Instant now) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    select id, caller_id, callee_id, room_name, rate_per_minute, callee_share_percent, grace_seconds,
                           hold_id, connected_at, billed_minutes, coins_charged, participants_checked_at
                    from calls where id = any(?) and %s for update skip locked""".formatted(BILLABLE))) {
                statement.setArray(1, SqlArrays.uuids(connection, ids));
                statement.setString(2, now.toString());
                statement.setString(3, now.toString());
                List<Call> billable = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Call call = new Call();
                        call.id = rows.getObject(1, UUID.class);
                        call.callerId = rows.getObject(2, UUID.class);
                        call.calleeId = rows.getObject(3, UUID.class);
                        call.roomName = rows.getString(4);
                        call.status = Call.Status.ANSWERED;
                        call.ratePerMinute = rows.getLong(5);
                        call.calleeSharePercent = rows.getInt(6);
                        call.graceSeconds = rows.getInt(7);
                        call.holdId = rows.getObject(8, UUID.class);
                        call.connectedAt = instant(rows, 9);
                        call.billedMinutes = rows.getInt(10);
                        call.coinsCharged = rows.getLong(11);
                        call.participantsCheckedAt = instant(rows, 12);
                        billable.add(call);
                    }
                }
                return billable;
            }
        });
    }

    /**
     * Lets the current transaction's commit return before its WAL reaches the disk. Only for work that is redone
     * exactly when lost: a billing batch lost to a database crash is lost whole (it is one transaction), and the next
     * tick bills the same minutes under the same keys.
     */
    public void commitWithoutWaitingForDisk() {
        jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("set local synchronous_commit = off")) {
                return statement.execute();
            }
        });
    }

    /** Writes back what billing changed on calls from {@link #lockBillable}, in one statement. */
    public void recordBilled(List<Call> billed) {
        if (billed.isEmpty()) {
            return;
        }
        jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    update calls c set billed_minutes = b.billed_minutes, coins_charged = b.coins_charged,
                                       hold_id = b.hold_id, next_check_at = b.next_check_at, updated_at = b.updated_at
                    from unnest(?::uuid[], ?::integer[], ?::bigint[], ?::uuid[], ?::timestamptz[], ?::timestamptz[])
                         as b(id, billed_minutes, coins_charged, hold_id, next_check_at, updated_at)
                    where c.id = b.id""")) {
                statement.setArray(1, SqlArrays.uuids(connection, billed.stream().map(call -> call.id).toList()));
                statement.setArray(2, SqlArrays.ints(connection, billed.stream().map(call -> call.billedMinutes)
                        .toList()));
                statement.setArray(3, SqlArrays.longs(connection, billed.stream().map(call -> call.coinsCharged)
                        .toList()));
                statement.setArray(4, SqlArrays.uuids(connection, billed.stream().map(call -> call.holdId).toList()));
                statement.setArray(5, SqlArrays.instants(connection, billed.stream().map(call -> call.nextCheckAt)
                        .toList()));
                statement.setArray(6, SqlArrays.instants(connection, billed.stream().map(call -> call.updatedAt)
                        .toList()));
                return statement.executeUpdate();
            }
        });
    }

    /** A connected call whose room LiveKit is to be asked about. */
    public record RoomCheck(UUID callId, String roomName) {
    }

    /**
     * Claims the connected calls, both parties in the room by our record, whose participant check is due by
     * {@code now}, leasing them until {@code leaseUntil} as {@link #claimDue} does: the reconciler asks LiveKit about
     * their rooms many at once, and records the answer only on calls nothing else touched meanwhile.
     */
    @SuppressWarnings("unchecked")
    public List<RoomCheck> claimRoomChecks(Instant now, Duration checkEvery, Instant leaseUntil) {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                update calls set next_check_at = ?3
                where id in (select id from calls
                             where status = 'ANSWERED' and next_check_at <= ?1 and connected_at is not null
                               and coalesce(participants_checked_at, connected_at) + make_interval(secs => ?2) <= ?1
                               and %s
                             for update skip locked)
                returning id, room_name""".formatted(BOTH_IN_ROOM))
                .setParameter(1, now)
                .setParameter(2, (double) checkEvery.toMillis() / 1000)
                .setParameter(3, leaseUntil)
                .getResultList();
        return rows.stream().map(row -> new RoomCheck((UUID) row[0], (String) row[1])).toList();
    }

    /**
     * Records that LiveKit still sees both parties of these calls at {@code now}, and when each is next due: its next
     * minute, or its next check if sooner. Calls changed since {@code leasedUntil} was set on them are left alone.
     */
    public void recordBothInRoom(Collection<UUID> callIds, Instant leasedUntil, Instant now, Duration checkEvery) {
        getEntityManager().createNativeQuery("""
                update calls set participants_checked_at = ?3, updated_at = ?3,
                    next_check_at = least(%s, cast(?3 as timestamptz) + make_interval(secs => ?4))
                where id in (?1) and next_check_at = ?2 and status = 'ANSWERED' and %s""".formatted(NEXT_MINUTE,
                BOTH_IN_ROOM))
                .setParameter(1, callIds)
                .setParameter(2, leasedUntil)
                .setParameter(3, now)
                .setParameter(4, (double) checkEvery.toMillis() / 1000)
                .executeUpdate();
    }

    /** Makes these leased calls due now again, unless something changed them since the lease. */
    public void release(Collection<UUID> callIds, Instant leasedUntil, Instant now) {
        getEntityManager().createNativeQuery("update calls set next_check_at = ?3 where id in (?1) and next_check_at = ?2")
                .setParameter(1, callIds)
                .setParameter(2, leasedUntil)
                .setParameter(3, now)
                .executeUpdate();
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

    public void leaveParties(Call call) {
        getEntityManager().createNativeQuery("delete from call_parties where call_id = ?1")
                .setParameter(1, call.id).executeUpdate();
    }

    public boolean isInCall(UUID userId) {
        return getEntityManager().createNativeQuery("select 1 from call_parties where user_id = ?1")
                .setParameter(1, userId).getResultList().size() > 0;
    }

    private <T> T jdbc(ReturningWork<T> work) {
        return getEntityManager().unwrap(Session.class).doReturningWork(work);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
