package app.banter.kyc;

import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import app.banter.kyc.provider.SandboxKycProvider;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Refuses to start a production instance with the sandbox provider (it verifies any number with an even digit) or
 * with the development key of the document-number hash, as platform.ProductionGuard does for sign-in shortcuts.
 */
@Singleton
public class KycProductionGuard {

    static final String DEVELOPMENT_HMAC_SECRET = "local-kyc-number-hmac-secret";

    void onStart(@Observes StartupEvent event, KycConfig config) {
        refusal(ConfigUtils.getProfiles().contains("prod"), config.provider(), config.numberHmacSecret())
                .ifPresent(why -> {
                    throw new IllegalStateException("Refusing to start in production with " + why);
                });
    }

    static Optional<String> refusal(boolean production, String provider, String numberHmacSecret) {
        if (!production) {
            return Optional.empty();
        }
        if (SandboxKycProvider.NAME.equals(provider)) {
            return Optional.of("banter.kyc.provider=sandbox");
        }
        if (DEVELOPMENT_HMAC_SECRET.equals(numberHmacSecret)) {
            return Optional.of("the development banter.kyc.number-hmac-secret");
        }
        return Optional.empty();
    }
}
