package app.banter.realtime;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Who may see whose presence. The social feature answers it (friends); realtime only asks, so that it does not depend
 * on how friendship is stored.
 */
public interface PresenceAudience {

    /** Everyone who should hear about {@code userId}'s presence changes. */
    Collection<UUID> watchersOf(UUID userId);

    /** Everyone who should hear about each of {@code userIds}' presence changes; a user nobody watches may be left out. */
    Map<UUID, List<UUID>> watchersOfEach(Collection<UUID> userIds);

    /** The subset of {@code userIds} whose presence {@code viewerId} may see. */
    Set<UUID> visibleTo(UUID viewerId, Collection<UUID> userIds);
}
