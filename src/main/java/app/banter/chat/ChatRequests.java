package app.banter.chat;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import app.banter.media.OwnMediaUrl;

/** Request bodies of the chat endpoints. */
public final class ChatRequests {

    /**
     * A URL (only of our own media: {@link OwnMediaUrl}; http only where the media base URL is, the local storage
     * emulator's), or an object key of our media storage.
     */
    static final String MEDIA = "^(https?://\\S{1,500}|[A-Za-z0-9][A-Za-z0-9/_.-]{0,199})$";

    private ChatRequests() {
    }

    /**
     * Text; an image (an uploaded CHAT_IMAGE as mediaId, or a mediaUrl of our media) with an optional caption in text;
     * or a voice note (kind VOICE, an uploaded VOICE_MESSAGE as mediaId, and durationSeconds). Without kind: IMAGE when
     * media is given, else TEXT.
     */
    public record Send(@NotNull UUID recipientId, @Size(max = 2000) String text,
            @Pattern(regexp = MEDIA, message = "must be a URL or a media key") @OwnMediaUrl String mediaUrl,
            UUID replyToId, Message.Kind kind, UUID mediaId, @Positive Integer durationSeconds) {
    }

    public record Edit(@NotBlank @Size(max = 2000) String text) {
    }

    public record MarkRead(@NotNull UUID messageId) {
    }
}
