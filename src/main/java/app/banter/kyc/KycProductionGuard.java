package app.banter.kyc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import app.banter.kyc.provider.KarzaKycProvider;
import app.banter.kyc.provider.SandboxKycProvider;
import app.banter.kyc.provider.SignzyKycProvider;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Refuses to start a production instance with the sandbox provider (it verifies any number with an even digit), with
 * the development key of the document-number hash, or with a chosen provider that is not its production service: a
 * base URL on its test host (real users' PANs would go to the provider's test environment) or a credential missing,
 * as platform.ProductionGuard does for sign-in shortcuts. Only the chosen provider's settings are read: a production
 * instance holds the other's credentials no more than it needs them.
 */
@Singleton
public class KycProductionGuard {

    static final String DEVELOPMENT_HMAC_SECRET = "local-kyc-number-hmac-secret";

    void onStart(@Observes StartupEvent event, KycConfig config) {
        refusal(ConfigUtils.getProfiles().contains("prod"), config).ifPresent(why -> {
            throw new IllegalStateException("Refusing to start in production with " + why);
        });
    }

    static Optional<String> refusal(boolean production, KycConfig config) {
        if (!production) {
            return Optional.empty();
        }
        if (SandboxKycProvider.NAME.equals(config.provider())) {
            return Optional.of("banter.kyc.provider=sandbox");
        }
        if (DEVELOPMENT_HMAC_SECRET.equals(config.numberHmacSecret())) {
            return Optional.of("the development banter.kyc.number-hmac-secret");
        }
        return switch (config.provider()) {
            case KarzaKycProvider.NAME -> testHost("banter.kyc.karza.base-url", config.karza().baseUrl())
                    .or(() -> firstMissing("banter.kyc.karza.", List.of(
                            new Setting("api-key", config.karza().apiKey()),
                            new Setting("webhook-token", config.karza().webhookToken()))));
            case SignzyKycProvider.NAME -> testHost("banter.kyc.signzy.base-url", config.signzy().baseUrl())
                    .or(() -> firstMissing("banter.kyc.signzy.", List.of(
                            new Setting("access-token", config.signzy().accessToken()),
                            new Setting("patron-id", config.signzy().patronId()),
                            new Setting("callback-url", config.signzy().callbackUrl()),
                            new Setting("webhook-token", config.signzy().webhookToken()))));
            // KycProviders refuses a provider it does not know, naming the ones it does.
            default -> Optional.empty();
        };
    }

    /**
     * The providers' test environments are named by their host: Karza's testapi.karza.in (testapi.kscan.in for its
     * newer APIs), Signzy's preproduction.signzy.tech (api-preproduction.signzy.app on its newer platform).
     */
    private static Optional<String> testHost(String setting, String baseUrl) {
        String host;
        try {
            host = new URI(baseUrl.trim()).getHost();
        } catch (URISyntaxException e) {
            host = null;
        }
        if (host == null) {
            return Optional.of("a malformed " + setting);
        }
        for (String label : host.toLowerCase(Locale.ROOT).split("\\.")) {
            if (label.startsWith("test") || label.contains("preproduction")) {
                return Optional.of("a test-environment " + setting + " (set it to the provider's production URL)");
            }
        }
        return Optional.empty();
    }

    private record Setting(String name, Optional<String> value) {
    }

    private static Optional<String> firstMissing(String prefix, List<Setting> settings) {
        return settings.stream().filter(s -> s.value().isEmpty() || s.value().get().isBlank()).findFirst()
                .map(s -> "a missing " + prefix + s.name());
    }
}
