package app.banter.social;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import app.banter.realtime.Presence;
import app.banter.user.OnlineNowList;

/**
 * Discover's "online now" list: online (realtime presence), opted in (privacy settings, off by default), and under
 * no moderation measure. Blocks are left to the search itself, which hides blocked people either way.
 */
@ApplicationScoped
public class OnlineNowListing implements OnlineNowList {

    private final Presence presence;
    private final PrivacySettingsStore settings;
    private final UserStandingRepository standings;

    OnlineNowListing(Presence presence, PrivacySettingsStore settings, UserStandingRepository standings) {
        this.presence = presence;
        this.settings = settings;
        this.standings = standings;
    }

    @Override
    @Transactional
    public Set<UUID> listedOnline(int scanLimit) {
        List<UUID> online = presence.onlineNow(scanLimit);
        Set<UUID> listed = new HashSet<>(settings.listedOnlineAmong(online));
        listed.removeAll(standings.underMeasureAmong(listed));
        return listed;
    }
}
