package app.banter.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.redis.client.Response;

/**
 * Who is online, in Redis and shared by every pod. Each open connection is a member of its user's sorted set, scored
 * with the time it expires unless a heartbeat comes first; a user is online while any member is unexpired, and busy
 * when also in a call. Transitions are decided inside Lua scripts, so that exactly one pod announces each one, even
 * when the client vanished or the pod holding it died and the sweeper of another pod notices.
 */
@ApplicationScoped
public class Presence {

    private static final Logger LOG = Logger.getLogger(Presence.class);
    private static final String WATCH = "presence:watch";

    // Adds or refreshes a connection; returns how many unexpired connections the user had before (0: came online).
    private static final String TOUCH = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
            local before = redis.call('ZCARD', KEYS[1])
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            redis.call('PEXPIREAT', KEYS[1], ARGV[2])
            redis.call('ZADD', KEYS[2], 'GT', ARGV[2], ARGV[4])
            return before
            """;

    // Removes a closed connection; returns 1 if that made the user offline.
    private static final String LEAVE = """
            local removed = redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
            if removed == 1 and redis.call('ZCARD', KEYS[1]) == 0 then
              redis.call('ZREM', KEYS[2], ARGV[3])
              return 1
            end
            return 0
            """;

    // Called for a user whose latest expiry has passed; returns 1 if this call is the one that makes them offline.
    private static final String EXPIRE = """
            if not redis.call('ZSCORE', KEYS[2], ARGV[2]) then return 0 end
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            if redis.call('ZCARD', KEYS[1]) == 0 then
              redis.call('ZREM', KEYS[2], ARGV[2])
              return 1
            end
            local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
            redis.call('ZADD', KEYS[2], newest[2], ARGV[2])
            return 0
            """;

    // Marks every key busy for ARGV[1] seconds.
    private static final String MARK_BUSY = """
            for i = 1, #KEYS do redis.call('SET', KEYS[i], '1', 'EX', ARGV[1]) end
            return #KEYS
            """;

    // For each user: 1 if any unexpired connection, and 1 if busy.
    private static final String READ = """
            local result = {}
            for i = 1, #KEYS, 2 do
              result[#result + 1] = redis.call('ZCOUNT', KEYS[i], '(' .. ARGV[1], '+inf')
              result[#result + 1] = redis.call('EXISTS', KEYS[i + 1])
            end
            return result
            """;

    private final RedisDataSource redis;
    private final RealtimeConfig config;
    private final PresenceAudience audience;
    private final RealtimeEvents events;
    private final LastSeenStore lastSeen;
    private final Connections here;
    // Matching (issue 15): every transition also goes to observers in this JVM, whoever watches the user, so that a
    // user who goes offline or into a call leaves the matching pool at once.
    private final Event<PresenceTransitions> transitions;

    Presence(RedisDataSource redis, RealtimeConfig config, PresenceAudience audience, RealtimeEvents events,
            LastSeenStore lastSeen, Event<PresenceTransitions> transitions, Connections here) {
        this.here = here;
        this.redis = redis;
        this.config = config;
        this.audience = audience;
        this.events = events;
        this.lastSeen = lastSeen;
        this.transitions = transitions;
    }

    /** A connection opened or sent a heartbeat. */
    public void touch(UUID userId, String connectionId) {
        long now = System.currentTimeMillis();
        touch(userId, connectionId, now);
    }

    /** A connection of this pod opened or sent a heartbeat: remembered here too, for {@link #isConnected}. */
    void touch(Connection connection) {
        long now = System.currentTimeMillis();
        connection.touched(now);
        touch(connection.userId(), connection.id(), now);
    }

    private void touch(UUID userId, String connectionId, long now) {
        long expiresAt = now + config.presenceTtl().toMillis();
        long before = redis.execute("EVAL", TOUCH, "2", connections(userId), WATCH, connectionId,
                Long.toString(expiresAt), Long.toString(now), userId.toString()).toLong();
        if (before == 0) {
            announce(userId, isBusy(userId) ? PresenceStatus.BUSY : PresenceStatus.ONLINE, null);
        }
    }

    public void leave(UUID userId, String connectionId) {
        long offline = redis.execute("EVAL", LEAVE, "2", connections(userId), WATCH, connectionId,
                Long.toString(System.currentTimeMillis()), userId.toString()).toLong();
        if (offline == 1) {
            wentOffline(userId, Instant.now());
        }
    }

    /**
     * Marks a user busy (in a call) for at most {@code maxDuration}, so that a crashed call cannot leave them busy for
     * ever; friends see it while the user is connected. Calls use this and {@link #clearBusy}.
     */
    public void markBusy(UUID userId, Duration maxDuration) {
        redis.value(String.class).setex(busy(userId), Math.max(1, maxDuration.toSeconds()), "1");
        if (isConnected(userId)) {
            announce(userId, PresenceStatus.BUSY, null);
        }
    }

    /**
     * {@link #markBusy(UUID, Duration)} for many users at once (the matcher's calls): one Redis script marks them all,
     * one script reads who is connected, and one query finds everyone's watchers.
     */
    public void markBusy(Collection<UUID> userIds, Duration maxDuration) {
        if (userIds.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("EVAL", MARK_BUSY, Integer.toString(userIds.size())));
        userIds.forEach(id -> args.add(busy(id)));
        args.add(Long.toString(Math.max(1, maxDuration.toSeconds())));
        redis.execute(args.getFirst(), args.subList(1, args.size()).toArray(String[]::new));
        List<UUID> connected = status(userIds).entrySet().stream()
                .filter(entry -> entry.getValue() != PresenceStatus.OFFLINE).map(Map.Entry::getKey).toList();
        Map<UUID, List<UUID>> watchers = audience.watchersOfEach(connected);
        List<PresenceChanged> changes = new ArrayList<>(connected.size());
        for (UUID userId : connected) {
            PresenceChanged change = new PresenceChanged(userId, PresenceStatus.BUSY, null);
            events.sendToUsers(watchers.getOrDefault(userId, List.of()), change);
            changes.add(change);
        }
        transitions.fire(new PresenceTransitions(changes));
    }

    public void clearBusy(UUID userId) {
        if (redis.key().del(busy(userId)) > 0 && isConnected(userId)) {
            announce(userId, PresenceStatus.ONLINE, null);
        }
    }

    public boolean isBusy(UUID userId) {
        return redis.key().exists(busy(userId));
    }

    /**
     * Asked for every direct message (a connected recipient gets no push notification), so a user with a live
     * connection on this pod is answered from memory; Redis is asked about the others.
     */
    public boolean isConnected(UUID userId) {
        if (here.isLiveHere(userId, System.currentTimeMillis() - config.presenceTtl().toMillis())) {
            return true;
        }
        return status(List.of(userId)).get(userId) != PresenceStatus.OFFLINE;
    }

    /** Status of each user, in the order given. */
    public Map<UUID, PresenceStatus> status(Collection<UUID> userIds) {
        Map<UUID, PresenceStatus> statuses = new LinkedHashMap<>();
        if (userIds.isEmpty()) {
            return statuses;
        }
        List<String> args = new ArrayList<>(List.of("EVAL", READ, Integer.toString(userIds.size() * 2)));
        userIds.forEach(id -> {
            args.add(connections(id));
            args.add(busy(id));
        });
        args.add(Long.toString(System.currentTimeMillis()));
        Response reply = redis.execute(args.getFirst(), args.subList(1, args.size()).toArray(String[]::new));
        int i = 0;
        for (UUID id : userIds) {
            boolean connected = reply.get(i).toLong() > 0;
            boolean busy = reply.get(i + 1).toLong() > 0;
            statuses.put(id, !connected ? PresenceStatus.OFFLINE : busy ? PresenceStatus.BUSY : PresenceStatus.ONLINE);
            i += 2;
        }
        return statuses;
    }

    /**
     * Up to {@code max} users online now, the most recently active first (their latest connection expires last):
     * Discover's "online now" list starts from these.
     */
    public List<UUID> onlineNow(int max) {
        Response online = redis.execute("ZREVRANGEBYSCORE", WATCH, "+inf", "(" + System.currentTimeMillis(),
                "LIMIT", "0", Integer.toString(max));
        List<UUID> users = new ArrayList<>(online.size());
        online.forEach(member -> users.add(UUID.fromString(member.toString())));
        return users;
    }

    /** Runs on every pod; the EXPIRE script lets exactly one of them announce each user who went offline. */
    @Scheduled(every = "${banter.realtime.presence-sweep-interval:5S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        long now = System.currentTimeMillis();
        Response due = redis.execute("ZRANGEBYSCORE", WATCH, "-inf", Long.toString(now), "LIMIT", "0", "500");
        for (Response member : due) {
            UUID userId = UUID.fromString(member.toString());
            long offline = redis.execute("EVAL", EXPIRE, "2", connections(userId), WATCH, Long.toString(now),
                    userId.toString()).toLong();
            if (offline == 1) {
                try {
                    wentOffline(userId, Instant.ofEpochMilli(now));
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Offline announcement for %s failed", userId);
                }
            }
        }
    }

    private void wentOffline(UUID userId, Instant at) {
        lastSeen.record(userId, at);
        announce(userId, PresenceStatus.OFFLINE, at);
    }

    private void announce(UUID userId, PresenceStatus status, Instant lastSeenAt) {
        PresenceChanged change = new PresenceChanged(userId, status, lastSeenAt);
        events.sendToUsers(audience.watchersOf(userId), change);
        transitions.fire(new PresenceTransitions(List.of(change)));
    }

    private static String connections(UUID userId) {
        return "presence:connections:" + userId;
    }

    private static String busy(UUID userId) {
        return "presence:busy:" + userId;
    }
}
