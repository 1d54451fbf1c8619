package app.banter.platform.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.Open;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Websockets in a rolling update or scale-down. When the pod is told to stop, the shutdown delay starts (readiness is
 * already DOWN and plain HTTP requests are still served): every open websocket, whatever its endpoint, is closed with
 * 1012 "Service Restart", which tells clients to reconnect, and through the Service they reach a pod that stays. New
 * websocket upgrades that still arrive here are refused with 503 and Retry-After until the pod is gone; one that was
 * already past that check when the drain began is closed with 1012 as soon as it opens.
 */
@ApplicationScoped
public class WebSocketDrain {

    /** RFC 6455 close code 1012: the server is restarting; the client should reconnect, with jitter. */
    public static final CloseReason RECONNECT = new CloseReason(1012, "server restarting, reconnect");

    private static final Logger LOG = Logger.getLogger(WebSocketDrain.class);

    // Quarkus only provides OpenConnections once the application declares a websocket endpoint.
    private final Instance<OpenConnections> connections;
    private volatile boolean draining;

    WebSocketDrain(Instance<OpenConnections> connections) {
        this.connections = connections;
    }

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    void refuseUpgradesWhileDraining(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            if (draining && "websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
                ctx.response().setStatusCode(503).putHeader(HttpHeaders.RETRY_AFTER, "1").end();
            } else {
                ctx.next();
            }
        });
    }

    /**
     * An upgrade that passed the check above just before the drain began can open after {@link #drain} went through
     * the open connections; without this it would stay until the pod is killed and then drop without the hint.
     * Websockets-next fires this after it has registered the connection, so every connection is either among those
     * {@link #drain} closes or sees {@code draining} here.
     */
    void closeIfDraining(@ObservesAsync @Open WebSocketConnection connection) {
        if (draining) {
            close(connection);
        }
    }

    /** Closes every open websocket with {@link #RECONNECT} and refuses new ones from now on. */
    public void drain() {
        draining = true;
        if (!connections.isResolvable()) {
            return;
        }
        int count = 0;
        for (WebSocketConnection connection : connections.get()) {
            count++;
            close(connection);
        }
        LOG.infof("Shutting down: closed %d websocket(s) with a reconnect hint", count);
    }

    private static void close(WebSocketConnection connection) {
        connection.close(RECONNECT).subscribe().with(closed -> {
        }, failure -> LOG.debugf("Websocket %s was already gone: %s", connection.id(), failure.getMessage()));
    }
}
