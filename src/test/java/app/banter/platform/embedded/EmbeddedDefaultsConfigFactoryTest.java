package app.banter.platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The factory as SmallRye runs it. The servers themselves are exercised by every @QuarkusTest through
 * EmbeddedServersResource and by the local run command.
 */
class EmbeddedDefaultsConfigFactoryTest {

    /**
     * Maven's build JVM reads the same configuration while it augments the application: nothing may start there, or
     * the servers would belong to Maven and their addresses would be recorded into the packaged application.
     */
    @Test
    void startsNothingOutsideTheApplicationsOwnJvm() {
        assertThat(System.getProperty(EmbeddedDefaultsConfigFactory.RUN_TIME)).isNull();

        SmallRyeConfig config = configWith(Map.of("banter.embedded.enabled", "true"), "local");

        assertThat(config.getOptionalValue("quarkus.datasource.jdbc.url", String.class)).isEmpty();
        assertThat(config.getOptionalValue("quarkus.redis.hosts", String.class)).isEmpty();
    }

    /** A jar built without -Plocal, run in the local profile with both URLs given, must simply use them. */
    @Test
    void givenUrlsAreUsedAsTheyAre() {
        System.setProperty(EmbeddedDefaultsConfigFactory.RUN_TIME, "true");
        try {
            SmallRyeConfig config = configWith(Map.of("banter.embedded.enabled", "true",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://db.internal:5432/banter",
                    "quarkus.redis.hosts", "redis://cache.internal:6379"), "local");

            assertThat(config.getValue("quarkus.datasource.jdbc.url", String.class))
                    .isEqualTo("jdbc:postgresql://db.internal:5432/banter");
            assertThat(config.getValue("quarkus.redis.hosts", String.class)).isEqualTo("redis://cache.internal:6379");
        } finally {
            System.clearProperty(EmbeddedDefaultsConfigFactory.RUN_TIME);
        }
    }

    private static SmallRyeConfig configWith(Map<String, String> values, String profile) {
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(values, "test-values", 100))
                .withSources(new EmbeddedDefaultsConfigFactory())
                .build();
    }
}
