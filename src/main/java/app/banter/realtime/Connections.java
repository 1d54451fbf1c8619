package app.banter.realtime;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;

/** The websockets open on this pod, by user: one user may be connected from several devices. */
@ApplicationScoped
public class Connections {

    private static final Logger LOG = Logger.getLogger(Connections.class);
    static final UserData.TypedKey<UUID> USER = new UserData.TypedKey<>("banter.user");
    static final UserData.TypedKey<UUID> SESSION = new UserData.TypedKey<>("banter.session");

    private final Map<UUID, Set<WebSocketConnection>> byUser = new ConcurrentHashMap<>();

    Connections(MeterRegistry registry) {
        // Open websockets per pod: the figure to scale on, since each one holds memory for as long as it lives.
        registry.gauge("banter.realtime.connections", byUser, Connections::count);
    }

    void add(UUID userId, UUID sessionId, WebSocketConnection connection) {
        connection.userData().put(USER, userId);
        connection.userData().put(SESSION, sessionId);
        byUser.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void remove(UUID userId, WebSocketConnection connection) {
        byUser.computeIfPresent(userId, (id, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** Writes an already serialized event to every device of the user connected here; returns how many. */
    int deliver(UUID userId, String json) {
        Set<WebSocketConnection> connections = byUser.get(userId);
        if (connections == null) {
            return 0;
        }
        for (WebSocketConnection connection : connections) {
            // A connection closing meanwhile just loses the event, as the device would have anyway.
            connection.sendText(json).subscribe().with(sent -> {
            }, failure -> LOG.debugf("Event to %s not written: %s", connection.id(), failure.getMessage()));
        }
        return connections.size();
    }

    /** Closes the connections opened with a session that has just been revoked; rare, so a scan is fine. */
    void closeSession(UUID sessionId) {
        byUser.values().forEach(connections -> connections.stream()
                .filter(connection -> sessionId.equals(connection.userData().get(SESSION)))
                .forEach(connection -> connection.close().subscribe().with(closed -> {
                }, failure -> LOG.debugf("Close of %s failed: %s", connection.id(), failure.getMessage()))));
    }

    private static double count(Map<UUID, Set<WebSocketConnection>> byUser) {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }
}
