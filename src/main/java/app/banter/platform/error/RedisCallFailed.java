package app.banter.platform.error;

/**
 * The failure of a reactive Redis call, wrapped where the call was made. The blocking client's failures carry its
 * frames (io.quarkus.redis...), by which {@link RedisUnavailable} knows them; the reactive client's arrive bare, and a
 * refused connection is then Netty's connect exception, which has no stack trace at all. Without this wrapper the
 * session denylist check of every authenticated request answered 500 instead of 503 while Redis was down
 * (bench/faults/redis-down.sh).
 */
public final class RedisCallFailed extends RuntimeException {

    public RedisCallFailed(String what, Throwable cause) {
        super("Redis " + what + " failed", cause, false, false);
    }
}
