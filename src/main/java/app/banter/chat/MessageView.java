package app.banter.chat;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A message as members see it; a deleted one keeps its place but loses its content. */
@RegisterForReflection
public record MessageView(UUID id, UUID conversationId, UUID senderId, Message.Kind kind, String text,
        String mediaUrl, UUID replyToId, Instant createdAt, Instant editedAt, boolean deleted) {

    static MessageView of(Message m) {
        return new MessageView(m.id, m.conversationId, m.senderId, m.kind, m.body, m.mediaUrl, m.replyToId,
                m.createdAt, m.editedAt, m.isDeleted());
    }
}
