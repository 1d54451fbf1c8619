package app.banter.user;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.users")
public interface UserConfig {

    /** Username availability checks per client IP and minute (the endpoint needs no sign-in). */
    @WithDefault("60")
    int availabilityChecksPerMinute();
}
