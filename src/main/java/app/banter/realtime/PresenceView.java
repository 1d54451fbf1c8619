package app.banter.realtime;

import java.time.Instant;
import java.util.UUID;

/** A user's presence; lastSeenAt is set when offline and known. */
public record PresenceView(UUID userId, PresenceStatus status, Instant lastSeenAt) {
}
