package app.banter.chat;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import app.banter.media.SignedUrl;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A message as members see it; a deleted one keeps its place but loses its content. For an uploaded image or voice
 * note, mediaUrl is a read URL that works until mediaUrlExpiresAt (fetch the message again for a fresh one).
 */
@RegisterForReflection
public record MessageView(UUID id, UUID conversationId, UUID senderId, Message.Kind kind,
        @Schema(nullable = true) String text, @Schema(nullable = true) String mediaUrl,
        @Schema(nullable = true) UUID replyToId, Instant createdAt, @Schema(nullable = true) Instant editedAt,
        boolean deleted, @Schema(nullable = true) UUID mediaId, @Schema(nullable = true) Integer durationSeconds,
        @Schema(nullable = true) Instant mediaUrlExpiresAt) {

    /** {@code link}: the read URL of the message's uploaded media, null when it has none. */
    static MessageView of(Message m, SignedUrl link) {
        return new MessageView(m.id, m.conversationId, m.senderId, m.kind, m.body,
                link == null ? m.mediaUrl : link.url(), m.replyToId, m.createdAt, m.editedAt, m.isDeleted(),
                m.mediaId, m.durationSeconds, link == null ? null : link.expiresAt());
    }

    MessageView withMedia(SignedUrl link) {
        return link == null ? this
                : new MessageView(id, conversationId, senderId, kind, text, link.url(), replyToId, createdAt,
                        editedAt, deleted, mediaId, durationSeconds, link.expiresAt());
    }
}
