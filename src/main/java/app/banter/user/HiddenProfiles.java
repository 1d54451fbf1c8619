package app.banter.user;

import java.util.Set;
import java.util.UUID;

/**
 * Whose profiles a viewer may not see. The social feature answers it (blocks, bans); user only asks, so that it does
 * not depend on how they are stored.
 */
public interface HiddenProfiles {

    /** Whether the two hide from each other: then neither finds the other's profile. */
    boolean areHiddenFromEachOther(UUID viewerId, UUID userId);

    /** Whether the user is hidden from everyone (banned): their profile is not found, as an absent user's. */
    boolean isHiddenFromEveryone(UUID userId);

    /** Everyone hidden from {@code viewerId} by a block, to leave out of searches. */
    Set<UUID> hiddenFrom(UUID viewerId);
}
