package app.banter.platform.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import app.banter.platform.embedded.EmbeddedServers;
import app.banter.testsupport.FreePorts;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.runtime.datasource.BlockingRedisDataSourceImpl;
import io.quarkus.redis.runtime.datasource.ReactiveRedisDataSourceImpl;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;

/**
 * What the service's blocking Redis client throws when Redis is down, silent or answering errors, classified through
 * real connections (a real redis-server for the error): the first two are an outage (503), the last is a bug of ours
 * (500).
 */
class RedisUnavailableTest {

    private static final Vertx VERTX = Vertx.vertx();

    @AfterAll
    static void close() {
        VERTX.closeAndAwait();
    }

    @Test
    void aRefusedConnectionIsAnOutage() throws IOException {
        int closedPort = FreePorts.tcp();
        Throwable failure = catchThrowable(() -> client(closedPort).execute("PING"));
        assertThat(failure).isNotNull();
        assertThat(RedisUnavailable.isCauseOf(failure)).isTrue();
    }

    /**
     * The reactive client (the session denylist check of every authentication) fails with Netty's connect exception,
     * which has no stack trace: nothing in it says Redis, so it is an outage only once tagged where the call was made.
     */
    @Test
    void aRefusedConnectionOfTheReactiveClientIsAnOutageOnceTagged() throws IOException {
        int closedPort = FreePorts.tcp();
        Redis redis = Redis.createClient(VERTX, "redis://127.0.0.1:" + closedPort);
        ReactiveRedisDataSource reactive = new ReactiveRedisDataSourceImpl(VERTX, redis, RedisAPI.api(redis));
        Throwable bare = reactive.key().exists("k").onItem().transform(found -> (Throwable) null)
                .onFailure().recoverWithItem(e -> e).await().atMost(Duration.ofSeconds(10));
        assertThat(bare).isNotNull();
        assertThat(RedisUnavailable.isCauseOf(bare)).as("%s", bare).isFalse();
        assertThat(RedisUnavailable.isCauseOf(new RedisCallFailed("test", bare))).isTrue();
    }

    @Test
    void aServerThatNeverAnswersIsAnOutage() throws IOException {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (Socket held = silent.accept()) {
                    held.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException closed) {
                    // the test is over
                }
            });
            Throwable failure = catchThrowable(() -> client(silent.getLocalPort()).execute("PING"));
            assertThat(failure).isNotNull();
            assertThat(RedisUnavailable.isCauseOf(failure)).isTrue();
        }
    }

    @Test
    void anErrorRedisAnsweredIsNotAnOutage() {
        // Long enough for a first connection on a busy machine: an answer is awaited, not a timeout.
        RedisDataSource redis = client(Redis.createClient(VERTX, EmbeddedServers.startRedis()), Duration.ofSeconds(30));
        Throwable failure = catchThrowable(() -> redis.execute("NO-SUCH-COMMAND"));
        assertThat(failure).isNotNull();
        assertThat(RedisUnavailable.isCauseOf(failure)).as("%s", failure).isFalse();
    }

    @Test
    void aTimeoutElsewhereIsNotARedisOutage() {
        assertThat(RedisUnavailable.isCauseOf(new IllegalStateException(new TimeoutException()))).isFalse();
    }

    private static RedisDataSource client(int port) {
        return client(Redis.createClient(VERTX, "redis://127.0.0.1:" + port), Duration.ofSeconds(1));
    }

    /** Built as the service's is. */
    private static RedisDataSource client(Redis redis, Duration timeout) {
        return new BlockingRedisDataSourceImpl(VERTX, redis, RedisAPI.api(redis), timeout);
    }
}
