package app.banter.room;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonTypeName;

import app.banter.realtime.ServerEvent;
import app.banter.user.UserSummary;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The room.* events the present members of a room receive over the realtime gateway. Presence events carry the live
 * member count, so that clients never ask for it.
 */
public final class RoomEvents {

    private RoomEvents() {
    }

    @JsonTypeName("room.member_joined")
    @RegisterForReflection
    public record MemberJoined(UUID roomId, UserSummary user, RoomRole role, int liveMemberCount)
            implements ServerEvent.RoomEvent {
    }

    @JsonTypeName("room.member_left")
    @RegisterForReflection
    public record MemberLeft(UUID roomId, UUID userId, int liveMemberCount) implements ServerEvent.RoomEvent {
    }

    /** A crowd's live member count, at most once a second while listeners come and go (see crowd-size). */
    @JsonTypeName("room.member_count")
    @RegisterForReflection
    public record MemberCount(UUID roomId, int liveMemberCount) implements ServerEvent.RoomEvent {
    }

    @JsonTypeName("room.hand_raised")
    @RegisterForReflection
    public record HandRaised(UUID roomId, UUID userId) implements ServerEvent.RoomEvent {
    }

    @JsonTypeName("room.hand_lowered")
    @RegisterForReflection
    public record HandLowered(UUID roomId, UUID userId) implements ServerEvent.RoomEvent {
    }

    /** To someone invited into an invite-only room: they may see and join it now. */
    @JsonTypeName("room.invited")
    @RegisterForReflection
    public record Invited(UUID roomId, String title, UserSummary invitedBy) implements ServerEvent.RoomEvent {
    }

    /** To the invited listener only: accept with POST /rooms/{id}/speak. */
    @JsonTypeName("room.speak_invited")
    @RegisterForReflection
    public record SpeakInvited(UUID roomId, UUID invitedBy) implements ServerEvent.RoomEvent {
    }

    @JsonTypeName("room.role_changed")
    @RegisterForReflection
    public record RoleChanged(UUID roomId, UUID userId, RoomRole role) implements ServerEvent.RoomEvent {
    }

    @JsonTypeName("room.muted")
    @RegisterForReflection
    public record Muted(UUID roomId, UUID userId, UUID mutedBy) implements ServerEvent.RoomEvent {
    }

    /** To the room and to the removed member, who is banned from the room. */
    @JsonTypeName("room.removed")
    @RegisterForReflection
    public record Removed(UUID roomId, UUID userId) implements ServerEvent.RoomEvent {
    }

    /** reason: ENDED_BY_HOST, EMPTY, NO_HOST, ROOM_FINISHED. */
    @JsonTypeName("room.ended")
    @RegisterForReflection
    public record Ended(UUID roomId, String reason) implements ServerEvent.RoomEvent {
    }
}
