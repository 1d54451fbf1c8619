package app.banter.user;

import java.util.Set;
import java.util.UUID;

/**
 * Who may appear in Discover's "online now" list. Social answers it (the privacy opt-in, moderation standing, and
 * realtime's presence); user only asks, so that it depends on none of them.
 */
public interface OnlineNowList {

    /**
     * Users who are online now, chose to be listed and are under no moderation measure. At most {@code scanLimit}
     * online users are considered, the most recently active first.
     */
    Set<UUID> listedOnline(int scanLimit);
}
