package app.banter.social;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.social")
public interface SocialConfig {

    Reports reports();

    FriendRequests friendRequests();

    interface FriendRequests {
        /**
         * Friend requests one user may send per hour. Each new one notifies its recipient, and cancelling one lets it
         * be sent again, so without a limit send and cancel would notify someone without end. People add a handful
         * of friends at a time (after a room or a call); twenty an hour leaves them room and caps what a sender can
         * push at anyone.
         */
        @WithDefault("20")
        int perHour();
    }

    interface Reports {
        /** Reports one user may file per hour. */
        @WithDefault("10")
        int perHour();

        /** Distinct reporters within {@link #autoRestrictWindow()} that restrict a user until a moderator reviews. */
        @WithDefault("3")
        int autoRestrictReporters();

        @WithDefault("24H")
        Duration autoRestrictWindow();
    }
}
