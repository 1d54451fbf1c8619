package app.banter.auth;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.auth")
public interface AuthConfig {

    /** How long a verified phone may take to finish registration. */
    @WithDefault("15M")
    Duration registrationTicketTtl();

    /** Banter is for adults: the youngest age allowed to register. */
    @WithDefault("18")
    int minimumAge();

    RateLimits rateLimit();

    DevLogin devLogin();

    interface RateLimits {
        /** Token exchanges (and registrations) per client IP. */
        Window perIp();

        /** Token exchanges per verified phone number. */
        PhoneWindow perPhone();
    }

    interface Window {
        @WithDefault("30")
        int requests();

        @WithDefault("1M")
        Duration window();
    }

    interface PhoneWindow {
        @WithDefault("10")
        int requests();

        @WithDefault("10M")
        Duration window();
    }

    interface DevLogin {
        /**
         * Dev mode without the Firebase emulator: sign in with a bare phone number. The prod profile refuses to start
         * with this on.
         */
        @WithDefault("false")
        boolean enabled();
    }
}
