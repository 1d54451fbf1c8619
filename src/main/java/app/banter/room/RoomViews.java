package app.banter.room;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import app.banter.user.UserSummary;

/** Request and response bodies of the voice-room endpoints. */
public final class RoomViews {

    /** Lower-case words: "music", "dating-advice". */
    static final String CATEGORY = "^[a-z0-9][a-z0-9_-]{0,31}$";
    /** An ISO 639 language code, optionally with a region: "hi", "en-IN". */
    static final String LANGUAGE = "^[a-z]{2,3}(-[A-Z]{2})?$";

    private RoomViews() {
    }

    /** capacity: members present at once, host included, up to banter.rooms.max-capacity. */
    public record CreateRoom(@NotBlank @Size(max = 100) String title, @Size(max = 500) String description,
            @NotNull @Pattern(regexp = CATEGORY) String category, @NotNull @Pattern(regexp = LANGUAGE) String language,
            @NotNull @Min(2) Integer capacity, @NotNull Room.Visibility visibility,
            @Schema(nullable = true, description = "A completed ROOM_COVER upload of yours (POST /media/uploads)")
            UUID coverMediaId) {
    }

    /** Someone the action is about: invited to an invite-only room, or the new host. */
    public record UserRef(@NotNull UUID userId) {
    }

    /** How to connect: a LiveKit token for this room only, with the grants of {@code role}. */
    public record RoomSession(UUID roomId, RoomRole role, String livekitUrl, String token) {
    }

    /** A new room and its host's session. */
    public record CreatedRoom(RoomView room, RoomSession session) {
    }

    public record RoomSummary(UUID id, String title, @Schema(nullable = true) String description, String category,
            String language, @Schema(nullable = true) String coverUrl, UserSummary host, int liveMemberCount,
            int capacity, boolean friendSpeaking, Instant createdAt) {
    }

    /** speaking: on stage with a published, unmuted microphone. */
    public record StageMember(UserSummary user, RoomRole role, boolean speaking, boolean muted) {
    }

    public record RoomView(UUID id, String title, @Schema(nullable = true) String description, String category,
            String language, Room.Visibility visibility, @Schema(nullable = true) String coverUrl,
            Room.Status status, UserSummary host, @Schema(description = "Host, moderators and speakers present")
            List<StageMember> speakers, int listenerCount, int liveMemberCount, int capacity,
            @Schema(nullable = true, description = "Your role if you are present") RoomRole myRole,
            Instant createdAt, @Schema(nullable = true) Instant endedAt) {
    }

    public record ListenerView(UserSummary user, boolean handRaised, Instant joinedAt) {
    }
}
