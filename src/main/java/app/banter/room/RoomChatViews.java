package app.banter.room;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import app.banter.chat.ChatConfig;
import app.banter.chat.ChatRequests;
import app.banter.user.UserSummary;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Requests and views of room chat. */
public final class RoomChatViews {

    private RoomChatViews() {
    }

    /** The text is checked against banter.chat.max-message-length, as a direct message's is; the size is a backstop. */
    public record PostRoomMessage(@Schema(maxLength = ChatConfig.DEFAULT_MAX_MESSAGE_LENGTH,
            description = ChatRequests.TEXT) @NotNull @Size(max = 4000) String text) {
    }

    public record PinRoomMessage(@NotNull UUID messageId) {
    }

    @RegisterForReflection
    public record RoomMessageView(UUID id, UUID roomId, UserSummary sender, String text, Instant createdAt) {
    }

    /** The room's pinned message; both null when nothing is pinned. */
    @RegisterForReflection
    public record PinnedMessageView(@Schema(nullable = true) RoomMessageView message,
            @Schema(nullable = true) Instant pinnedAt) {
    }
}
