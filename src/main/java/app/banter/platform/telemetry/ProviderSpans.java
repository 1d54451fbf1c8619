package app.banter.platform.telemetry;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * Client spans for the provider calls that do not go through the Quarkus REST client (which traces itself): LiveKit's
 * Twirp RoomService through its SDK's OkHttp, FCM through firebase-admin, Azure Blob Storage through its SDK. Each
 * span is named "{provider} {operation}" and carries {@code banter.provider}, so a trace shows which outside service a
 * slow or failed request waited on. With tracing off, the tracer is a no-op.
 */
@ApplicationScoped
public class ProviderSpans {

    public static final String PROVIDER = "banter.provider";

    private final Tracer tracer;

    ProviderSpans(OpenTelemetry telemetry) {
        this.tracer = telemetry.getTracer("app.banter.providers");
    }

    /** Work that may throw, e.g. an SDK's blocking request. */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        T run() throws E;
    }

    /** Runs {@code call} inside a client span of the current trace; a throw marks the span failed and propagates. */
    public <T, E extends Exception> T call(String provider, String operation, Call<T, E> call) throws E {
        Span span = start(provider, operation);
        try (Scope scope = span.makeCurrent()) {
            return call.run();
        } catch (Exception | Error e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** A client span for a call that completes elsewhere (an async send); the caller ends it. */
    public Span start(String provider, String operation) {
        return tracer.spanBuilder(provider + " " + operation).setSpanKind(SpanKind.CLIENT)
                .setAttribute(PROVIDER, provider).startSpan();
    }

    /** Marks the span failed, naming the failure's type only: provider messages may carry personal data. */
    public static void failed(Span span, Throwable failure) {
        span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
    }
}
