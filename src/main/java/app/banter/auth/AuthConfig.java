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

    FirebaseDeletions firebaseDeletions();

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

    /** The job that deletes the Firebase Auth users of deleted accounts ({@link FirebaseUserDeletions}). */
    interface FirebaseDeletions {
        /**
         * How long after the account a Firebase user is deleted: about the life of an ID token the app may still hold.
         * A person who signs in again meanwhile with the same phone is the same Firebase user, and registering makes it
         * the new account's, which keeps it; deleted under a registration in progress, it would leave the new account
         * knowing a Firebase user that no longer exists, and never delete the one its next sign-in makes.
         */
        @WithDefault("1H")
        Duration delay();

        /** How often each pod looks for Firebase users to delete. */
        @WithDefault("30s")
        Duration interval();

        /** Deletions claimed per query. */
        @WithDefault("20")
        int batchSize();

        /**
         * How long a claimed deletion is left to its pod before another pod tries it (the first died): longer than a
         * batch may take, each request within banter.firebase's timeouts.
         */
        @WithDefault("10M")
        Duration lease();

        /** Wait before the first retry of a deletion Firebase failed; doubles with every further attempt. */
        @WithDefault("1M")
        Duration retryBackoff();

        @WithDefault("1H")
        Duration maxRetryBackoff();
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
