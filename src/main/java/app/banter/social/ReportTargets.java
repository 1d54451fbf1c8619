package app.banter.social;

import java.util.Optional;
import java.util.UUID;

/**
 * Reported content that another feature owns. Chat answers for direct messages and rooms for room messages (each a
 * bean of its own; reports ask them all), so that reports do not need to know how messages are stored.
 */
public interface ReportTargets {

    /** The author of a message the reporter can see (a message of one of their conversations), if any. */
    Optional<UUID> authorOfMessageSeenBy(UUID reporterId, UUID messageId);
}
