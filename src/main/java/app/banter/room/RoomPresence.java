package app.banter.room;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.realtime.RealtimeEvents;
import app.banter.room.RoomEvents.Ended;
import app.banter.room.RoomEvents.MemberJoined;
import app.banter.room.RoomEvents.MemberLeft;
import app.banter.user.UserSummary;
import app.banter.user.Users;

/**
 * Every change of who is present in a room, whoever learns of it (our join and leave, LiveKit's webhooks, the
 * reconciler): the member row, the room's live member count, the reconciler's deadlines and the room.* event change
 * together. Callers hold the room's row lock, so counts never race.
 */
@ApplicationScoped
class RoomPresence {

    private final RoomRepository rooms;
    private final RoomMemberRepository members;
    private final Users users;
    private final RealtimeEvents events;
    private final RoomCounts counts;
    private final RoomConfig config;

    RoomPresence(RoomRepository rooms, RoomMemberRepository members, Users users, RealtimeEvents events,
            RoomCounts counts, RoomConfig config) {
        this.rooms = rooms;
        this.members = members;
        this.users = users;
        this.events = events;
        this.counts = counts;
        this.config = config;
    }

    /**
     * Who is told of a join, and the one joining as others see them: the members present, or in a crowd only its
     * stage (the others learn the count from {@link RoomCounts}).
     */
    record Audience(List<UUID> members, boolean crowd, UserSummary joiner) {
    }

    Audience audience(Room room, UUID joinerId) {
        boolean crowd = isCrowd(room);
        return new Audience(crowd ? members.stageIds(room.id) : members.presentIds(room.id), crowd,
                users.summary(joinerId).orElse(null));
    }

    private boolean isCrowd(Room room) {
        return room.memberCount >= config.crowdSize();
    }

    /** Whether the room has room for one more. */
    static boolean hasSpace(Room room) {
        return room.memberCount < room.capacity;
    }

    /**
     * Makes {@code userId} present at {@code at}: a first-time member joins as {@code role}, a returning one in the
     * role they left with. The caller checked capacity, bans and blocks.
     */
    RoomMember arrive(Room room, RoomMember known, UUID userId, RoomRole role, Instant at) {
        return arrive(room, known, userId, role, at, null);
    }

    /**
     * As above, telling the members given rather than those present now: a join through our API reads them before it
     * takes the room's lock, so that the lock is held for a few small statements and not for a read of thousands of
     * members (joins into one room queue on that lock). Someone who arrives meanwhile is not told of this join; their
     * room state comes from GET rooms/{id}, and the count from the next event.
     */
    RoomMember arrive(Room room, RoomMember known, UUID userId, RoomRole role, Instant at, Audience audience) {
        RoomMember member = known;
        if (member == null) {
            member = new RoomMember();
            member.id = UUID.randomUUID();
            member.roomId = room.id;
            member.userId = userId;
            member.role = role;
            member.firstJoinedAt = at;
        }
        member.present = true;
        member.presenceChangedAt = at;
        member.presentSince = at;
        if (known == null) {
            members.persist(member);
        }
        room.memberCount++;
        room.emptySince = null;
        if (member.role == RoomRole.HOST) {
            room.hostAbsentSince = null;
        }
        room.updatedAt = Instant.now();
        members.flush();
        rooms.flush();
        Audience told = audience != null ? audience : audience(room, userId);
        List<UUID> recipients = new ArrayList<>(told.members());
        if (told.crowd()) {
            counts.changed(room.id);
            if (member.role != RoomRole.LISTENER) {
                // Someone joining the stage (a host coming back) is news to everyone.
                recipients = new ArrayList<>(members.presentIds(room.id));
            }
        }
        if (!recipients.contains(userId)) {
            recipients.add(userId);
        }
        events.sendToUsers(recipients, new MemberJoined(room.id, told.joiner(), member.role, room.memberCount));
        return member;
    }

    /**
     * Makes a present member absent at {@code at}. Everyone but the host leaves the stage with it (a returning member
     * comes back as a listener); a room left empty, or without its host, is due to the reconciler when its grace ends.
     */
    void depart(Room room, RoomMember member, Instant at) {
        boolean quietly = isCrowd(room) && member.role == RoomRole.LISTENER;
        member.present = false;
        member.presenceChangedAt = at;
        member.presentSince = null;
        member.handRaisedAt = null;
        member.speakInvitedAt = null;
        member.micTrackSid = null;
        member.micMuted = false;
        if (member.role != RoomRole.HOST) {
            member.role = RoomRole.LISTENER;
        } else {
            room.hostAbsentSince = at;
            room.checkBy(at.plus(config.hostGrace()));
        }
        room.memberCount--;
        if (room.memberCount == 0) {
            room.emptySince = at;
            room.checkBy(at.plus(config.emptyTimeout()));
        }
        room.updatedAt = Instant.now();
        members.flush();
        rooms.flush();
        if (quietly) {
            counts.changed(room.id);
        }
        events.sendToUsers(quietly ? members.stageIds(room.id) : members.presentIds(room.id),
                new MemberLeft(room.id, member.userId, room.memberCount));
    }

    /** Ends a live room: everyone leaves it, and everyone who was present is told why. */
    void end(Room room, String reason, Instant at) {
        List<RoomMember> present = members.lockPresent(room.id);
        List<UUID> told = present.stream().map(m -> m.userId).toList();
        for (RoomMember member : present) {
            member.present = false;
            member.presenceChangedAt = at;
            member.presentSince = null;
            member.handRaisedAt = null;
            member.speakInvitedAt = null;
        }
        room.status = Room.Status.ENDED;
        room.endReason = reason;
        room.endedAt = at;
        room.memberCount = 0;
        room.updatedAt = Instant.now();
        events.sendToUsers(told, new Ended(room.id, reason));
    }
}
