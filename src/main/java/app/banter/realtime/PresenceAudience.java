package app.banter.realtime;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * Who may see whose presence. The social feature answers it (friends); realtime only asks, so that it does not depend
 * on how friendship is stored.
 */
public interface PresenceAudience {

    /** Everyone who should hear about {@code userId}'s presence changes. */
    Collection<UUID> watchersOf(UUID userId);

    /** The subset of {@code userIds} whose presence {@code viewerId} may see. */
    Set<UUID> visibleTo(UUID viewerId, Collection<UUID> userIds);
}
