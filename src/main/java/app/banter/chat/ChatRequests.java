package app.banter.chat;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** Request bodies of the chat endpoints. */
public final class ChatRequests {

    /** An https URL, or an object key of our media storage (uploads come with the media feature). */
    static final String MEDIA = "^(https://\\S{1,500}|[A-Za-z0-9][A-Za-z0-9/_.-]{0,199})$";

    private ChatRequests() {
    }

    /**
     * Text; an image (an uploaded CHAT_IMAGE as mediaId, or an https mediaUrl) with an optional caption in text; or a
     * voice note (kind VOICE, an uploaded VOICE_MESSAGE as mediaId, and durationSeconds). Without kind: IMAGE when
     * media is given, else TEXT.
     */
    public record Send(@NotNull UUID recipientId, @Size(max = 2000) String text,
            @Pattern(regexp = MEDIA, message = "must be an https URL or a media key") String mediaUrl,
            UUID replyToId, Message.Kind kind, UUID mediaId, @Positive Integer durationSeconds) {
    }

    public record Edit(@NotBlank @Size(max = 2000) String text) {
    }

    public record MarkRead(@NotNull UUID messageId) {
    }
}
