package app.banter.platform.security;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import app.banter.platform.error.RedisCallFailed;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/**
 * Access tokens are self-contained and live for minutes; when a session ends early (logout, refresh-token reuse,
 * account deletion or ban) its id goes on this Redis denylist for as long as its access tokens could still be
 * valid, and every authentication checks it.
 */
@ApplicationScoped
public class SessionRevocations {

    private static final String PREFIX = "auth:revoked-session:";

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactiveRedis;
    private final AuthTokenConfig config;
    private final Event<SessionRevoked> revoked;

    SessionRevocations(RedisDataSource redis, ReactiveRedisDataSource reactiveRedis, AuthTokenConfig config,
            Event<SessionRevoked> revoked) {
        this.redis = redis;
        this.reactiveRedis = reactiveRedis;
        this.config = config;
        this.revoked = revoked;
    }

    public void revoke(UUID sessionId) {
        // Outlive the longest access token of the session, with a margin for clock skew between pods.
        Duration ttl = config.accessTokenTtl().plusMinutes(1);
        redis.value(String.class).set(PREFIX + sessionId, "1", new SetArgs().ex(ttl));
        revoked.fire(new SessionRevoked(sessionId));
    }

    public Uni<Boolean> isRevoked(String sessionId) {
        // Tagged as a Redis failure: the reactive client's refused connection carries no frame that says so.
        return reactiveRedis.key().exists(PREFIX + sessionId)
                .onFailure().transform(e -> new RedisCallFailed("session denylist check", e));
    }
}
