package app.banter.platform.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Reads a JSON request body into memory on the event loop, before the REST layer sees it. Every endpoint here is
 * blocking (it runs on a worker thread, in a transaction), and for those the REST layer would read the body on the
 * worker from a stream that the event loop feeds chunk by chunk, handing each over under a monitor: 16 % of the
 * service's samples in the webhook storm were event loops at that handover. A body read here is handed to the REST
 * layer whole (it reads {@code RoutingContext.body()} when there is one).
 * <p>
 * Only bodies that say their length, within quarkus.http.limits.max-body-size, and say they are JSON: a form (the
 * telephony webhooks) keeps the REST layer's own form parsing, and a chunked or oversized body its streaming and its
 * 413.
 */
@ApplicationScoped
public class JsonBodies {

    private final long maxBodySize;

    JsonBodies(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        // No file uploads: BodyHandler would otherwise create an uploads directory at start.
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(maxBodySize).setPreallocateBodyBuffer(true);
        // After RequestGuards, which refuses a body without a Content-Type.
        router.route().order(Integer.MIN_VALUE + 2).handler(ctx -> {
            if (isSmallJson(ctx.request())) {
                bodies.handle(ctx);
            } else {
                ctx.next();
            }
        });
    }

    private boolean isSmallJson(HttpServerRequest request) {
        HttpMethod method = request.method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            return false;
        }
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (type == null || length == null || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            return false;
        }
        String mediaType = type.split(";", 2)[0].trim().toLowerCase();
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            return false;
        }
        try {
            long bytes = Long.parseLong(length.trim());
            return bytes > 0 && bytes <= maxBodySize;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
