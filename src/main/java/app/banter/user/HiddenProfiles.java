package app.banter.user;

import java.util.Set;
import java.util.UUID;

/**
 * Whose profiles a viewer may not see. The social feature answers it (blocks); user only asks, so that it does not
 * depend on how blocks are stored.
 */
public interface HiddenProfiles {

    /** Whether the two hide from each other: then neither finds the other's profile. */
    boolean areHiddenFromEachOther(UUID viewerId, UUID userId);

    /** Everyone hidden from {@code viewerId}, to leave out of searches. */
    Set<UUID> hiddenFrom(UUID viewerId);
}
