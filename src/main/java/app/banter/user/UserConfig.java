package app.banter.user;

import org.eclipse.microprofile.config.spi.Converter;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.users")
public interface UserConfig {

    /**
     * Secret of the keyed hash (HMAC-SHA256) under which phones are kept past their account ({@link PhoneHashes});
     * changing it makes the phones kept before unrecognisable.
     */
    String phoneHashSecret();

    /** Username availability checks per client IP and minute (the endpoint needs no sign-in). */
    @WithDefault("60")
    int availabilityChecksPerMinute();

    /**
     * Push devices one user keeps: registering another evicts the least recently registered. Every notification is one
     * outbox row and one FCM send per device, so without a cap an account that registered junk tokens by the thousand
     * made each notification about it cost as many.
     */
    @WithDefault("10")
    @WithConverter(AtLeastOneDevice.class)
    int devicesPerUser();

    /** Refuses a cap under one at start: the device just registered must be kept. */
    final class AtLeastOneDevice implements Converter<Integer> {

        @Override
        public Integer convert(String value) {
            int devices = Integer.parseInt(value.strip());
            if (devices < 1) {
                throw new IllegalArgumentException("A user keeps at least one device, not " + devices);
            }
            return devices;
        }
    }

    Discover discover();

    interface Discover {

        /**
         * How many online users (the most recently active first) the "online now" list considers before its opt-in
         * and standing filters; bounds the work of one page however many people are online.
         */
        @WithDefault("5000")
        int onlineScanLimit();

        /**
         * Searches one user may run per minute, each page counted. Two a second, sustained, is more than anyone
         * scrolls pages or types a name letter by letter; it bounds how fast one account can walk the directory or
         * repeat the interest filter, which no index serves.
         */
        @WithDefault("120")
        int searchesPerMinute();
    }
}
