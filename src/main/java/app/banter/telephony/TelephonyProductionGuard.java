package app.banter.telephony;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Refuses to start a production instance whose telephony provider has a missing credential or one of the local-only
 * credentials application.properties gives outside prod (they all start with {@code local-}), as KycProductionGuard
 * does for the KYC provider; and an Exotel set-up without the allow-list its unsigned callbacks rely on.
 */
@Singleton
public class TelephonyProductionGuard {

    static final String LOCAL_ONLY_PREFIX = "local-";

    void onStart(@Observes StartupEvent event, TelephonyConfig config) {
        refusal(ConfigUtils.getProfiles().contains("prod"), config).ifPresent(why -> {
            throw new IllegalStateException("Refusing to start in production with " + why);
        });
    }

    static Optional<String> refusal(boolean production, TelephonyConfig config) {
        if (!production) {
            return Optional.empty();
        }
        if (!config.provider().equals(TelephonyProviders.NONE) && (config.callbackBaseUrl().contains("localhost")
                || config.callbackBaseUrl().contains("127.0.0.1"))) {
            // Without telephony the URL is never used, and a production instance starts without it.
            return Optional.of("a local banter.telephony.callback-base-url (set BANTER_TELEPHONY_CALLBACK_BASE_URL)");
        }
        return switch (config.provider()) {
            case TelephonyProviders.NONE -> Optional.empty();
            case "exotel" -> firstUnusable("banter.telephony.exotel.", List.of(
                    new Setting("account-sid", config.exotel().accountSid()),
                    new Setting("api-key", config.exotel().apiKey()),
                    new Setting("api-token", config.exotel().apiToken()),
                    new Setting("caller-id", config.exotel().callerId()),
                    new Setting("callback-token", config.exotel().callbackToken())))
                    .or(() -> config.exotel().allowedNetworks().stream().anyMatch(n -> n.startsWith("127.")
                            || n.startsWith("::1")) ? Optional.of("loopback in banter.telephony.exotel.allowed-networks")
                                    : Optional.empty());
            case "twilio" -> firstUnusable("banter.telephony.twilio.", List.of(
                    new Setting("account-sid", config.twilio().accountSid()),
                    new Setting("auth-token", config.twilio().authToken()),
                    new Setting("from-number", config.twilio().fromNumber())));
            default -> Optional.of("an unknown banter.telephony.provider");
        };
    }

    private record Setting(String name, Optional<String> value) {
    }

    private static Optional<String> firstUnusable(String prefix, List<Setting> settings) {
        return settings.stream()
                .filter(s -> s.value().isEmpty() || s.value().get().isBlank()
                        || s.value().get().startsWith(LOCAL_ONLY_PREFIX))
                .findFirst().map(s -> "a missing or placeholder " + prefix + s.name());
    }
}
