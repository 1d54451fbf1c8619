package app.banter.platform.security;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import app.banter.platform.error.RedisCallFailed;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/**
 * Access tokens are self-contained and live for minutes; when a session ends early (logout, refresh-token reuse,
 * account deletion or ban) its id goes on this Redis denylist for as long as its access tokens could still be
 * valid, and every authentication checks it. A "not revoked" answer is trusted for
 * {@link AuthTokenConfig#revocationCheckCacheTtl()} (a Redis round trip fewer on nearly every request); a revocation
 * clears it on this pod at once and on the others when the realtime fan-out brings it (realtime.Fanout).
 */
@ApplicationScoped
public class SessionRevocations {

    private static final String PREFIX = "auth:revoked-session:";

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactiveRedis;
    private final AuthTokenConfig config;
    private final Event<SessionRevoked> revoked;
    // Sessions Redis recently said were not revoked: every request of a client asks, and its answer rarely changes.
    private final Cache<String, Boolean> notRevoked;

    SessionRevocations(RedisDataSource redis, ReactiveRedisDataSource reactiveRedis, AuthTokenConfig config,
            Event<SessionRevoked> revoked) {
        this.redis = redis;
        this.reactiveRedis = reactiveRedis;
        this.config = config;
        this.revoked = revoked;
        this.notRevoked = Caffeine.newBuilder().maximumSize(config.verifiedTokenCacheSize())
                .expireAfterWrite(config.revocationCheckCacheTtl()).build();
    }

    public void revoke(UUID sessionId) {
        // Outlive the longest access token of the session, with a margin for clock skew between pods.
        Duration ttl = config.accessTokenTtl().plusMinutes(1);
        redis.value(String.class).set(PREFIX + sessionId, "1", new SetArgs().ex(ttl));
        notRevoked.invalidate(sessionId.toString());
        revoked.fire(new SessionRevoked(sessionId));
    }

    /** Another pod revoked this session (heard over the realtime fan-out): stop trusting a cached "not revoked". */
    public void revokedElsewhere(UUID sessionId) {
        notRevoked.invalidate(sessionId.toString());
    }

    public Uni<Boolean> isRevoked(String sessionId) {
        if (notRevoked.getIfPresent(sessionId) != null) {
            return Uni.createFrom().item(Boolean.FALSE);
        }
        // Tagged as a Redis failure: the reactive client's refused connection carries no frame that says so.
        return reactiveRedis.key().exists(PREFIX + sessionId)
                .onFailure().transform(e -> new RedisCallFailed("session denylist check", e))
                .invoke(isRevoked -> {
                    if (!isRevoked) {
                        notRevoked.put(sessionId, Boolean.TRUE);
                    }
                });
    }
}
