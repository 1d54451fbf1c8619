package app.banter.chat;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A message as members see it; a deleted one keeps its place but loses its content. */
@RegisterForReflection
public record MessageView(UUID id, UUID conversationId, UUID senderId, Message.Kind kind,
        @Schema(nullable = true) String text, @Schema(nullable = true) String mediaUrl,
        @Schema(nullable = true) UUID replyToId, Instant createdAt, @Schema(nullable = true) Instant editedAt,
        boolean deleted) {

    static MessageView of(Message m) {
        return new MessageView(m.id, m.conversationId, m.senderId, m.kind, m.body, m.mediaUrl, m.replyToId,
                m.createdAt, m.editedAt, m.isDeleted());
    }
}
