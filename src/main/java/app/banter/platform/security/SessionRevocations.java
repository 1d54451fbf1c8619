package app.banter.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import app.banter.platform.error.RedisCallFailed;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Access tokens are self-contained and live for minutes; when a session ends early (logout, refresh-token reuse,
 * account deletion or ban) its id goes on this Redis denylist for as long as its access tokens could still be
 * valid, and every authentication checks it. A "not revoked" answer is trusted for
 * {@link AuthTokenConfig#revocationCheckCacheTtl()} (a Redis round trip fewer on nearly every request); a revocation
 * clears it on this pod at once and on the others when the realtime fan-out brings it (realtime.Fanout).
 *
 * <p>
 * Redis may lose the denylist (a restart without persistence, a failover to an empty replica), which would make ended
 * sessions valid again. So Redis also holds, without expiry, the time since which it has every revocation, read in the
 * same round trip as the session's entry: a data loss loses that key too, and it is set again to the moment it was
 * found missing. A token issued before it may have been revoked with the record lost, and for those alone the database
 * ({@link EndedSessions}) is asked, once per session and pod. In normal operation that time is old and no request
 * reaches the database.
 */
@ApplicationScoped
public class SessionRevocations {

    private static final Logger LOG = Logger.getLogger(SessionRevocations.class);
    private static final String PREFIX = "auth:revoked-session:";
    private static final String COMPLETE_SINCE = "auth:revoked-sessions-complete-since";

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactiveRedis;
    private final AuthTokenConfig config;
    private final Event<SessionRevoked> revoked;
    private final EndedSessions endedSessions;
    private final Duration clockSkew;
    // Sessions Redis recently said were not revoked: every request of a client asks, and its answer rarely changes.
    private final Cache<String, Boolean> notRevoked;
    // Sessions the database said were live, with the denylist's start it answered for: a revocation since then is in
    // Redis, so the answer holds until Redis loses its data again.
    private final Cache<String, Long> liveInDatabase;

    SessionRevocations(RedisDataSource redis, ReactiveRedisDataSource reactiveRedis, AuthTokenConfig config,
            Event<SessionRevoked> revoked, EndedSessions endedSessions,
            @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60") int clockSkewSeconds) {
        this.redis = redis;
        this.reactiveRedis = reactiveRedis;
        this.config = config;
        this.revoked = revoked;
        this.endedSessions = endedSessions;
        this.clockSkew = Duration.ofSeconds(clockSkewSeconds);
        this.notRevoked = Caffeine.newBuilder().maximumSize(config.verifiedTokenCacheSize())
                .expireAfterWrite(config.revocationCheckCacheTtl()).build();
        this.liveInDatabase = Caffeine.newBuilder().maximumSize(config.verifiedTokenCacheSize())
                .expireAfterWrite(denylistTtl()).build();
    }

    public void revoke(UUID sessionId) {
        deny(sessionId.toString());
        notRevoked.invalidate(sessionId.toString());
        revoked.fire(new SessionRevoked(sessionId));
    }

    /** Another pod revoked this session (heard over the realtime fan-out): stop trusting a cached "not revoked". */
    public void revokedElsewhere(UUID sessionId) {
        notRevoked.invalidate(sessionId.toString());
    }

    /**
     * Whether the session was ended, for a credential issued at {@code issuedAt} (epoch seconds, a token's iat): only
     * one issued before the denylist's start can have had its revocation lost.
     */
    public Uni<Boolean> isRevoked(String sessionId, long issuedAt) {
        if (notRevoked.getIfPresent(sessionId) != null) {
            return Uni.createFrom().item(Boolean.FALSE);
        }
        // Tagged as a Redis failure: the reactive client's refused connection carries no frame that says so.
        return reactiveRedis.value(String.class).mget(PREFIX + sessionId, COMPLETE_SINCE)
                .onFailure().transform(e -> new RedisCallFailed("session denylist check", e))
                .flatMap(entries -> {
                    if (entries.get(PREFIX + sessionId) != null) {
                        return Uni.createFrom().item(Boolean.TRUE);
                    }
                    String since = entries.get(COMPLETE_SINCE);
                    return since == null ? startDenylist().flatMap(start -> isRevokedSince(sessionId, issuedAt, start))
                            : isRevokedSince(sessionId, issuedAt, Long.parseLong(since));
                });
    }

    /** Not on Redis's denylist, which has every revocation since {@code since}. */
    private Uni<Boolean> isRevokedSince(String sessionId, long issuedAt, long since) {
        // A token's iat comes from its pod's clock and the denylist's start from another's.
        Long answeredFor = liveInDatabase.getIfPresent(sessionId);
        if (issuedAt > since + clockSkew.toSeconds() || (answeredFor != null && answeredFor == since)) {
            notRevoked.put(sessionId, Boolean.TRUE);
            return Uni.createFrom().item(Boolean.FALSE);
        }
        return Uni.createFrom().item(() -> askDatabase(sessionId, since))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * Redis has no denylist start: first start, or it lost its data. Set once, without expiry; a pod that finds it
     * missing at the same moment as another uses its own time this once, which costs a database query at most.
     */
    private Uni<Long> startDenylist() {
        long now = Instant.now().getEpochSecond();
        return reactiveRedis.value(String.class).setnx(COMPLETE_SINCE, Long.toString(now))
                .onFailure().transform(e -> new RedisCallFailed("session denylist start", e))
                .map(set -> {
                    if (set) {
                        LOG.warn("The session denylist in Redis starts now: sessions of older access tokens are "
                                + "checked in the database");
                    }
                    return now;
                });
    }

    /** On a worker: the database's answer, written back to Redis when the session had ended. */
    private boolean askDatabase(String sessionId, long since) {
        if (endedSessions.isEnded(UUID.fromString(sessionId))) {
            deny(sessionId);
            return true;
        }
        liveInDatabase.put(sessionId, since);
        notRevoked.put(sessionId, Boolean.TRUE);
        return false;
    }

    private void deny(String sessionId) {
        redis.value(String.class).set(PREFIX + sessionId, "1", new SetArgs().ex(denylistTtl()));
    }

    /**
     * Outlives every access token of the session that the verifier still accepts: their lifetime, the clock skew it
     * allows past their expiry (mp.jwt.verify.clock.skew), and a minute for the clocks of the pods.
     */
    private Duration denylistTtl() {
        return config.accessTokenTtl().plus(clockSkew).plusMinutes(1);
    }
}
