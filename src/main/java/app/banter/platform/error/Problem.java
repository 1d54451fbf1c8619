package app.banter.platform.error;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * RFC 9457 problem details, plus the stable {@code code} clients switch on and, for bad input, its violations.
 * Registered for reflection: it reaches Jackson through Response entities and HttpErrorPages, which no resource
 * method signature reveals to the native build.
 * <p>
 * {@code traceId} is the OpenTelemetry trace of the request that failed, present while tracing is on: quoted in a
 * user's error report, it finds that request's spans and log lines.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String code, List<Violation> violations,
        String traceId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** What is wrong with one field; for a field that takes one of a fixed set of values, those values. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Violation(String field, String message, List<String> allowedValues) {

        public Violation(String field, String message) {
            this(field, message, List.of());
        }
    }

    public static Problem of(int status, String code, String detail) {
        return of(status, code, detail, List.of());
    }

    public static Problem of(int status, String code, String detail, List<Violation> violations) {
        return new Problem("https://banter.app/problems/" + code.toLowerCase().replace('_', '-'), title(status),
                status, detail, code, violations, currentTraceId());
    }

    /** The current request's trace id; null (left out) when tracing is off or nothing is being traced. */
    private static String currentTraceId() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status >= 500 ? "Server Error" : "Error";
        };
    }
}
