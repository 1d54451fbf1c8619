package app.banter.room;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import app.banter.platform.error.ApiException;
import app.banter.realtime.RealtimeEvents;
import app.banter.room.RoomEvents.HandLowered;
import app.banter.room.RoomEvents.HandRaised;
import app.banter.room.RoomEvents.Muted;
import app.banter.room.RoomEvents.Removed;
import app.banter.room.RoomEvents.RoleChanged;
import app.banter.room.RoomEvents.SpeakInvited;
import app.banter.social.Moderation;

/**
 * Who speaks in a room and who may: hands, invitations to speak, moderators, demotion, muting, removal, the host
 * role. Each action locks the room, then the members it changes; a permission change reaches LiveKit before the
 * transaction commits, so that a change LiveKit did not take rolls back (502) instead of leaving someone talking.
 */
@ApplicationScoped
public class RoomStage {

    private final RoomService access;
    private final RoomRepository rooms;
    private final RoomMemberRepository members;
    private final RoomPresence presence;
    private final RoomMedia media;
    private final RealtimeEvents events;
    private final Moderation moderation;

    RoomStage(RoomService access, RoomRepository rooms, RoomMemberRepository members, RoomPresence presence,
            RoomMedia media, RealtimeEvents events, Moderation moderation) {
        this.access = access;
        this.rooms = rooms;
        this.members = members;
        this.presence = presence;
        this.media = media;
        this.events = events;
        this.moderation = moderation;
    }

    /** A live room and the acting member, present in it, both locked. */
    private record Scene(Room room, RoomMember actor) {
    }

    private Scene enter(UUID roomId, UUID actorId) {
        Room room = access.lockVisible(roomId, actorId);
        if (!room.isLive()) {
            throw ApiException.conflict("ROOM_ENDED", "This room has ended");
        }
        RoomMember actor = members.lock(roomId, actorId).filter(m -> m.present)
                .orElseThrow(RoomService::notInRoom);
        return new Scene(room, actor);
    }

    private Scene moderate(UUID roomId, UUID actorId) {
        Scene scene = enter(roomId, actorId);
        if (!scene.actor().role.moderates()) {
            throw RoomService.notAllowed();
        }
        return scene;
    }

    private RoomMember present(Room room, UUID userId) {
        return members.lock(room.id, userId).filter(m -> m.present)
                .orElseThrow(() -> ApiException.notFound("Room member"));
    }

    @Transactional
    public void raiseHand(UUID userId, UUID roomId) {
        Scene scene = enter(roomId, userId);
        if (scene.actor().role != RoomRole.LISTENER) {
            throw ApiException.conflict("ALREADY_ON_STAGE", "You are on stage already");
        }
        if (scene.actor().handRaisedAt == null) {
            scene.actor().handRaisedAt = RoomService.now();
            broadcast(scene.room(), new HandRaised(roomId, userId), userId);
        }
    }

    @Transactional
    public void lowerHand(UUID userId, UUID roomId) {
        Scene scene = enter(roomId, userId);
        if (scene.actor().handRaisedAt != null) {
            scene.actor().handRaisedAt = null;
            broadcast(scene.room(), new HandLowered(roomId, userId), userId);
        }
    }

    /**
     * The host or a moderator asks a listener on stage; the listener accepts with {@link #acceptSpeak}. A restricted
     * host or moderator asks nobody: the invitation reaches the listener as a notification.
     */
    @Transactional
    public void inviteToSpeak(UUID actorId, UUID roomId, UUID listenerId) {
        Scene scene = moderate(roomId, actorId);
        requireGoodStanding(actorId);
        RoomMember listener = present(scene.room(), listenerId);
        if (listener.role != RoomRole.LISTENER) {
            throw ApiException.conflict("ALREADY_ON_STAGE", "This member is on stage already");
        }
        listener.speakInvitedAt = RoomService.now();
        events.sendToUser(listenerId, new SpeakInvited(roomId, actorId));
    }

    /**
     * An invited listener comes on stage: LiveKit lets them publish their microphone at once. A restricted listener
     * stays a listener: on stage they would speak to the whole room.
     */
    @Transactional
    public void acceptSpeak(UUID userId, UUID roomId) {
        Scene scene = enter(roomId, userId);
        requireGoodStanding(userId);
        RoomMember member = scene.actor();
        if (member.role != RoomRole.LISTENER || member.speakInvitedAt == null) {
            throw ApiException.conflict("NOT_INVITED_TO_SPEAK", "Nobody invited you to speak");
        }
        member.speakInvitedAt = null;
        member.handRaisedAt = null;
        changeRole(scene.room(), member, RoomRole.SPEAKER);
    }

    /**
     * The host makes a member a moderator (on stage, with the powers to invite, demote, mute and remove). Not a
     * restricted member: on stage they would speak to the whole room, as {@link #acceptSpeak} refuses.
     */
    @Transactional
    public void promoteToModerator(UUID actorId, UUID roomId, UUID userId) {
        Scene scene = enter(roomId, actorId);
        requireHost(scene);
        RoomMember member = present(scene.room(), userId);
        if (member.role == RoomRole.HOST || member.role == RoomRole.MODERATOR) {
            throw ApiException.conflict("ALREADY_MODERATOR", "This member moderates already");
        }
        requireAvailableForStage(userId);
        member.speakInvitedAt = null;
        member.handRaisedAt = null;
        changeRole(scene.room(), member, RoomRole.MODERATOR);
    }

    /**
     * Takes a speaker (or, for the host, a moderator) off stage: LiveKit withdraws the publish permission and the
     * microphone track is muted, in that order, before this commits.
     */
    @Transactional
    public void demote(UUID actorId, UUID roomId, UUID userId) {
        Scene scene = moderate(roomId, actorId);
        RoomMember member = present(scene.room(), userId);
        protect(scene, member);
        if (member.role == RoomRole.LISTENER) {
            throw ApiException.conflict("NOT_ON_STAGE", "This member is not on stage");
        }
        changeRole(scene.room(), member, RoomRole.LISTENER);
        media.muteMicrophone(scene.room(), member).ifPresent(track -> {
            member.micTrackSid = track;
            member.micMuted = true;
        });
    }

    /** Mutes a member's published microphone (LiveKit MutePublishedTrack); they may unmute it themselves. */
    @Transactional
    public void mute(UUID actorId, UUID roomId, UUID userId) {
        Scene scene = moderate(roomId, actorId);
        RoomMember member = present(scene.room(), userId);
        if (!member.userId.equals(actorId)) {
            protect(scene, member);
        }
        if (!member.role.isOnStage()) {
            throw ApiException.conflict("NOT_ON_STAGE", "This member is not on stage");
        }
        String track = media.muteMicrophone(scene.room(), member)
                .orElseThrow(() -> ApiException.conflict("NOT_PUBLISHING", "This member's microphone is not on"));
        member.micTrackSid = track;
        member.micMuted = true;
        broadcast(scene.room(), new Muted(roomId, userId, actorId), userId, actorId);
    }

    /** Disconnects a member (LiveKit RemoveParticipant) and bans them from this room. */
    @Transactional
    public void remove(UUID actorId, UUID roomId, UUID userId) {
        Scene scene = moderate(roomId, actorId);
        if (userId.equals(actorId)) {
            throw ApiException.badRequest("CANNOT_REMOVE_SELF", "Leave the room instead");
        }
        RoomMember member = present(scene.room(), userId);
        protect(scene, member);
        Instant now = RoomService.now();
        rooms.ban(roomId, userId, actorId, now);
        presence.depart(scene.room(), member, now);
        media.remove(scene.room(), userId);
        List<UUID> told = new ArrayList<>(members.presentIds(roomId));
        told.add(userId);
        presence.sendAbout(told, new Removed(roomId, userId), userId);
    }

    /**
     * The host hands the room to another present member and stays on as a moderator. Not to a restricted member, who
     * would speak to the whole room and invite into it.
     */
    @Transactional
    public void handOver(UUID actorId, UUID roomId, UUID newHostId) {
        Scene scene = enter(roomId, actorId);
        requireHost(scene);
        if (newHostId.equals(actorId)) {
            throw ApiException.badRequest("ALREADY_HOST", "You are the host");
        }
        RoomMember successor = present(scene.room(), newHostId);
        requireAvailableForStage(newHostId);
        makeHost(scene.room(), scene.actor(), successor, RoomRole.MODERATOR);
    }

    /**
     * Gives the host role to {@code successor}; the previous host becomes {@code formerHostRole}. Both permissions
     * reach LiveKit before this commits.
     */
    void makeHost(Room room, RoomMember formerHost, RoomMember successor, RoomRole formerHostRole) {
        room.hostId = successor.userId;
        room.hostAbsentSince = null;
        room.updatedAt = RoomService.now();
        successor.speakInvitedAt = null;
        successor.handRaisedAt = null;
        changeRole(room, successor, RoomRole.HOST);
        if (formerHost != null) {
            formerHost.role = formerHostRole;
            if (formerHost.present) {
                media.grant(room, formerHost.userId, formerHostRole);
                broadcast(room, new RoleChanged(room.id, formerHost.userId, formerHostRole), formerHost.userId);
            }
        }
    }

    private void changeRole(Room room, RoomMember member, RoomRole role) {
        member.role = role;
        media.grant(room, member.userId, role);
        broadcast(room, new RoleChanged(room.id, member.userId, role), member.userId);
    }

    /**
     * Restricted users reach nobody through a room, as through messages and calls (403 ACCOUNT_RESTRICTED): they do
     * not take the stage.
     */
    private void requireGoodStanding(UUID userId) {
        if (moderation.isRestrictedOrBanned(userId)) {
            throw Moderation.restricted();
        }
    }

    /**
     * Nor are they put on it by the host, who is not told why: a member's standing is between them and the moderators,
     * as a restricted callee looks offline to their caller.
     */
    private void requireAvailableForStage(UUID memberId) {
        if (moderation.isRestrictedOrBanned(memberId)) {
            throw ApiException.conflict("MEMBER_UNAVAILABLE", "This member cannot take this role now");
        }
    }

    private static void requireHost(Scene scene) {
        if (scene.actor().role != RoomRole.HOST) {
            throw ApiException.forbidden("HOST_ONLY", "Only the host can do this");
        }
    }

    /** Nobody acts on the host, and only the host acts on a moderator. */
    private static void protect(Scene scene, RoomMember target) {
        if (target.role == RoomRole.HOST) {
            throw ApiException.forbidden("HOST_PROTECTED", "Nobody can do this to the host");
        }
        if (target.role == RoomRole.MODERATOR && scene.actor().role != RoomRole.HOST
                && !target.userId.equals(scene.actor().userId)) {
            throw ApiException.forbidden("HOST_ONLY", "Only the host can do this to a moderator");
        }
    }

    /** To everyone present but those blocked either way with one of {@code subjects}, whom the event names. */
    private void broadcast(Room room, app.banter.realtime.ServerEvent.RoomEvent event, UUID... subjects) {
        members.flush();
        presence.sendAbout(members.presentIds(room.id), event, subjects);
    }
}
