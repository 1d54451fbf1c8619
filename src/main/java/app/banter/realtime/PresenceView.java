package app.banter.realtime;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user's presence; lastSeenAt is set when offline and known. */
public record PresenceView(UUID userId, PresenceStatus status, @Schema(nullable = true) Instant lastSeenAt) {
}
