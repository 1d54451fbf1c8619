package app.banter.room;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import app.banter.platform.NativeQueries;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

/** Room chat's messages and pins. */
@ApplicationScoped
public class RoomChatRepository implements PanacheRepositoryBase<RoomChatMessage, UUID> {

    /** A message of this room that is not deleted, locked until the transaction ends (pinning or deleting it). */
    public Optional<RoomChatMessage> lockLiveIn(UUID roomId, UUID messageId) {
        return find("id = ?1 and roomId = ?2 and deletedAt is null", messageId, roomId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** The room's messages that are not deleted, newest first, before the cursor's seq. */
    public List<RoomChatMessage> page(UUID roomId, Long beforeSeq, int limit, Set<UUID> leftOut) {
        String query = "roomId = :room and deletedAt is null";
        Parameters parameters = Parameters.with("room", roomId);
        if (beforeSeq != null) {
            query += " and seq < :before";
            parameters.and("before", beforeSeq);
        }
        if (!leftOut.isEmpty()) {
            query += " and senderId not in :leftOut";
            parameters.and("leftOut", leftOut);
        }
        return find(query + " order by seq desc", parameters).page(0, limit).list();
    }

    /** Pins the message, in place of whatever the room had pinned. */
    public void pin(UUID roomId, UUID messageId, UUID pinnedBy, Instant at) {
        getEntityManager().createNativeQuery("""
                insert into room_pins (room_id, message_id, pinned_by, pinned_at) values (?1, ?2, ?3, ?4)
                on conflict (room_id) do update
                set message_id = excluded.message_id, pinned_by = excluded.pinned_by, pinned_at = excluded.pinned_at""")
                .setParameter(1, roomId)
                .setParameter(2, messageId)
                .setParameter(3, pinnedBy)
                .setParameter(4, at)
                .executeUpdate();
    }

    /** Clears the room's pin; false when it had none. */
    public boolean unpin(UUID roomId) {
        return getEntityManager().createNativeQuery("delete from room_pins where room_id = ?1")
                .setParameter(1, roomId).executeUpdate() > 0;
    }

    /** Clears the room's pin if it is this message. */
    public void unpinMessage(UUID roomId, UUID messageId) {
        getEntityManager().createNativeQuery("delete from room_pins where room_id = ?1 and message_id = ?2")
                .setParameter(1, roomId).setParameter(2, messageId).executeUpdate();
    }

    /**
     * Erases the text of every message of this sender not deleted yet, as deleted by the sender, and clears the pins
     * on them; returns the rooms whose pin went. Found through room_messages_sender (V21_32).
     */
    public List<UUID> eraseAllOf(UUID senderId, Instant at) {
        List<UUID> unpinned = NativeQueries.uuids(getEntityManager().createNativeQuery("""
                delete from room_pins p using room_messages m
                where m.id = p.message_id and m.sender_id = ?1 returning p.room_id""")
                .setParameter(1, senderId));
        getEntityManager().createNativeQuery("""
                update room_messages set body = null, deleted_at = ?2, deleted_by = ?1
                where sender_id = ?1 and deleted_at is null""")
                .setParameter(1, senderId)
                .setParameter(2, at)
                .executeUpdate();
        return unpinned;
    }

    /**
     * Deletes up to {@code limit} messages, oldest first, of rooms that ended before {@code cutoff}, with the pins on
     * them; rows another pod holds are skipped. Such a room's messages were all written before it ended, so they are
     * found through room_messages_created (V21_33) among those older than the cutoff, not by reading every ended room.
     */
    @Transactional
    public int deleteOfRoomsEndedBefore(Instant cutoff, int limit) {
        return getEntityManager().createNativeQuery("""
                with doomed as (
                    select m.id from room_messages m join rooms r on r.id = m.room_id
                    where m.created_at < ?1 and r.status = 'ENDED' and r.ended_at < ?1
                    order by m.created_at limit ?2 for update of m skip locked),
                unpinned as (delete from room_pins where message_id in (select id from doomed))
                delete from room_messages where id in (select id from doomed)""")
                .setParameter(1, cutoff)
                .setParameter(2, limit)
                .executeUpdate();
    }

    /** The room's pinned message and when it was pinned, if any. */
    public Optional<Pinned> pinned(UUID roomId) {
        List<?> rows = getEntityManager().createNativeQuery("""
                select p.message_id, p.pinned_at from room_pins p where p.room_id = ?1""", Tuple.class)
                .setParameter(1, roomId).getResultList();
        return rows.stream().map(Tuple.class::cast).findFirst()
                .map(t -> new Pinned(findById(t.get(0, UUID.class)), t.get(1, Instant.class)));
    }

    public record Pinned(RoomChatMessage message, Instant pinnedAt) {
    }
}
