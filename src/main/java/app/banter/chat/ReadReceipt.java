package app.banter.chat;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code userId} has read {@code conversationId} up to and including {@code messageId}. */
@RegisterForReflection
public record ReadReceipt(UUID conversationId, UUID userId, UUID messageId, Instant readAt) {
}
