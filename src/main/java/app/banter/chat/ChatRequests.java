package app.banter.chat;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import app.banter.media.OwnMediaUrl;

/** Request bodies of the chat endpoints. */
public final class ChatRequests {

    /**
     * A URL (only of our own media: {@link OwnMediaUrl}; http only where the media base URL is, the local storage
     * emulator's), or an object key of our media storage.
     */
    static final String MEDIA = "^(https?://\\S{1,500}|[A-Za-z0-9][A-Za-z0-9/_.-]{0,199})$";

    /**
     * A text's limit is banter.chat.max-message-length characters (code points, as maxLength counts them), which the
     * service checks; the document gives its default. The {@code @Size} of a text is only a backstop: it counts UTF-16
     * units, so it stays above the limit (1000 emoji are 2000 units) and would refuse an allowed text if it were the
     * limit itself.
     */
    public static final String TEXT = "At most banter.chat.max-message-length characters ("
            + ChatConfig.DEFAULT_MAX_MESSAGE_LENGTH + " unless the service is configured otherwise); a longer text is "
            + "400 MESSAGE_TOO_LONG";

    private ChatRequests() {
    }

    /**
     * Text; an image (an uploaded CHAT_IMAGE as mediaId, or a mediaUrl of our media) with an optional caption in text;
     * or a voice note (kind VOICE, an uploaded VOICE_MESSAGE as mediaId, and durationSeconds). Without kind: IMAGE when
     * media is given, else TEXT.
     */
    public record Send(@NotNull UUID recipientId, @Schema(maxLength = ChatConfig.DEFAULT_MAX_MESSAGE_LENGTH,
            description = TEXT) @Size(max = 2000) String text,
            @Pattern(regexp = MEDIA, message = "must be a URL or a media key") @OwnMediaUrl String mediaUrl,
            UUID replyToId, Message.Kind kind, UUID mediaId, @Positive Integer durationSeconds) {
    }

    public record Edit(@Schema(maxLength = ChatConfig.DEFAULT_MAX_MESSAGE_LENGTH, description = TEXT) @NotBlank
            @Size(max = 2000) String text) {
    }

    public record MarkRead(@NotNull UUID messageId) {
    }
}
