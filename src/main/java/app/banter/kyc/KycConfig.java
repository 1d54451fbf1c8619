package app.banter.kyc;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** KYC verification (BANTER_KYC_*): which provider, its credentials, limits and the poller. */
@ConfigMapping(prefix = "banter.kyc")
public interface KycConfig {

    /** sandbox (local/dev/test only; refused in prod), karza or signzy. */
    @WithDefault("sandbox")
    String provider();

    /** Key of the HMAC under which document numbers are compared across accounts; required in prod. */
    String numberHmacSecret();

    /** Submissions a user may make in any 24 hours (a rejected user resubmits within it). */
    @WithDefault("3")
    int submissionsPerDay();

    Poller poller();

    Karza karza();

    Signzy signzy();

    interface Poller {
        @WithDefault("60s")
        String interval();

        /** A submission still pending this long after it was sent is asked about at its provider. */
        @WithDefault("30M")
        Duration pendingTimeout();

        /** Between two questions about the same submission. */
        @WithDefault("15M")
        Duration retryEvery();

        /**
         * A submission still pending this long after it was sent is closed as REJECTED: its provider never decided,
         * and without an end the user could neither withdraw nor submit again.
         */
        @WithDefault("24H")
        Duration maxPendingAge();

        @WithDefault("50")
        int batchSize();
    }

    interface Karza {
        /**
         * Karza's test environment, for trying a test key outside prod; prod refuses it (KycProductionGuard) and sets
         * the production URL it was given with its key.
         */
        @WithDefault("https://testapi.karza.in")
        String baseUrl();

        /** Sent as x-karza-key. */
        Optional<String> apiKey();

        /** Karza signs no callbacks: its callback URL carries karza:<token> as HTTP Basic credentials. */
        Optional<String> webhookToken();

        @WithDefault("15s")
        Duration timeout();
    }

    interface Signzy {
        /** Signzy's pre-production environment, as for Karza: refused in prod, which sets the production URL. */
        @WithDefault("https://preproduction.signzy.tech")
        String baseUrl();

        /** The id returned by Signzy's login, sent as Authorization. */
        Optional<String> accessToken();

        /** Our patron id at Signzy (userId of the login). */
        Optional<String> patronId();

        /** The email Signzy's identity objects carry. */
        @WithDefault("kyc@banter.app")
        String email();

        /** Where Signzy posts finished verifications: https://signzy:<webhook-token>@<host>/api/v1/webhooks/kyc/signzy. */
        Optional<String> callbackUrl();

        /** Signzy signs no callbacks: its callback URL carries signzy:<token> as HTTP Basic credentials. */
        Optional<String> webhookToken();

        @WithDefault("15s")
        Duration timeout();
    }
}
