package app.banter.room;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import app.banter.platform.NativeQueries;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

/** Who is in a room, in which role. Every read of present members is one index range (room_members_present). */
@ApplicationScoped
class RoomMemberRepository implements PanacheRepositoryBase<RoomMember, UUID> {

    Optional<RoomMember> lock(UUID roomId, UUID userId) {
        return find("roomId = ?1 and userId = ?2", roomId, userId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** Everyone present in the room now, by id only: what one room event is sent to. */
    List<UUID> presentIds(UUID roomId) {
        return NativeQueries.uuids(getEntityManager().createNativeQuery(
                "select user_id from room_members where room_id = ?1 and present")
                .setParameter(1, roomId));
    }

    /** The host, moderators and speakers present. */
    List<UUID> stageIds(UUID roomId) {
        return NativeQueries.uuids(getEntityManager().createNativeQuery(
                "select user_id from room_members where room_id = ?1 and present and role <> 'LISTENER'")
                .setParameter(1, roomId));
    }

    /** The rooms the user is present in, by id: the order they are locked in when the user leaves them all. */
    List<UUID> roomsPresentIn(UUID userId) {
        return NativeQueries.uuids(getEntityManager().createNativeQuery(
                "select room_id from room_members where user_id = ?1 and present order by room_id")
                .setParameter(1, userId));
    }

    /** The role of a member present in a live room. */
    Optional<RoomRole> presentRole(UUID roomId, UUID userId) {
        return getEntityManager().createQuery("""
                select m.role from RoomMember m, Room r
                where m.roomId = ?1 and m.userId = ?2 and m.present and r.id = m.roomId and r.status = ?3""",
                RoomRole.class)
                .setParameter(1, roomId).setParameter(2, userId).setParameter(3, Room.Status.LIVE)
                .getResultStream().findFirst();
    }

    /** The present members on stage (host, moderators, speakers), in role order then arrival. */
    List<RoomMember> stage(UUID roomId) {
        return find("roomId = ?1 and present and role <> ?2 order by role, presentSince, userId", roomId,
                RoomRole.LISTENER).list();
    }

    /** Every present member, locked: the room is being ended or reconciled. */
    List<RoomMember> lockPresent(UUID roomId) {
        return find("roomId = ?1 and present order by presentSince", roomId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Present listeners, newest arrival first, after (presentSince, userId), leaving out {@code hidden}. */
    List<RoomMember> listeners(UUID roomId, Instant beforeSince, UUID beforeUser, Collection<UUID> hidden,
            int limit) {
        Parameters parameters = Parameters.with("room", roomId).and("role", RoomRole.LISTENER);
        String query = "roomId = :room and present and role = :role";
        if (beforeSince != null) {
            query += " and (presentSince < :at or (presentSince = :at and userId < :user))";
            parameters.and("at", beforeSince).and("user", beforeUser);
        }
        if (!hidden.isEmpty()) {
            query += " and userId not in :hidden";
            parameters.and("hidden", hidden);
        }
        return find(query + " order by presentSince desc, userId desc", parameters).page(0, limit).list();
    }

    /**
     * Who takes over from a host who left: the longest-present moderator, else the longest-present speaker, whose
     * account is active and in good standing. A deleted account leaves its rooms, but one left present before that
     * rule (or by a join that raced the deletion) must not be handed the room; nor may a member restricted since they
     * went on stage, whom the host could not hand it to either (RoomStage.handOver).
     */
    Optional<RoomMember> successor(UUID roomId) {
        return getEntityManager().createNativeQuery("""
                select m.* from room_members m
                where m.room_id = ?1 and m.present and m.role in ('MODERATOR', 'SPEAKER')
                  and exists(select 1 from users u where u.id = m.user_id and u.status = 'ACTIVE')
                  and not exists(select 1 from user_standings s where s.user_id = m.user_id)
                order by m.role, m.present_since, m.user_id
                limit 1""", RoomMember.class).setParameter(1, roomId).getResultStream().map(RoomMember.class::cast)
                .findFirst();
    }
}
