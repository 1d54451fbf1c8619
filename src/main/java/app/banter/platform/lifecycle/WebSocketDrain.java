package app.banter.platform.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Websockets in a rolling update or scale-down. When the pod is told to stop, the shutdown delay starts (readiness is
 * already DOWN and plain HTTP requests are still served): every open websocket is closed with {@link #RECONNECT_CODE}
 * "Service Restart", which tells clients to reconnect, and through the Service they reach a pod that stays. New
 * websocket upgrades that still arrive here are refused with 503 and Retry-After until the pod is gone; one that was
 * already past that check when the drain began is closed with 1012 as soon as it opens (the gateway asks
 * {@link #isDraining()} once it has registered the socket).
 */
@ApplicationScoped
public class WebSocketDrain {

    /** RFC 6455 close code 1012: the server is restarting; the client should reconnect, with jitter. */
    public static final int RECONNECT_CODE = 1012;
    public static final String RECONNECT_REASON = "server restarting, reconnect";

    /** Fired once the drain has begun: whoever holds open websockets closes them with {@link #RECONNECT_CODE}. */
    public record Started() {
    }

    private final Event<Started> started;
    private volatile boolean draining;

    WebSocketDrain(Event<Started> started) {
        this.started = started;
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

    /** Refuses new websockets from now on and has every open one closed with {@link #RECONNECT_CODE}. */
    public void drain() {
        draining = true;
        started.fire(new Started());
    }

    public boolean isDraining() {
        return draining;
    }
}
