package app.banter.realtime;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.security.Secrets;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/**
 * Single-use, short-lived tickets that open one websocket, for clients that cannot set an Authorization header on
 * the upgrade request. A URL ends up in proxy and access logs; a ticket found there is already used or expired,
 * whereas an access token in the URL would be good for its whole lifetime. Only the ticket's hash is stored.
 */
@ApplicationScoped
public class WsTickets {

    private static final String PREFIX = "realtime:ws-ticket:";

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactiveRedis;
    private final RealtimeConfig config;

    WsTickets(RedisDataSource redis, ReactiveRedisDataSource reactiveRedis, RealtimeConfig config) {
        this.redis = redis;
        this.reactiveRedis = reactiveRedis;
        this.config = config;
    }

    public Ticket issue(UUID userId, UUID sessionId, Set<String> roles) {
        String ticket = Secrets.randomToken();
        String value = userId + " " + sessionId + " " + String.join(",", roles);
        redis.value(String.class).set(key(ticket), value, new SetArgs().px(config.ticketTtl()));
        return new Ticket(ticket, Instant.now().plus(config.ticketTtl()));
    }

    /** The holder of the ticket, which is used up by this call whatever the outcome. */
    Uni<Optional<Holder>> redeem(String ticket) {
        return reactiveRedis.value(String.class).getdel(key(ticket)).map(value -> {
            if (value == null) {
                return Optional.empty();
            }
            String[] parts = value.split(" ", 3);
            Set<String> roles = parts[2].isEmpty() ? Set.of() : Set.of(parts[2].split(","));
            return Optional.of(new Holder(UUID.fromString(parts[0]), parts[1], roles));
        });
    }

    private static String key(String ticket) {
        return PREFIX + Secrets.sha256Hex(ticket);
    }

    public record Ticket(String ticket, Instant expiresAt) {
    }

    record Holder(UUID userId, String sessionId, Set<String> roles) {
    }
}
