package app.banter.platform.web;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import app.banter.platform.error.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refusals that depend only on the shape of the request, made before it is routed: an overlong URI or header block,
 * U+0000 anywhere in the URI (FreeText), and a body that does not say what it is. Without a Content-Type the REST
 * layer would guess JSON, so a client could never learn that it forgot the header.
 */
@ApplicationScoped
public class RequestGuards {

    private final HttpErrorPages pages;
    private final HttpLimitsConfig limits;

    RequestGuards(HttpErrorPages pages, HttpLimitsConfig limits) {
        this.pages = pages;
        this.limits = limits;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Problem refusal = refusal(request);
        if (refusal == null) {
            ctx.next();
        } else {
            pages.write(ctx, refusal);
        }
    }

    private Problem refusal(HttpServerRequest request) {
        String uri = request.uri();
        if (uri.length() > limits.maxUriLength().asLongValue()) {
            return Problem.of(414, "URI_TOO_LONG",
                    "The request URI is longer than " + limits.maxUriLength().asLongValue() + " characters");
        }
        if (headerSize(request) > limits.maxHeaderSize().asLongValue()) {
            return Problem.of(431, "HEADERS_TOO_LARGE",
                    "The request headers are larger than " + limits.maxHeaderSize().asLongValue() + " bytes");
        }
        if (uri.contains("%00")) {
            return Problem.of(400, "INVALID_CHARACTER", whereNul(request) + " " + FreeText.NUL_MESSAGE,
                    List.of(new Problem.Violation(nulParameter(request), FreeText.NUL_MESSAGE)));
        }
        if (hasBody(request) && request.getHeader(HttpHeaders.CONTENT_TYPE) == null) {
            return Problem.of(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body with Content-Type: application/json");
        }
        return null;
    }

    private static long headerSize(HttpServerRequest request) {
        long size = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            size += header.getKey().length() + header.getValue().length() + 4;
        }
        return size;
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                || (length != null && !length.trim().equals("0"));
    }

    private static String whereNul(HttpServerRequest request) {
        String parameter = nulParameter(request);
        return parameter.isEmpty() ? "The request path" : "Query parameter '" + parameter + "'";
    }

    /** The query parameter holding the NUL, or "" when it is in the path. */
    private static String nulParameter(HttpServerRequest request) {
        String query = request.query();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.contains("%00")) {
                    String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                    // Our parameter names are plain ASCII; the raw name is what the client wrote.
                    return name;
                }
            }
        }
        return "";
    }
}
