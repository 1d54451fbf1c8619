package app.banter.call;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import app.banter.platform.Jdbc;
import app.banter.platform.NativeQueries;
import app.banter.platform.SqlArrays;

/**
 * The reconciler's queue of active calls: which are due, leased, to be billed or to have their room checked. Which
 * minute is due is worked out in Java only ({@link Call#nextMinuteStart}); the queries compare the columns Java wrote
 * ({@code next_minute_at}, {@code both_present}) and never repeat the rule.
 */
@ApplicationScoped
class BillingQueueRepository {

    /** Connected calls, both parties in the room, whose next minute has started by {@code now}. */
    private static final String BILLABLE = """
            status = 'ANSWERED' and next_check_at <= ?::timestamptz and both_present
            and next_minute_at <= ?::timestamptz""";

    /** Answered app calls that nobody has joined by our record. */
    private static final String NOBODY_JOINED = """
            status = 'ANSWERED' and connected_at is null and carrier = 'APP'
            and caller_joined_at is null and callee_joined_at is null""";

    private final EntityManager em;

    BillingQueueRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * Claims up to {@code limit} active calls that are due and leases them until {@code leaseUntil}: reconcilers on
     * other pods skip the locked rows and, after this commits, the leased ones. A reconciler that dies mid-batch
     * loses its lease and the calls come back on a later tick.
     */
    List<UUID> claimDue(Instant now, Instant leaseUntil, int limit) {
        return NativeQueries.uuids(em.createNativeQuery("""
                update calls set next_check_at = ?2
                where id in (select id from calls
                             where status in ('INITIATED', 'RINGING', 'ANSWERED') and next_check_at <= ?1
                             order by next_check_at limit ?3 for update skip locked)
                returning id""")
                .setParameter(1, now)
                .setParameter(2, leaseUntil)
                .setParameter(3, limit));
    }

    /**
     * The calls to bill now, without locking them: one pass over the active calls ({@code calls_active}) per tick.
     * Batches then lock them by id ({@link #lockBillable}) rather than each reading the active calls again.
     */
    List<UUID> findBillable(Instant now) {
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
    List<Call> lockBillable(Collection<UUID> ids, Instant now) {
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
                        call.connectedAt = Jdbc.instant(rows, 9);
                        call.billedMinutes = rows.getInt(10);
                        call.coinsCharged = rows.getLong(11);
                        call.participantsCheckedAt = Jdbc.instant(rows, 12);
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
    void commitWithoutWaitingForDisk() {
        jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("set local synchronous_commit = off")) {
                return statement.execute();
            }
        });
    }

    /** Writes back what billing changed on calls from {@link #lockBillable}, in one statement. */
    void recordBilled(List<Call> billed) {
        if (billed.isEmpty()) {
            return;
        }
        jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    update calls c set billed_minutes = b.billed_minutes, coins_charged = b.coins_charged,
                                       next_minute_at = b.next_minute_at, hold_id = b.hold_id,
                                       next_check_at = b.next_check_at, updated_at = b.updated_at
                    from unnest(?::uuid[], ?::integer[], ?::bigint[], ?::timestamptz[], ?::uuid[], ?::timestamptz[],
                                ?::timestamptz[])
                         as b(id, billed_minutes, coins_charged, next_minute_at, hold_id, next_check_at, updated_at)
                    where c.id = b.id""")) {
                statement.setArray(1, SqlArrays.uuids(connection, billed.stream().map(call -> call.id).toList()));
                statement.setArray(2, SqlArrays.ints(connection, billed.stream().map(call -> call.billedMinutes)
                        .toList()));
                statement.setArray(3, SqlArrays.longs(connection, billed.stream().map(call -> call.coinsCharged)
                        .toList()));
                statement.setArray(4, SqlArrays.instants(connection, billed.stream().map(Call::nextMinuteStart)
                        .toList()));
                statement.setArray(5, SqlArrays.uuids(connection, billed.stream().map(call -> call.holdId).toList()));
                statement.setArray(6, SqlArrays.instants(connection, billed.stream().map(call -> call.nextCheckAt)
                        .toList()));
                statement.setArray(7, SqlArrays.instants(connection, billed.stream().map(call -> call.updatedAt)
                        .toList()));
                return statement.executeUpdate();
            }
        });
    }

    /** A connected call whose room LiveKit is to be asked about. */
    record RoomCheck(UUID callId, String roomName) {
    }

    /**
     * Claims the connected app calls (phone calls have no room: the reconciler asks their provider one by one),
     * both parties in the room by our record, whose participant check is due by
     * {@code now}, leasing them until {@code leaseUntil} as {@link #claimDue} does: the reconciler asks LiveKit about
     * their rooms many at once, and records the answer only on calls nothing else touched meanwhile.
     */
    @SuppressWarnings("unchecked")
    List<RoomCheck> claimRoomChecks(Instant now, Duration checkEvery, Instant leaseUntil) {
        List<Object[]> rows = em.createNativeQuery("""
                update calls set next_check_at = ?3
                where id in (select id from calls
                             where status = 'ANSWERED' and next_check_at <= ?1 and connected_at is not null
                               and carrier = 'APP'
                               and coalesce(participants_checked_at, connected_at) + make_interval(secs => ?2) <= ?1
                               and both_present
                             for update skip locked)
                returning id, room_name""")
                .setParameter(1, now)
                .setParameter(2, seconds(checkEvery))
                .setParameter(3, leaseUntil)
                .getResultList();
        return rows.stream().map(row -> new RoomCheck((UUID) row[0], (String) row[1])).toList();
    }

    /**
     * Records that LiveKit still sees both parties of these calls at {@code now}, and when each is next due: its next
     * minute, or its next check if sooner. Calls changed since {@code leasedUntil} was set on them are left alone.
     */
    void recordBothInRoom(Collection<UUID> callIds, Instant leasedUntil, Instant now, Duration checkEvery) {
        em.createNativeQuery("""
                update calls set participants_checked_at = ?3, updated_at = ?3,
                    next_check_at = least(next_minute_at, cast(?3 as timestamptz) + make_interval(secs => ?4))
                where id in (?1) and next_check_at = ?2 and status = 'ANSWERED' and both_present""")
                .setParameter(1, callIds)
                .setParameter(2, leasedUntil)
                .setParameter(3, now)
                .setParameter(4, seconds(checkEvery))
                .executeUpdate();
    }

    /**
     * Claims the answered app calls that nobody has joined yet by our record, past the webhook grace and short of
     * giving up, whose check is due by {@code now}, leasing them as {@link #claimRoomChecks} does. Their rooms are
     * mostly still empty (the joins' webhooks come first when anyone joins), which one request per batch confirms.
     */
    @SuppressWarnings("unchecked")
    List<RoomCheck> claimJoinChecks(Instant now, Duration grace, Duration connectTimeout, Instant leaseUntil) {
        List<Object[]> rows = em.createNativeQuery("""
                update calls set next_check_at = ?4
                where id in (select id from calls
                             where %s and next_check_at <= ?1
                               and answered_at + make_interval(secs => ?2) <= ?1
                               and answered_at + make_interval(secs => ?3) > ?1
                             for update skip locked)
                returning id, room_name""".formatted(NOBODY_JOINED))
                .setParameter(1, now)
                .setParameter(2, seconds(grace))
                .setParameter(3, seconds(connectTimeout))
                .setParameter(4, leaseUntil)
                .getResultList();
        return rows.stream().map(row -> new RoomCheck((UUID) row[0], (String) row[1])).toList();
    }

    /**
     * Records that the rooms of these leased calls were still empty at {@code now}, and when each is next due: after
     * the grace, or when it gives up waiting if sooner. Calls changed since {@code leasedUntil} was set on them (a
     * join's webhook) are left alone.
     */
    void recordNobodyJoined(Collection<UUID> callIds, Instant leasedUntil, Instant now, Duration grace,
            Duration connectTimeout) {
        em.createNativeQuery("""
                update calls set participants_checked_at = ?3, updated_at = ?3,
                    next_check_at = least(answered_at + make_interval(secs => ?5),
                                          cast(?3 as timestamptz) + make_interval(secs => ?4))
                where id in (?1) and next_check_at = ?2 and %s""".formatted(NOBODY_JOINED))
                .setParameter(1, callIds)
                .setParameter(2, leasedUntil)
                .setParameter(3, now)
                .setParameter(4, seconds(grace))
                .setParameter(5, seconds(connectTimeout))
                .executeUpdate();
    }

    /** Makes these leased calls due now again, unless something changed them since the lease. */
    void release(Collection<UUID> callIds, Instant leasedUntil, Instant now) {
        em.createNativeQuery("update calls set next_check_at = ?3 where id in (?1) and next_check_at = ?2")
                .setParameter(1, callIds)
                .setParameter(2, leasedUntil)
                .setParameter(3, now)
                .executeUpdate();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private <T> T jdbc(ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }
}
