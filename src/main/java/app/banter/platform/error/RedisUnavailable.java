package app.banter.platform.error;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Recognises a Redis that could not be reached or did not answer in time: a failure that says nothing about the
 * request and passes when Redis is back, so the client is told to retry (503) rather than that we failed (500). An
 * error Redis answered (a wrong command, a wrong type) is a bug of ours and stays a 500.
 */
final class RedisUnavailable {

    static final long RETRY_AFTER_SECONDS = 5;

    private RedisUnavailable() {
    }

    static boolean isCauseOf(Throwable failure) {
        Set<Throwable> chain = Causes.of(failure);
        return chain.stream().anyMatch(RedisUnavailable::isTransient)
                && chain.stream().anyMatch(RedisUnavailable::passedThroughRedis);
    }

    /** Refused, dropped or silent: the blocking client's await timed out, or the connection failed. */
    private static boolean isTransient(Throwable t) {
        return t instanceof io.smallrye.mutiny.TimeoutException || t instanceof TimeoutException
                || t instanceof ConnectException || t instanceof ClosedChannelException;
    }

    private static boolean passedThroughRedis(Throwable t) {
        if (t instanceof RedisCallFailed) {
            return true;
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().startsWith("io.quarkus.redis.") || frame.getClassName().startsWith(
                    "io.vertx.redis.")) {
                return true;
            }
        }
        return false;
    }
}
