package app.banter.chat;

import java.time.Instant;
import java.util.UUID;

/** {@code userId} has read {@code conversationId} up to and including {@code messageId}. */
public record ReadReceipt(UUID conversationId, UUID userId, UUID messageId, Instant readAt) {
}
