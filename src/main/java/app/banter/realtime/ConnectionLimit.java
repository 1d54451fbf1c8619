package app.banter.realtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.platform.error.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses websocket upgrades once this pod holds {@link RealtimeConfig#maxConnections()}: 503 with Retry-After and a
 * problem document (code TOO_MANY_CONNECTIONS), before authentication, so that a refusal costs neither a Redis round
 * trip nor a token check. A 503 at the upgrade rather than an accepted socket closed with 1013: the client rule for a
 * draining pod is already "an upgrade answered 503 with Retry-After is retried after that", the load balancer may send
 * the retry to another pod, and no socket, presence entry or ready event is made only to be thrown away. Refusals are
 * counted ({@code banter.realtime.connections.refused}).
 */
@ApplicationScoped
public class ConnectionLimit {

    private final Connections connections;
    private final RealtimeConfig config;
    private final Counter refused;
    private final ObjectMapper json;

    ConnectionLimit(Connections connections, RealtimeConfig config, MeterRegistry registry, ObjectMapper json) {
        this.connections = connections;
        this.config = config;
        this.json = json;
        this.refused = Counter.builder("banter.realtime.connections.refused")
                .description("Websocket upgrades refused because the pod held its limit of connections")
                .register(registry);
    }

    void install(@Observes Router router) {
        router.route(WsTicketAuthentication.PATH).order(Integer.MIN_VALUE + 2).handler(this::admit);
    }

    private void admit(RoutingContext ctx) {
        if (connections.count() < config.maxConnections()
                || !"websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
            ctx.next();
            return;
        }
        refused.increment();
        ctx.response().setStatusCode(503).putHeader(HttpHeaders.RETRY_AFTER, "1")
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(problem());
    }

    private String problem() {
        try {
            return json.writeValueAsString(Problem.of(503, "TOO_MANY_CONNECTIONS",
                    "This server holds as many websockets as it may; try again shortly"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Problem document not serializable", e);
        }
    }
}
