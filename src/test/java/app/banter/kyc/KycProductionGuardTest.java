package app.banter.kyc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Production verifies documents only at a provider's production service, with its credentials. */
class KycProductionGuardTest {

    private static final String SECRET = "a-real-secret-of-some-length";
    private static final Map<String, String> KARZA = Map.of("banter.kyc.provider", "karza",
            "banter.kyc.number-hmac-secret", SECRET, "banter.kyc.karza.base-url", "https://api.karza.in",
            "banter.kyc.karza.api-key", "k-real", "banter.kyc.karza.webhook-token", "a-long-random-token");
    private static final Map<String, String> SIGNZY = Map.of("banter.kyc.provider", "signzy",
            "banter.kyc.number-hmac-secret", SECRET, "banter.kyc.signzy.base-url", "https://signzy.tech",
            "banter.kyc.signzy.access-token", "t-real", "banter.kyc.signzy.patron-id", "p-real",
            "banter.kyc.signzy.callback-url", "https://signzy:a-long-random-token@api.banter.app/api/v1/webhooks/kyc/signzy",
            "banter.kyc.signzy.webhook-token", "a-long-random-token");

    @Test
    void productionRefusesTheSandboxAndTheDevelopmentHashKey() {
        assertThat(KycProductionGuard.refusal(true, config(SIGNZY, Map.of("banter.kyc.provider", "sandbox"))))
                .contains("banter.kyc.provider=sandbox");
        assertThat(KycProductionGuard.refusal(true, config(KARZA,
                Map.of("banter.kyc.number-hmac-secret", KycProductionGuard.DEVELOPMENT_HMAC_SECRET)))).isPresent();
    }

    @Test
    void productionTakesTheChosenProvidersProductionServiceAndCredentials() {
        assertThat(KycProductionGuard.refusal(true, config(KARZA, Map.of()))).isEmpty();
        assertThat(KycProductionGuard.refusal(true, config(SIGNZY, Map.of()))).isEmpty();
    }

    /** What a production pod with BANTER_KYC_PROVIDER and the keys but no base URL had: the test environments. */
    @Test
    void productionRefusesTheProvidersTestEnvironments() {
        Map<String, String> karzaDefault = new HashMap<>(KARZA);
        karzaDefault.remove("banter.kyc.karza.base-url");
        assertThat(KycProductionGuard.refusal(true, config(karzaDefault, Map.of())))
                .contains("a test-environment banter.kyc.karza.base-url (set it to the provider's production URL)");
        Map<String, String> signzyDefault = new HashMap<>(SIGNZY);
        signzyDefault.remove("banter.kyc.signzy.base-url");
        assertThat(KycProductionGuard.refusal(true, config(signzyDefault, Map.of())))
                .contains("a test-environment banter.kyc.signzy.base-url (set it to the provider's production URL)");
        assertThat(KycProductionGuard.refusal(true, config(KARZA,
                Map.of("banter.kyc.karza.base-url", "https://TestAPI.karza.in/")))).isPresent();
        assertThat(KycProductionGuard.refusal(true, config(SIGNZY,
                Map.of("banter.kyc.signzy.base-url", "https://api-preproduction.signzy.app")))).isPresent();
        assertThat(KycProductionGuard.refusal(true, config(KARZA,
                Map.of("banter.kyc.karza.base-url", "not a url")))).contains("a malformed banter.kyc.karza.base-url");
    }

    /** application.properties gives every provider credential an empty default in prod: it must not pass for one. */
    @Test
    void productionRefusesMissingCredentialsOfTheChosenProviderNamingThemNotTheirValues() {
        assertThat(KycProductionGuard.refusal(true, config(KARZA, Map.of("banter.kyc.karza.api-key", ""))))
                .contains("a missing banter.kyc.karza.api-key");
        assertThat(KycProductionGuard.refusal(true, config(KARZA, Map.of("banter.kyc.karza.webhook-token", " "))))
                .contains("a missing banter.kyc.karza.webhook-token");
        for (String setting : new String[] { "access-token", "patron-id", "callback-url", "webhook-token" }) {
            assertThat(KycProductionGuard.refusal(true, config(SIGNZY, Map.of("banter.kyc.signzy." + setting, ""))))
                    .contains("a missing banter.kyc.signzy." + setting);
        }
        assertThat(KycProductionGuard.refusal(true, config(KARZA, Map.of("banter.kyc.karza.base-url",
                "https://testapi.karza.in")))).get().asString().doesNotContain("k-real", "a-long-random-token");
    }

    @Test
    void onlyTheChosenProvidersSettingsCount() {
        Map<String, String> karzaOnly = new HashMap<>(KARZA);
        karzaOnly.put("banter.kyc.signzy.base-url", "https://preproduction.signzy.tech");
        assertThat(KycProductionGuard.refusal(true, config(karzaOnly, Map.of()))).isEmpty();
    }

    @Test
    void otherProfilesMayUseTheSandboxAndTestEnvironments() {
        assertThat(KycProductionGuard.refusal(false, config(Map.of("banter.kyc.number-hmac-secret",
                KycProductionGuard.DEVELOPMENT_HMAC_SECRET), Map.of()))).isEmpty();
        assertThat(KycProductionGuard.refusal(false, config(Map.of("banter.kyc.provider", "karza",
                "banter.kyc.number-hmac-secret", SECRET), Map.of()))).isEmpty();
    }

    private static KycConfig config(Map<String, String> base, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(base);
        values.putAll(overrides);
        // Quarkus's form of durations ("30M"), which the mapping's defaults use; plain SmallRye Config reads ISO-8601.
        return new SmallRyeConfigBuilder().withMapping(KycConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test", 500)).build()
                .getConfigMapping(KycConfig.class);
    }
}
