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

/**
 * The websockets open on this pod, by user: one user may be connected from several devices. Each connection remembers
 * the event loop its socket lives on, so that an event for many users costs one task per event loop rather than one
 * cross-thread hand-off per connection.
 */
@ApplicationScoped
public class Connections {

    private static final Logger LOG = Logger.getLogger(Connections.class);

    /**
     * RFC 6455 "Try Again Later": the server closed the socket for a condition of the moment, here a peer that did not
     * read what it was sent; clients reconnect with backoff, as after 1012.
     */
    private static final int TRY_AGAIN_LATER = 1013;

    private final Map<UUID, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    // Orders a user's connections by when they opened, for replacing the oldest.
    private final AtomicLong openings = new AtomicLong();
    private final Timer delivery;
    private final Duration slowConsumerCloseTimeout;

    Connections(MeterRegistry registry, RealtimeConfig config) {
        this.slowConsumerCloseTimeout = config.slowConsumerCloseTimeout();
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

    /** The order in which connections opened, for replacing a user's oldest. */
    long nextOpening() {
        return openings.incrementAndGet();
    }

    /** Returns the user's oldest connections beyond {@code maxPerUser}, for the caller to close. */
    List<Connection> add(Connection connection, int maxPerUser) {
        List<Connection> excess = new ArrayList<>(0);
        // Inside compute, under the lock remove() takes for the same user: added outside it, a connection could join
        // the set that the close of the user's last other connection has just taken out of the map, and be lost there
        // (no events, never closed on logout or drain, counted open for ever).
        byUser.compute(connection.userId(), (id, mine) -> {
            Set<Connection> set = mine != null ? mine : ConcurrentHashMap.newKeySet();
            if (set.add(connection)) {
                open.incrementAndGet();
            }
            int over = set.size() - maxPerUser;
            if (over > 0) {
                set.stream().filter(other -> other != connection)
                        .sorted(Comparator.comparingLong(Connection::openedOrder)).limit(over).forEach(excess::add);
            }
            return set;
        });
        return excess;
    }

    /** Websockets open on this pod now. */
    int count() {
        return open.get();
    }

    /**
     * Whether the user has a connection on this pod that was opened or sent a heartbeat after {@code sinceMillis}: the
     * same test presence makes in Redis with each connection's expiry, answered without a round trip for the users
     * connected here.
     */
    boolean isLiveHere(UUID userId, long sinceMillis) {
        Set<Connection> connections = byUser.get(userId);
        if (connections == null) {
            return false;
        }
        for (Connection connection : connections) {
            if (connection.touchedAt() > sinceMillis && !connection.isClosed()) {
                return true;
            }
        }
        return false;
    }

    void remove(Connection connection) {
        byUser.computeIfPresent(connection.userId(), (id, set) -> {
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
        Map<EventLoop, List<Connection>> byLoop = new HashMap<>(4);
        int count = 0;
        for (UUID userId : userIds) {
            Set<Connection> connections = byUser.get(userId);
            if (connections == null) {
                continue;
            }
            for (Connection connection : connections) {
                byLoop.computeIfAbsent(connection.eventLoop(), l -> new ArrayList<>()).add(connection);
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
        return count;
    }

    private void write(List<Connection> connections, String json, long reachedAt) {
        for (Connection connection : connections) {
            if (connection.isWriteQueueFull()) {
                // Netty queues without limit: a peer that stops reading would hold every later event in memory.
                closeSlowConsumer(connection);
                continue;
            }
            // A connection closing meanwhile just loses the event, as the device would have anyway.
            connection.socket().writeTextMessage(json).onComplete(written -> {
                if (written.succeeded()) {
                    delivery.record(System.nanoTime() - reachedAt, TimeUnit.NANOSECONDS);
                } else {
                    LOG.debugf("Event to %s not written: %s", connection.id(), written.cause().getMessage());
                }
            });
        }
    }

    /**
     * On the socket's event loop: closes a connection whose peer does not read what it is sent (a phone whose app
     * hangs, a client that only sends heartbeats). Its close frame waits behind everything the peer has not read, so
     * unless it is read within {@code banter.realtime.slow-consumer-close-timeout} the TCP connection is closed under
     * it, which drops what was queued for it and ends the socket as a lost network does.
     */
    void closeSlowConsumer(Connection connection) {
        if (connection.isClosed() || !connection.channel().isActive()) {
            return; // already closing (told once, and its timeout runs), or its peer has gone
        }
        LOG.infof("Closing websocket %s of %s: it does not read what it is sent", connection.id(), connection.userId());
        connection.close(TRY_AGAIN_LATER, "Slow consumer");
        connection.channel().eventLoop().schedule(() -> connection.channel().close(),
                slowConsumerCloseTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes the connections opened with a session that has just been revoked; rare, so a scan is fine. */
    void closeSession(UUID sessionId) {
        byUser.values().forEach(connections -> connections.stream()
                .filter(connection -> sessionId.equals(connection.sessionId()))
                .forEach(Connection::endSession));
    }

    /** Closes every connection of this pod with the same code; returns how many. */
    int closeAll(int code, String reason) {
        int count = 0;
        for (Set<Connection> connections : byUser.values()) {
            for (Connection connection : connections) {
                connection.close(code, reason);
                count++;
            }
        }
        return count;
    }
}
