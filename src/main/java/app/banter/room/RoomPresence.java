package app.banter.room;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.error.ApiException;
import app.banter.realtime.RealtimeEvents;
import app.banter.realtime.ServerEvent;
import app.banter.room.RoomEvents.Ended;
import app.banter.room.RoomEvents.MemberJoined;
import app.banter.room.RoomEvents.MemberLeft;
import app.banter.user.HiddenProfiles;
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
    private final RoomCovers covers;
    private final HiddenProfiles hidden;
    private final RoomConfig config;

    RoomPresence(RoomRepository rooms, RoomMemberRepository members, Users users, RealtimeEvents events,
            RoomCounts counts, RoomCovers covers, HiddenProfiles hidden, RoomConfig config) {
        this.rooms = rooms;
        this.members = members;
        this.users = users;
        this.events = events;
        this.counts = counts;
        this.covers = covers;
        this.hidden = hidden;
        this.config = config;
    }

    /**
     * Who is told of a join, and the one joining as others see them: the members present, or in a crowd only its
     * stage (the others learn the count from {@link RoomCounts}), but those blocked either way with the joiner
     * ({@code apart}, see {@link #sendAbout}). Read before a join takes its seat, which locks the room's row until the
     * commit.
     */
    record Audience(List<UUID> members, boolean crowd, UserSummary joiner, Set<UUID> apart) {
    }

    Audience audience(Room room, UUID joinerId) {
        boolean crowd = isCrowd(room);
        return new Audience(crowd ? members.stageIds(room.id) : members.presentIds(room.id), crowd,
                users.summary(joinerId).orElse(null), apartFrom(Set.of(joinerId)));
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
     * role they left with. The caller holds the room's lock and checked capacity, bans and blocks (LiveKit's webhooks,
     * the reconciler).
     */
    RoomMember arrive(Room room, RoomMember known, UUID userId, RoomRole role, Instant at) {
        RoomMember member = markPresent(known, room.id, userId, role, at);
        room.memberCount++;
        room.emptySince = null;
        if (member.role == RoomRole.HOST) {
            room.hostAbsentSince = null;
        }
        room.updatedAt = Instant.now();
        rooms.flush();
        announce(room.id, member, room.memberCount, audience(room, userId));
        return member;
    }

    /**
     * A join through our API, which does not hold the room's lock: joins into one room queue on its row, so the seat
     * is taken by one conditional update as the transaction's last statement and the row stays locked only from there
     * to the commit. The members told were read before (the audience); someone who arrives meanwhile is not told of
     * this join, and has the room's state from GET rooms/{id} and the count from the next event. Refused with
     * ROOM_FULL when the seat is gone, the member row rolling back with it.
     */
    RoomMember join(Room room, RoomMember known, UUID userId, RoomRole role, Instant at, Audience audience) {
        RoomMember member = markPresent(known, room.id, userId, role, at);
        int count = rooms.takeSeat(room.id, member.role == RoomRole.HOST, at).orElseThrow(() -> rooms.isLive(room.id)
                ? ApiException.conflict("ROOM_FULL", "This room is full")
                : ApiException.conflict("ROOM_ENDED", "This room has ended"));
        announce(room.id, member, count, audience);
        return member;
    }

    private RoomMember markPresent(RoomMember known, UUID roomId, UUID userId, RoomRole role, Instant at) {
        RoomMember member = known;
        if (member == null) {
            member = new RoomMember();
            member.id = UUID.randomUUID();
            member.roomId = roomId;
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
        members.flush();
        return member;
    }

    private void announce(UUID roomId, RoomMember member, int count, Audience told) {
        List<UUID> recipients = new ArrayList<>(told.members());
        if (told.crowd()) {
            counts.changed(roomId);
            if (member.role != RoomRole.LISTENER) {
                // Someone joining the stage (a host coming back) is news to everyone.
                recipients = new ArrayList<>(members.presentIds(roomId));
            }
        }
        recipients.removeAll(told.apart());
        if (!recipients.contains(member.userId)) {
            recipients.add(member.userId);
        }
        events.sendToUsers(recipients, new MemberJoined(roomId, told.joiner(), member.role, count));
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
        sendAbout(quietly ? members.stageIds(room.id) : members.presentIds(room.id),
                new MemberLeft(room.id, member.userId, room.memberCount), member.userId);
    }

    /**
     * Sends {@code event}, which names {@code subjects}, to {@code recipients} but those blocked either way with one of
     * them: the room's views leave such people out of each other's sight (GET rooms/{id}, its listeners), and its
     * events must not name them instead. The subjects themselves are always told. One read of each subject's blocks,
     * however many recipients, and none when only the subjects are told.
     */
    void sendAbout(Collection<UUID> recipients, ServerEvent.RoomEvent event, UUID... subjects) {
        Set<UUID> about = Set.copyOf(List.of(subjects));
        List<UUID> told = new ArrayList<>(recipients);
        if (!about.containsAll(told)) {
            told.removeAll(apartFrom(about));
        }
        events.sendToUsers(told, event);
    }

    /** Everyone blocked either way with one of {@code subjects}, the subjects themselves excepted. */
    private Set<UUID> apartFrom(Set<UUID> subjects) {
        Set<UUID> apart = new HashSet<>();
        subjects.forEach(subject -> apart.addAll(hidden.hiddenFrom(subject)));
        apart.removeAll(subjects);
        return apart;
    }

    /** Ends a live room: everyone leaves it, everyone who was present is told why, and its cover is released. */
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
        covers.release(room);
        events.sendToUsers(told, new Ended(room.id, reason));
    }
}
