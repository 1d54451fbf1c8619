package app.banter.platform.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.platform.error.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem responses for the failures Vert.x decides before a request reaches a resource: a body over
 * quarkus.http.limits.max-body-size (declared or chunked), or a path no route serves.
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
        // Declared sizes are refused here, before anything is read. A chunked body declares none: it is read here up
        // to the limit and handed on, because the REST layer would find out only half-way through reading it, answer a
        // bare 413 and fail the request with an I/O error logged as a server fault.
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length, maxBody)) {
                write(ctx, tooLarge(maxBody));
            } else if (length == null && ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                readChunked(ctx, maxBody);
            } else {
                ctx.next();
            }
        });
        router.errorHandler(413, ctx -> write(ctx, Problem.of(413, "PAYLOAD_TOO_LARGE", "The request body is too large")));
        router.errorHandler(404, ctx -> write(ctx, Problem.of(404, "NOT_FOUND", "No such resource")));
    }

    private void readChunked(RoutingContext ctx, long maxBody) {
        Buffer body = Buffer.buffer();
        ctx.request().handler(chunk -> {
            if (ctx.response().headWritten()) {
                return;
            }
            if (body.length() + chunk.length() > maxBody) {
                // Nothing more of this body will be read: the connection closes once the problem is written.
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                write(ctx, tooLarge(maxBody));
            } else {
                body.appendBuffer(chunk);
            }
        });
        ctx.request().endHandler(end -> {
            if (!ctx.response().headWritten()) {
                ctx.setBody(body);
                ctx.next();
            }
        });
        ctx.request().resume();
    }

    private static Problem tooLarge(long maxBody) {
        return Problem.of(413, "PAYLOAD_TOO_LARGE", "The request body is larger than " + maxBody + " bytes");
    }

    private static boolean isOver(String contentLength, long max) {
        try {
            return Long.parseLong(contentLength.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    void write(RoutingContext ctx, Problem problem) {
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
