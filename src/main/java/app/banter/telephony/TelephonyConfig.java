package app.banter.telephony;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Phone-network calls (BANTER_TELEPHONY_*): which provider bridges the parties' phones, its credentials and numbers.
 * Credentials are optional here so that a service without phone calls ({@code provider=none}) needs none; the
 * provider in use checks its own at startup, and {@link TelephonyProductionGuard} refuses local-only ones in prod.
 */
@ConfigMapping(prefix = "banter.telephony")
public interface TelephonyConfig {

    /** {@code exotel}, {@code twilio} or {@code none} (phone calls refused with PHONE_CALLS_DISABLED). */
    @WithDefault("none")
    String provider();

    /**
     * Our public base URL as the provider reaches it (e.g. https://api.banter.app): status callbacks are addressed to
     * it, and Twilio signs the callback URL, which behind the ingress differs from the one the service sees.
     */
    @WithDefault("http://localhost:8080")
    String callbackBaseUrl();

    /** How long each phone rings before the provider gives up on it (Exotel TimeOut, Twilio Timeout). */
    @WithDefault("30S")
    Duration ringTimeout();

    Exotel exotel();

    Twilio twilio();

    interface Exotel {
        /** The account's cluster: https://api.in.exotel.com (Mumbai) or https://api.exotel.com (Singapore). */
        @WithDefault("https://api.in.exotel.com")
        String baseUrl();

        Optional<String> accountSid();

        Optional<String> apiKey();

        Optional<String> apiToken();

        /** The ExoPhone (virtual number) both parties see as the caller. */
        Optional<String> callerId();

        /**
         * Exotel signs no callback: the StatusCallback URL we give it carries this secret as a path segment, and only
         * {@link #allowedNetworks} may deliver.
         */
        Optional<String> callbackToken();

        /** Where Exotel's callbacks come from (CIDR ranges Exotel publishes for whitelisting). */
        @WithDefault("127.0.0.1/32,::1/128")
        List<String> allowedNetworks();

        /** Exotel's times ("YYYY-MM-DD HH:mm:ss") are local to the account's cluster. */
        @WithDefault("Asia/Kolkata")
        String timeZone();

        @WithDefault("10s")
        Duration timeout();
    }

    interface Twilio {
        /** Empty for Twilio's own hosts; tests point it at a stand-in. */
        Optional<String> baseUrl();

        Optional<String> accountSid();

        Optional<String> authToken();

        /** Our Twilio number: calls the caller from it, and the callee sees it as the caller id. */
        Optional<String> fromNumber();
    }
}
