package app.banter.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The premium discount is refused outside 0 to 99 when the config is read, that is, before the service starts. */
class PremiumConfigTest {

    @Test
    void defaultsAndTheRangesEnds() {
        assertEquals(20, premium(Map.of()).callDiscountPercent());
        assertEquals(0, premium(Map.of("banter.premium.call-discount-percent", "0")).callDiscountPercent());
        assertEquals(99, premium(Map.of("banter.premium.call-discount-percent", "99")).callDiscountPercent());
    }

    @Test
    void refusesADiscountOutsideTheRange() {
        for (String value : new String[] { "100", "-1", "2147483647", "twenty" }) {
            ConfigValidationException refused = assertThrows(ConfigValidationException.class,
                    () -> premium(Map.of("banter.premium.call-discount-percent", value)), value);
            assertTrue(refused.getMessage().contains("banter.premium.call-discount-percent"), refused.getMessage());
        }
    }

    private static PremiumConfig premium(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .withMapping(PremiumConfig.class)
                .build();
        return config.getConfigMapping(PremiumConfig.class);
    }
}
