package app.banter.realtime;

import java.util.List;
import java.util.UUID;

/**
 * Presence transitions, for observers in this JVM (matching takes whoever went offline or into a call out of its
 * pool). Several at once when many users change together (the matcher's calls marked busy in one go), so that an
 * observer can act on them in one round trip.
 */
public record PresenceTransitions(List<PresenceChanged> changes) {

    /** The users whose new status is not {@code status}. */
    public List<UUID> usersNot(PresenceStatus status) {
        return changes.stream().filter(change -> change.status() != status).map(PresenceChanged::userId).toList();
    }
}
