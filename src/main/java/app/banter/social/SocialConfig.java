package app.banter.social;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.social")
public interface SocialConfig {

    Reports reports();

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
