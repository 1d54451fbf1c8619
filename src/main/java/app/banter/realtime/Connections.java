package app.banter.realtime;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.WebSocketConnection;

/** The websockets open on this pod, by user: one user may be connected from several devices. */
@ApplicationScoped
public class Connections {

    private static final Logger LOG = Logger.getLogger(Connections.class);

    private final Map<UUID, Set<WebSocketConnection>> byUser = new ConcurrentHashMap<>();

    void add(UUID userId, WebSocketConnection connection) {
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

    void closeAll(UUID userId) {
        Set<WebSocketConnection> connections = byUser.remove(userId);
        if (connections != null) {
            connections.forEach(connection -> connection.close().subscribe().with(closed -> {
            }, failure -> LOG.debugf("Close of %s failed: %s", connection.id(), failure.getMessage())));
        }
    }

    public int count() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }
}
