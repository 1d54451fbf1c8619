package app.banter.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The premium plans' Razorpay ids as application.properties gives them per profile: production takes them from its
 * environment and has no placeholder to fall back to, since Razorpay refuses every subscription to a plan that does not
 * exist while the pod itself starts cleanly.
 */
class PremiumPlanConfigTest {

    @Test
    void productionTakesThePlanIdsFromItsEnvironment() throws IOException {
        PaymentConfig config = payments("prod", Map.of("BANTER_RAZORPAY_PLAN_MONTHLY", "plan_Mo0nthly1234",
                "BANTER_RAZORPAY_PLAN_YEARLY", "plan_Ye4rly5678"));
        assertThat(config.plans().get("monthly").razorpayPlanId()).isEqualTo("plan_Mo0nthly1234");
        assertThat(config.plans().get("yearly").razorpayPlanId()).isEqualTo("plan_Ye4rly5678");
    }

    @Test
    void productionDoesNotStartWithoutThePlanIds() {
        assertThatThrownBy(() -> payments("prod", Map.of("BANTER_RAZORPAY_PLAN_YEARLY", "plan_Ye4rly5678")))
                .hasMessageContaining("BANTER_RAZORPAY_PLAN_MONTHLY");
        assertThatThrownBy(() -> payments("prod", Map.of("BANTER_RAZORPAY_PLAN_MONTHLY", "plan_Mo0nthly1234")))
                .hasMessageContaining("BANTER_RAZORPAY_PLAN_YEARLY");
    }

    @Test
    void otherProfilesFallBackToTheLocalPlaceholders() throws IOException {
        PaymentConfig config = payments("test", Map.of());
        assertThat(config.plans().get("monthly").razorpayPlanId()).isEqualTo("plan_monthly_local");
        assertThat(config.plans().get("yearly").razorpayPlanId()).isEqualTo("plan_yearly_local");
    }

    /** PaymentConfig from application.properties in the given profile, with {@code environment} above it. */
    private static PaymentConfig payments(String profile, Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder().withProfile(profile).addDefaultInterceptors()
                .withMapping(PaymentConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(
                        PremiumPlanConfigTest.class.getResource("/application.properties"), 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .build().getConfigMapping(PaymentConfig.class);
    }
}
