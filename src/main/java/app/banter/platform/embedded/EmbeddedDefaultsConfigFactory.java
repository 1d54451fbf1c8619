package app.banter.platform.embedded;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.graalvm.nativeimage.ImageInfo;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Dev-mode defaults for a machine with only a JDK: when {@code banter.embedded.enabled} is true (the dev profile
 * sets it) and no datasource URL or Redis host is configured, starts embedded PostgreSQL and Redis and points the
 * application at them. Dev-mode restarts reuse the servers of the first start: their URLs are kept in system
 * properties, which outlive the restart's class loader.
 */
public class EmbeddedDefaultsConfigFactory implements ConfigSourceFactory {

    static final String ENABLED = "banter.embedded.enabled";
    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    static final String REDIS_HOSTS = "quarkus.redis.hosts";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // The switch first: ImageInfo is itself a dev/test-only class in a packaged application. native-image folds
        // inImageCode() to true, so the embedded servers' classes are unreachable in a native executable.
        if (!isTrue(context.getValue(ENABLED)) || ImageInfo.inImageCode()) {
            return Collections.emptyList();
        }
        Map<String, String> values = new HashMap<>();
        if (isUnset(context.getValue(JDBC_URL))) {
            values.put(JDBC_URL, System.getProperties().computeIfAbsent("banter-embedded.postgres-url",
                    key -> EmbeddedServers.startPostgres()).toString());
        }
        if (isUnset(context.getValue(REDIS_HOSTS))) {
            values.put(REDIS_HOSTS, System.getProperties().computeIfAbsent("banter-embedded.redis-url",
                    key -> EmbeddedServers.startRedis()).toString());
        }
        // Above application.properties (250) so its defaults don't shadow the servers just started.
        return values.isEmpty() ? Collections.emptyList()
                : Collections.singletonList(new PropertiesConfigSource(values, "banter-embedded-servers", 260));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(260);
    }

    private static boolean isTrue(ConfigValue value) {
        return value != null && "true".equalsIgnoreCase(value.getValue());
    }

    private static boolean isUnset(ConfigValue value) {
        return value == null || value.getValue() == null || value.getValue().isBlank();
    }
}
