package app.banter.room;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import livekit.LivekitWebhook.WebhookEvent;

import app.banter.livekit.LiveKitIdentity;
import app.banter.livekit.LiveKitRoomHandler;
import app.banter.platform.AfterCommit;
import app.banter.platform.error.ApiException;
import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.platform.webhook.WebhookOutcome;
import app.banter.social.Moderation;
import app.banter.user.Users;

/**
 * LiveKit's webhooks for voice rooms (named room-{id}), applied by the webhook inbox, which has already dropped
 * duplicates. They may come late or out of order: a join or leave older than the last one applied to that member
 * changes nothing, so a late "left" never removes a newer join. Missing ones are covered by the reconciler.
 */
@ApplicationScoped
public class RoomWebhooks implements LiveKitRoomHandler {

    private static final Logger LOG = Logger.getLogger(RoomWebhooks.class);

    private final RoomRepository rooms;
    private final RoomMemberRepository members;
    private final RoomPresence presence;
    private final RoomMedia media;
    private final AfterCommit afterCommit;
    private final Moderation moderation;
    private final Users users;

    RoomWebhooks(RoomRepository rooms, RoomMemberRepository members, RoomPresence presence, RoomMedia media,
            AfterCommit afterCommit, Moderation moderation, Users users) {
        this.rooms = rooms;
        this.members = members;
        this.presence = presence;
        this.media = media;
        this.afterCommit = afterCommit;
        this.moderation = moderation;
        this.users = users;
    }

    @Override
    public boolean owns(String roomName) {
        return roomName.startsWith(Room.LIVEKIT_PREFIX);
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public WebhookOutcome apply(VerifiedWebhook<WebhookEvent> webhook) {
        WebhookEvent event = webhook.payload();
        Room room = rooms.lockByLiveKitRoom(event.getRoom().getName()).orElse(null);
        if (room == null || !room.isLive()) {
            return WebhookOutcome.IGNORED;
        }
        Instant at = webhook.occurredAt();
        return switch (event.getEvent()) {
            case "participant_joined" -> joined(room, event, at);
            case "participant_left", "participant_connection_aborted" -> left(room, event, at);
            case "track_published", "track_unpublished" -> track(room, event);
            case "room_finished" -> {
                if (at.isBefore(room.createdAt.minusSeconds(1))) {
                    yield WebhookOutcome.IGNORED;
                }
                presence.end(room, "ROOM_FINISHED", RoomService.now());
                yield WebhookOutcome.PROCESSED;
            }
            default -> WebhookOutcome.IGNORED;
        };
    }

    private WebhookOutcome joined(Room room, WebhookEvent event, Instant at) {
        RoomMember member = member(room, event);
        // Only people we admitted hold a token for this room; a member banned since is disconnected again.
        if (member == null) {
            return WebhookOutcome.IGNORED;
        }
        // A user banned from Banter, or whose account is deleted, may still hold a token: they left every room with the
        // ban or the deletion and stay out.
        if (rooms.isBanned(room.id, member.userId) || moderation.isBanned(member.userId)
                || !users.isActive(member.userId)) {
            if (member.present) {
                // Admitted in a race with their removal: out of the room's count and member list too.
                presence.depart(room, member, at.isBefore(member.presenceChangedAt) ? member.presenceChangedAt : at);
            }
            afterCommit.run(() -> media.disconnect(room, member.userId));
            return WebhookOutcome.PROCESSED;
        }
        boolean stale = at.isBefore(member.presenceChangedAt);
        if (!stale && !member.present && !RoomPresence.hasSpace(room)) {
            // Back with an earlier token while the room filled up: not admitted.
            afterCommit.run(() -> media.disconnect(room, member.userId));
            return WebhookOutcome.PROCESSED;
        }
        // Whatever token they joined with (one they got as a speaker, say, and kept through a demotion), LiveKit is
        // told what their role lets them do now, present by our record or not.
        RoomRole role = member.role;
        afterCommit.run(() -> grantQuietly(room, member.userId, role));
        if (stale) {
            return WebhookOutcome.IGNORED;
        }
        if (member.present) {
            member.presenceChangedAt = at;
        } else {
            presence.arrive(room, member, member.userId, member.role, at);
        }
        return WebhookOutcome.PROCESSED;
    }

    private WebhookOutcome left(Room room, WebhookEvent event, Instant at) {
        RoomMember member = member(room, event);
        if (member == null || at.isBefore(member.presenceChangedAt)) {
            return WebhookOutcome.IGNORED;
        }
        if (!member.present) {
            member.presenceChangedAt = at;
            return WebhookOutcome.PROCESSED;
        }
        presence.depart(room, member, at);
        return WebhookOutcome.PROCESSED;
    }

    /** The member's microphone track: its sid (for MutePublishedTrack) and whether it is muted. */
    private WebhookOutcome track(Room room, WebhookEvent event) {
        RoomMember member = member(room, event);
        if (member == null || !member.present || !RoomMedia.isMicrophone(event.getTrack())) {
            return WebhookOutcome.IGNORED;
        }
        if (event.getEvent().equals("track_published")) {
            member.micTrackSid = event.getTrack().getSid();
            member.micMuted = event.getTrack().getMuted();
        } else if (event.getTrack().getSid().equals(member.micTrackSid)) {
            member.micTrackSid = null;
            member.micMuted = false;
        } else {
            return WebhookOutcome.IGNORED;
        }
        return WebhookOutcome.PROCESSED;
    }

    private RoomMember member(Room room, WebhookEvent event) {
        return LiveKitIdentity.userOf(event.getParticipant().getIdentity())
                .flatMap(user -> members.lock(room.id, user)).orElse(null);
    }

    private void grantQuietly(Room room, UUID userId, RoomRole role) {
        try {
            media.grant(room, userId, role);
        } catch (ApiException unavailable) {
            LOG.warnf("A member's permission in room %s could not be set", room.id);
        }
    }
}
