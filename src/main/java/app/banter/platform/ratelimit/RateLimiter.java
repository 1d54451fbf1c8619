package app.banter.platform.ratelimit;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.error.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * Fixed-window request counters in Redis, shared by every pod. A refused request gets 429 with Retry-After set to
 * what is left of the window.
 */
@ApplicationScoped
public class RateLimiter {

    // INCR and PEXPIRE in one step, so a crash between them cannot leave a counter that never expires.
    private static final String COUNT = """
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return {count, redis.call('PTTL', KEYS[1])}
            """;

    private final RedisDataSource redis;
    private final MeterRegistry metrics;

    RateLimiter(RedisDataSource redis, MeterRegistry metrics) {
        this.redis = redis;
        this.metrics = metrics;
    }

    /**
     * Counts one request of {@code subject} in {@code bucket} and refuses it when it is over {@code limit} in the
     * current window. Subjects that are personal data (phone numbers) are passed hashed.
     */
    public void acquire(String bucket, String subject, Limit limit) {
        Response reply = redis.execute("EVAL", COUNT, "1", "ratelimit:" + bucket + ":" + subject,
                Long.toString(limit.window().toMillis()));
        List<Response> values = List.of(reply.get(0), reply.get(1));
        long count = values.get(0).toLong();
        if (count > limit.requests()) {
            // By bucket, a handful of fixed names: a spike names the abused endpoint (or a limit set too low).
            metrics.counter("banter.ratelimit.refusals", "bucket", bucket).increment();
            long millisLeft = Math.max(values.get(1).toLong(), 0);
            throw ApiException.tooManyRequests(Math.max(1, (millisLeft + 999) / 1000));
        }
    }

    public record Limit(int requests, Duration window) {
    }
}
