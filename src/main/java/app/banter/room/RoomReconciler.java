package app.banter.room;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import livekit.LivekitModels.ParticipantInfo;

import app.banter.livekit.LiveKitIdentity;
import app.banter.platform.AfterCommit;
import app.banter.platform.error.ApiException;
import app.banter.social.Moderation;
import app.banter.user.Users;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Moves live rooms along with time, on every pod: closes rooms that stayed empty past the timeout, hands the host
 * role on when the host stayed away past the grace period (to the longest-present moderator, else the longest-present
 * speaker, never to a restricted one; a room with nobody on stage to take over ends), and asks LiveKit who is in each
 * room every so often, since webhooks may go missing. Rooms are claimed as calls are (CallReconciler): a batch of due
 * rows is leased with FOR UPDATE SKIP LOCKED, so two pods never take the same room, and a pod that dies loses its rooms
 * only until the lease ends; each room is then handled in its own transaction with its row locked.
 */
@ApplicationScoped
public class RoomReconciler {

    private static final Logger LOG = Logger.getLogger(RoomReconciler.class);

    private final RoomRepository rooms;
    private final RoomMemberRepository members;
    private final RoomPresence presence;
    private final RoomStage stage;
    private final RoomMedia media;
    private final AfterCommit afterCommit;
    private final Moderation moderation;
    private final Users users;
    private final RoomConfig config;

    RoomReconciler(RoomRepository rooms, RoomMemberRepository members, RoomPresence presence, RoomStage stage,
            RoomMedia media, AfterCommit afterCommit, Moderation moderation, Users users, RoomConfig config) {
        this.rooms = rooms;
        this.members = members;
        this.presence = presence;
        this.stage = stage;
        this.media = media;
        this.afterCommit = afterCommit;
        this.moderation = moderation;
        this.users = users;
        this.config = config;
    }

    @Scheduled(every = "{banter.rooms.reconciler.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        reconcile(RoomService.now());
    }

    /** One pass over the rooms due by {@code now}; returns how many it looked at. */
    public int reconcile(Instant now) {
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> rooms.claimDue(now,
                now.plus(config.reconciler().lease()), config.reconciler().batchSize()));
        for (UUID roomId : due) {
            try {
                reconcile(roomId, now);
            } catch (RuntimeException e) {
                // Left for the next pass when the lease ends; one bad room must not stop the others.
                LOG.warnf(e, "Room %s could not be reconciled", roomId);
            }
        }
        return due.size();
    }

    private void reconcile(UUID roomId, Instant now) {
        Room toAsk = QuarkusTransaction.requiringNew().call(() -> step(roomId, now));
        if (toAsk == null) {
            return;
        }
        List<ParticipantInfo> inLiveKit;
        try {
            inLiveKit = media.participants(toAsk);
        } catch (ApiException unavailable) {
            return; // Asked again when the lease ends.
        }
        QuarkusTransaction.requiringNew().run(() -> observe(roomId, inLiveKit, now));
    }

    /** Applies what time has decided; returns the room if LiveKit is to be asked who is in it. */
    private Room step(UUID roomId, Instant now) {
        Room room = rooms.lock(roomId).filter(Room::isLive).orElse(null);
        if (room == null) {
            return null;
        }
        if (room.memberCount == 0 && room.emptySince != null
                && !now.isBefore(room.emptySince.plus(config.emptyTimeout()))) {
            close(room, "EMPTY", now);
            return null;
        }
        if (room.hostAbsentSince != null && !now.isBefore(room.hostAbsentSince.plus(config.hostGrace()))) {
            Optional<RoomMember> successor = members.successor(roomId);
            if (successor.isEmpty()) {
                close(room, "NO_HOST", now);
                return null;
            }
            RoomMember formerHost = members.lock(roomId, room.hostId).orElse(null);
            RoomMember next = members.lock(roomId, successor.get().userId).orElseThrow();
            // Should LiveKit not take the new host's permission, this rolls back and the room is due when the lease
            // ends.
            stage.makeHost(room, formerHost, next, RoomRole.LISTENER);
        }
        Instant lastCheck = room.participantsCheckedAt != null ? room.participantsCheckedAt : room.createdAt;
        boolean ask = !now.isBefore(lastCheck.plus(config.participantCheckEvery()));
        room.nextCheckAt = now.plus(config.participantCheckEvery());
        if (room.emptySince != null) {
            room.checkBy(room.emptySince.plus(config.emptyTimeout()));
        }
        if (room.hostAbsentSince != null) {
            room.checkBy(room.hostAbsentSince.plus(config.hostGrace()));
        }
        return ask ? room : null;
    }

    /**
     * Makes our members what LiveKit lists: a member LiveKit no longer lists (and who joined long enough ago to have
     * connected) leaves; one LiveKit lists since after we last saw them leave is back, if they may be; anyone else it
     * lists is disconnected; microphone tracks are noted.
     */
    private void observe(UUID roomId, List<ParticipantInfo> inLiveKit, Instant now) {
        Room room = rooms.lock(roomId).filter(Room::isLive).orElse(null);
        if (room == null) {
            return;
        }
        Map<String, ParticipantInfo> byIdentity = inLiveKit.stream()
                .collect(Collectors.toMap(ParticipantInfo::getIdentity, Function.identity(), (a, b) -> a));
        Instant connectedBy = now.minus(config.joinGrace());
        for (RoomMember member : members.lockPresent(roomId)) {
            ParticipantInfo participant = byIdentity.remove(LiveKitIdentity.of(member.userId));
            if (participant != null) {
                RoomMedia.microphoneOf(Optional.of(participant)).ifPresent(sid -> member.micTrackSid = sid);
            } else if (!member.presenceChangedAt.isAfter(connectedBy)) {
                presence.depart(room, member, now);
            }
        }
        List<UUID> notAdmitted = new ArrayList<>();
        for (ParticipantInfo participant : byIdentity.values()) {
            Instant joinedAt = Instant.ofEpochSecond(participant.getJoinedAt());
            Optional<UUID> user = LiveKitIdentity.userOf(participant.getIdentity());
            Optional<RoomMember> back = user.flatMap(id -> members.lock(roomId, id))
                    .filter(member -> joinedAt.isAfter(member.presenceChangedAt))
                    .filter(member -> RoomPresence.hasSpace(room) && !rooms.isBanned(roomId, member.userId)
                            && !moderation.isBanned(member.userId) && users.isActive(member.userId));
            if (back.isPresent()) {
                presence.arrive(room, back.get(), back.get().userId, back.get().role, joinedAt);
            } else {
                // Removed, banned, deleted, left, or back with no space: a disconnect that failed when we asked
                // (LiveKit down) is asked again here, rather than leaving them connected until their token lapses.
                user.ifPresent(notAdmitted::add);
            }
        }
        room.participantsCheckedAt = now;
        if (!notAdmitted.isEmpty()) {
            afterCommit.run(() -> notAdmitted.forEach(userId -> media.disconnect(room, userId)));
        }
    }

    private void close(Room room, String reason, Instant now) {
        presence.end(room, reason, now);
        afterCommit.run(() -> {
            try {
                media.close(room);
            } catch (ApiException unavailable) {
                LOG.warnf("Room %s could not be deleted; LiveKit closes it when it empties", room.id);
            }
        });
    }
}
