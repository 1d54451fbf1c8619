package app.banter.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import app.banter.platform.embedded.EmbeddedServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real PostgreSQL and Redis for the tests: embedded servers started once per test JVM, or the servers named by
 * QUARKUS_DATASOURCE_JDBC_URL / QUARKUS_REDIS_HOSTS when those are set (for example the machine's own on
 * 127.0.0.1:5432 and :6379). The embedded ones stop with the JVM.
 */
public class EmbeddedServersResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public synchronized Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        if (configured("QUARKUS_DATASOURCE_JDBC_URL", "quarkus.datasource.jdbc.url") == null) {
            config.put("quarkus.datasource.jdbc.url", shared("banter-test.postgres-url", EmbeddedServers::startPostgres));
            config.put("quarkus.datasource.username", "postgres");
            config.put("quarkus.datasource.password", "postgres");
        }
        if (configured("QUARKUS_REDIS_HOSTS", "quarkus.redis.hosts") == null) {
            config.put("quarkus.redis.hosts", shared("banter-test.redis-url", EmbeddedServers::startRedis));
        }
        return config;
    }

    @Override
    public void stop() {
        // Shared by every application start of this JVM; the servers stop with it.
    }

    /**
     * Kept in system properties rather than static fields: integration tests load test resources in more than one
     * class loader, and every one of them must find the same servers.
     */
    private static String shared(String key, Supplier<String> start) {
        return System.getProperties().computeIfAbsent(key, k -> start.get()).toString();
    }

    private static String configured(String env, String property) {
        String value = System.getProperty(property, System.getenv(env));
        return value == null || value.isBlank() ? null : value;
    }
}
