package app.banter.platform.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.platform.error.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem responses for the failures Vert.x decides before a request reaches a resource: a body over
 * quarkus.http.limits.max-body-size, or a path no route serves.
 */
@ApplicationScoped
public class HttpErrorPages {

    private final ObjectMapper json;

    HttpErrorPages(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        long maxBody = maxBodySize.asLongValue();
        // Declared sizes are refused here, before anything is read; Vert.x enforces the same limit on chunked bodies.
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length, maxBody)) {
                write(ctx, Problem.of(413, "PAYLOAD_TOO_LARGE", "The request body is larger than " + maxBody + " bytes"));
            } else {
                ctx.next();
            }
        });
        router.errorHandler(413, ctx -> write(ctx, Problem.of(413, "PAYLOAD_TOO_LARGE", "The request body is too large")));
        router.errorHandler(404, ctx -> write(ctx, Problem.of(404, "NOT_FOUND", "No such resource")));
    }

    private static boolean isOver(String contentLength, long max) {
        try {
            return Long.parseLong(contentLength.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void write(RoutingContext ctx, Problem problem) {
        if (ctx.response().headWritten()) {
            ctx.response().end();
            return;
        }
        try {
            ctx.response().setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(problem.status()).end();
        }
    }
}
