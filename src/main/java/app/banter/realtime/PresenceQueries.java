package app.banter.realtime;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/** Answers GET /presence: live status from Redis, last seen from the database, for the users the viewer may see. */
@ApplicationScoped
public class PresenceQueries {

    private final Presence presence;
    private final PresenceAudience audience;
    private final LastSeenStore lastSeen;

    PresenceQueries(Presence presence, PresenceAudience audience, LastSeenStore lastSeen) {
        this.presence = presence;
        this.audience = audience;
        this.lastSeen = lastSeen;
    }

    public List<PresenceView> visibleTo(UUID viewerId, Set<UUID> userIds) {
        Set<UUID> visible = new HashSet<>(audience.visibleTo(viewerId, userIds));
        if (userIds.contains(viewerId)) {
            visible.add(viewerId);
        }
        Map<UUID, PresenceStatus> statuses = presence.status(visible);
        List<UUID> offline = statuses.entrySet().stream().filter(e -> e.getValue() == PresenceStatus.OFFLINE)
                .map(Map.Entry::getKey).toList();
        Map<UUID, Instant> seen = lastSeen.of(offline);
        return statuses.entrySet().stream()
                .map(e -> new PresenceView(e.getKey(), e.getValue(), seen.get(e.getKey())))
                .toList();
    }
}
