package app.banter.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Production refuses phone calls set up with missing or placeholder credentials, as it does for the other providers. */
class TelephonyProductionGuardTest {

    private static final Map<String, String> EXOTEL = Map.of("banter.telephony.provider", "exotel",
            "banter.telephony.exotel.account-sid", "banter1", "banter.telephony.exotel.api-key", "k-real",
            "banter.telephony.exotel.api-token", "t-real", "banter.telephony.exotel.caller-id", "08047112345",
            "banter.telephony.exotel.callback-token", "a-long-random-token",
            "banter.telephony.exotel.allowed-networks", "203.0.113.0/24",
            "banter.telephony.callback-base-url", "https://api.banter.app");
    private static final Map<String, String> TWILIO = Map.of("banter.telephony.provider", "twilio",
            "banter.telephony.twilio.account-sid", "AC0123", "banter.telephony.twilio.auth-token", "real-token",
            "banter.telephony.twilio.from-number", "+15005550006",
            "banter.telephony.callback-base-url", "https://api.banter.app");

    @Test
    void productionTakesRealCredentialsOrNoProvider() {
        assertThat(TelephonyProductionGuard.refusal(true, config(EXOTEL, Map.of()))).isEmpty();
        assertThat(TelephonyProductionGuard.refusal(true, config(TWILIO, Map.of()))).isEmpty();
        assertThat(TelephonyProductionGuard.refusal(true, config(Map.of(), Map.of()))).isEmpty();
    }

    @Test
    void productionRefusesPlaceholdersMissingCredentialsAndAnOpenExotelCallback() {
        assertThat(TelephonyProductionGuard.refusal(true, config(TWILIO,
                Map.of("banter.telephony.twilio.auth-token", "local-twilio-auth-token"))))
                .contains("a missing or placeholder banter.telephony.twilio.auth-token");
        assertThat(TelephonyProductionGuard.refusal(true, config(EXOTEL,
                Map.of("banter.telephony.exotel.callback-token", "")))).isPresent();
        assertThat(TelephonyProductionGuard.refusal(true, config(EXOTEL,
                Map.of("banter.telephony.exotel.allowed-networks", "127.0.0.1/32")))).isPresent();
        assertThat(TelephonyProductionGuard.refusal(true, config(TWILIO,
                Map.of("banter.telephony.callback-base-url", "http://localhost:8080")))).isPresent();
        assertThat(TelephonyProductionGuard.refusal(true, config(Map.of("banter.telephony.provider", "plivo"),
                Map.of()))).isPresent();
    }

    @Test
    void otherProfilesMayUsePlaceholders() {
        assertThat(TelephonyProductionGuard.refusal(false, config(TWILIO,
                Map.of("banter.telephony.twilio.auth-token", "local-twilio-auth-token")))).isEmpty();
    }

    @Test
    void exotelCallbacksComeOnlyFromTheAllowedNetworks() {
        List<String> networks = List.of("203.0.113.0/24", "2001:db8::/32", "198.51.100.7");
        assertThat(Networks.contains(networks, "203.0.113.200")).isTrue();
        assertThat(Networks.contains(networks, "203.0.114.1")).isFalse();
        assertThat(Networks.contains(networks, "198.51.100.7")).isTrue();
        assertThat(Networks.contains(networks, "198.51.100.8")).isFalse();
        assertThat(Networks.contains(networks, "2001:db8:1::5")).isTrue();
        assertThat(Networks.contains(networks, "2001:db9::5")).isFalse();
        assertThat(Networks.contains(networks, "exotel.example")).isFalse();
        assertThat(Networks.contains(networks, null)).isFalse();
    }

    private static TelephonyConfig config(Map<String, String> base, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(base);
        // Plain SmallRye Config reads durations in ISO-8601 only (Quarkus adds the "30S" form).
        values.put("banter.telephony.ring-timeout", "PT30S");
        values.put("banter.telephony.exotel.timeout", "PT10S");
        values.putAll(overrides);
        return new SmallRyeConfigBuilder().withMapping(TelephonyConfig.class)
                .withSources(new PropertiesConfigSource(values, "test", 500)).build()
                .getConfigMapping(TelephonyConfig.class);
    }
}
