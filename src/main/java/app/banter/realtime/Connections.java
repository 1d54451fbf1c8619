package app.banter.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.EventLoop;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * The websockets open on this pod, by user: one user may be connected from several devices. Each connection remembers
 * the event loop its socket lives on, so that an event for many users costs one task per event loop rather than one
 * cross-thread hand-off per connection.
 */
@ApplicationScoped
public class Connections {

    private static final Logger LOG = Logger.getLogger(Connections.class);
    static final UserData.TypedKey<UUID> USER = new UserData.TypedKey<>("banter.user");
    static final UserData.TypedKey<UUID> SESSION = new UserData.TypedKey<>("banter.session");
    private static final UserData.TypedKey<EventLoop> EVENT_LOOP = new UserData.TypedKey<>("banter.event-loop");
    private static final UserData.TypedKey<Long> TOUCHED = new UserData.TypedKey<>("banter.touched");
    private static final UserData.TypedKey<Long> OPENED = new UserData.TypedKey<>("banter.opened");

    private final Map<UUID, Set<WebSocketConnection>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    // Orders a user's connections by when they opened, for replacing the oldest.
    private final AtomicLong openings = new AtomicLong();
    private final Timer delivery;

    Connections(MeterRegistry registry, RealtimeConfig config) {
        // Open websockets per pod: the figure to scale on, since each one holds memory for as long as it lives.
        registry.gauge("banter.realtime.connections", open);
        // The per-pod limit next to it, so that an alert can be the ratio of the two (pods near their limit).
        Gauge.builder("banter.realtime.connections.limit", config, c -> c.maxConnections())
                .description("Websockets one pod accepts (banter.realtime.max-connections)").register(registry);
        // Issue 16: from an event reaching this pod (sent here or read from the fan-out channel) to its frame written
        // to each socket, event-loop queueing included; a histogram, so that dashboards can show p99.
        delivery = Timer.builder("banter.realtime.delivery")
                .description("From an event reaching this pod to its frame written to a websocket")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /**
     * Called from the connection's own callback, where the current Vert.x context is the socket's. Returns the user's
     * oldest connections beyond {@code maxPerUser}, for the caller to close.
     */
    List<WebSocketConnection> add(UUID userId, UUID sessionId, WebSocketConnection connection, int maxPerUser) {
        connection.userData().put(USER, userId);
        connection.userData().put(SESSION, sessionId);
        connection.userData().put(OPENED, openings.incrementAndGet());
        if (Vertx.currentContext() instanceof ContextInternal context) {
            connection.userData().put(EVENT_LOOP, context.nettyEventLoop());
        }
        Set<WebSocketConnection> mine = byUser.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet());
        if (mine.add(connection)) {
            open.incrementAndGet();
        }
        int excess = mine.size() - maxPerUser;
        if (excess <= 0) {
            return List.of();
        }
        return mine.stream().filter(other -> other != connection)
                .sorted(Comparator.comparing(other -> other.userData().get(OPENED))).limit(excess).toList();
    }

    /** Websockets open on this pod now. */
    int count() {
        return open.get();
    }

    /** The connection opened or sent a heartbeat at {@code millis}: what {@link #isLiveHere} goes by. */
    void touched(WebSocketConnection connection, long millis) {
        connection.userData().put(TOUCHED, millis);
    }

    /**
     * Whether the user has a connection on this pod that was opened or sent a heartbeat after {@code sinceMillis}: the
     * same test presence makes in Redis with each connection's expiry, answered without a round trip for the users
     * connected here.
     */
    boolean isLiveHere(UUID userId, long sinceMillis) {
        Set<WebSocketConnection> connections = byUser.get(userId);
        if (connections == null) {
            return false;
        }
        for (WebSocketConnection connection : connections) {
            Long touched = connection.userData().get(TOUCHED);
            if (touched != null && touched > sinceMillis && !connection.isClosed()) {
                return true;
            }
        }
        return false;
    }

    void remove(UUID userId, WebSocketConnection connection) {
        byUser.computeIfPresent(userId, (id, set) -> {
            if (set.remove(connection)) {
                open.decrementAndGet();
            }
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Writes an already serialized event to every device of these users connected here; returns how many. The
     * connections are grouped by event loop and each loop writes to its own in one task: a write from another thread
     * would be queued to the loop one by one, which for a room of thousands is thousands of queued tasks and wake-ups.
     */
    int deliver(Collection<UUID> userIds, String json) {
        long reachedAt = System.nanoTime();
        Map<EventLoop, List<WebSocketConnection>> byLoop = new HashMap<>(4);
        List<WebSocketConnection> elsewhere = List.of();
        int count = 0;
        for (UUID userId : userIds) {
            Set<WebSocketConnection> connections = byUser.get(userId);
            if (connections == null) {
                continue;
            }
            for (WebSocketConnection connection : connections) {
                EventLoop loop = connection.userData().get(EVENT_LOOP);
                if (loop == null) {
                    elsewhere = elsewhere.isEmpty() ? new ArrayList<>() : elsewhere;
                    elsewhere.add(connection);
                } else {
                    byLoop.computeIfAbsent(loop, l -> new ArrayList<>()).add(connection);
                }
                count++;
            }
        }
        byLoop.forEach((loop, connections) -> {
            if (loop.inEventLoop()) {
                write(connections, json, reachedAt);
            } else {
                loop.execute(() -> write(connections, json, reachedAt));
            }
        });
        write(elsewhere, json, reachedAt);
        return count;
    }

    private void write(List<WebSocketConnection> connections, String json, long reachedAt) {
        for (WebSocketConnection connection : connections) {
            // A connection closing meanwhile just loses the event, as the device would have anyway.
            connection.sendText(json).subscribe().with(
                    sent -> delivery.record(System.nanoTime() - reachedAt, TimeUnit.NANOSECONDS), failure -> LOG.debugf("Event to %s not written: %s", connection.id(), failure.getMessage()));
        }
    }

    /** Closes the connections opened with a session that has just been revoked; rare, so a scan is fine. */
    void closeSession(UUID sessionId) {
        byUser.values().forEach(connections -> connections.stream()
                .filter(connection -> sessionId.equals(connection.userData().get(SESSION)))
                .forEach(connection -> connection.close().subscribe().with(closed -> {
                }, failure -> LOG.debugf("Close of %s failed: %s", connection.id(), failure.getMessage()))));
    }
}
