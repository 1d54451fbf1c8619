package app.banter.room;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import app.banter.platform.Jdbc;
import app.banter.platform.NativeQueries;
import app.banter.platform.SqlArrays;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Rooms, their bans and invites, discovery, and the reconciler's queue. */
@ApplicationScoped
class RoomRepository implements PanacheRepositoryBase<Room, UUID> {

    List<Room> byIds(Collection<UUID> roomIds) {
        // Hibernate's multi-load by id binds one array (an HQL list parameter is translated anew on every call).
        return roomIds.isEmpty() ? List.of() : getEntityManager().unwrap(Session.class).byMultipleIds(Room.class)
                .multiLoad(List.copyOf(roomIds)).stream().filter(Objects::nonNull).toList();
    }

    Optional<Room> lock(UUID roomId) {
        return findByIdOptional(roomId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Takes a seat in a live room that has one, in one statement; the new member count, or empty when the room is full
     * or no longer live. The row stays locked until the transaction ends, so this comes last in a join.
     */
    OptionalInt takeSeat(UUID roomId, boolean host, Instant at) {
        List<?> counts = getEntityManager().createNativeQuery("""
                update rooms set member_count = member_count + 1, empty_since = null,
                    host_absent_since = case when ?2 then null else host_absent_since end, updated_at = ?3
                where id = ?1 and status = 'LIVE' and member_count < capacity
                returning member_count""").setParameter(1, roomId).setParameter(2, host).setParameter(3, at)
                .getResultList();
        return counts.isEmpty() ? OptionalInt.empty() : OptionalInt.of(((Number) counts.get(0)).intValue());
    }

    Optional<Room> lockByLiveKitRoom(String livekitRoom) {
        return find("livekitRoom", livekitRoom).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** Whether the room is live now, as committed (a room read earlier may have ended since). */
    boolean isLive(UUID roomId) {
        return !getEntityManager().createNativeQuery("select 1 from rooms where id = ?1 and status = 'LIVE'")
                .setParameter(1, roomId).getResultList().isEmpty();
    }

    /**
     * Serialises one user's joins into one room until the transaction ends (a double tap): without the room's lock,
     * two first joins would both insert the member row.
     */
    void lockJoiner(UUID roomId, UUID userId) {
        getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, "room-join:" + roomId + ":" + userId).getSingleResult();
    }

    /** Serialises room creation per host until the transaction ends, so that the live-room limit holds. */
    void lockHosting(UUID hostId) {
        getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, "room-host:" + hostId).getSingleResult();
    }

    long countLiveHostedBy(UUID hostId) {
        // Not Panache's count: Hibernate builds and translates a count query anew on every call (never cached).
        return getEntityManager().createQuery("select count(*) from Room where hostId = ?1 and status = ?2", Long.class)
                .setParameter(1, hostId).setParameter(2, Room.Status.LIVE).getSingleResult();
    }

    boolean isBanned(UUID roomId, UUID userId) {
        return !getEntityManager().createNativeQuery("select 1 from room_bans where room_id = ?1 and user_id = ?2")
                .setParameter(1, roomId).setParameter(2, userId).getResultList().isEmpty();
    }

    void ban(UUID roomId, UUID userId, UUID bannedBy, Instant at) {
        getEntityManager().createNativeQuery("""
                insert into room_bans (room_id, user_id, banned_by, created_at) values (?1, ?2, ?3, ?4)
                on conflict do nothing""")
                .setParameter(1, roomId).setParameter(2, userId).setParameter(3, bannedBy).setParameter(4, at)
                .executeUpdate();
    }

    /**
     * Whether an invite-only room lets the user see and join it: invited to it or ever a member of it, and not banned
     * from it. A removal keeps the member row and the invitation (they are history), so the ban has the last word.
     */
    boolean admits(UUID roomId, UUID userId) {
        return !getEntityManager().createNativeQuery("""
                select 1
                where (exists(select 1 from room_invites where room_id = ?1 and user_id = ?2)
                       or exists(select 1 from room_members where room_id = ?1 and user_id = ?2))
                  and not exists(select 1 from room_bans where room_id = ?1 and user_id = ?2)""")
                .setParameter(1, roomId).setParameter(2, userId).getResultList().isEmpty();
    }

    /** Records the invitation; false when the user was invited to the room already. */
    boolean invite(UUID roomId, UUID userId, UUID invitedBy, Instant at) {
        return getEntityManager().createNativeQuery("""
                insert into room_invites (room_id, user_id, invited_by, created_at) values (?1, ?2, ?3, ?4)
                on conflict do nothing""")
                .setParameter(1, roomId).setParameter(2, userId).setParameter(3, invitedBy).setParameter(4, at)
                .executeUpdate() == 1;
    }

    /** Takes the cover off the room that shows it, if any (an upload is attached to one room at most). */
    void dropCover(String coverMediaKey) {
        update("coverMediaKey = null where coverMediaKey = ?1", coverMediaKey);
    }

    /**
     * Claims up to {@code limit} live rooms that are due and leases them until {@code leaseUntil}: reconcilers on
     * other pods skip the locked rows and, after this commits, the leased ones.
     */
    List<UUID> claimDue(Instant now, Instant leaseUntil, int limit) {
        return NativeQueries.uuids(getEntityManager().createNativeQuery("""
                update rooms set next_check_at = ?2
                where id in (select id from rooms where status = 'LIVE' and next_check_at <= ?1
                             order by next_check_at limit ?3 for update skip locked)
                returning id""")
                .setParameter(1, now)
                .setParameter(2, leaseUntil)
                .setParameter(3, limit));
    }

    /** A discovered room's place in the list: whether a friend speaks in it, then its members, then its age. */
    record Listing(UUID roomId, boolean friendSpeaking, int memberCount, Instant createdAt) {
    }

    /**
     * Live public rooms in discovery order (friend speaking first when {@code friendsFirst}, then live member count,
     * then newest), after {@code after} when given, leaving out rooms hosted by {@code hiddenHosts}.
     */
    List<Listing> discover(UUID viewerId, String category, String language, boolean friendsFirst,
            Collection<UUID> hiddenHosts, Listing after, int limit) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    select id, friend, member_count, created_at from (
                        select r.id, r.member_count, r.created_at,
                               ? and exists(select 1 from room_members m
                                            join friendships f on f.user_id = ? and f.friend_id = m.user_id
                                            where m.room_id = r.id and m.present and m.role <> 'LISTENER') as friend
                        from rooms r
                        where r.status = 'LIVE' and r.visibility = 'PUBLIC'
                          and (cast(? as varchar) is null or r.category = ?)
                          and (cast(? as varchar) is null or r.language = ?)
                          and r.host_id <> all(?)) t
                    where (not ? or (t.friend::int, t.member_count, t.created_at, t.id)
                                    < (?, ?, cast(? as timestamptz), cast(? as uuid)))
                    order by t.friend desc, t.member_count desc, t.created_at desc, t.id desc
                    limit ?""")) {
                int i = 0;
                statement.setBoolean(++i, friendsFirst);
                statement.setObject(++i, viewerId);
                statement.setString(++i, category);
                statement.setString(++i, category);
                statement.setString(++i, language);
                statement.setString(++i, language);
                statement.setArray(++i, SqlArrays.uuids(connection, hiddenHosts));
                statement.setBoolean(++i, after != null);
                statement.setInt(++i, after != null && after.friendSpeaking() ? 1 : 0);
                statement.setInt(++i, after == null ? 0 : after.memberCount());
                statement.setString(++i, after == null ? null : after.createdAt().toString());
                statement.setObject(++i, after == null ? null : after.roomId());
                statement.setInt(++i, limit);
                List<Listing> listings = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        listings.add(new Listing(rows.getObject(1, UUID.class), rows.getBoolean(2), rows.getInt(3),
                                Jdbc.instant(rows, 4)));
                    }
                }
                return listings;
            }
        });
    }

    private <T> T jdbc(ReturningWork<T> work) {
        return getEntityManager().unwrap(Session.class).doReturningWork(work);
    }
}
