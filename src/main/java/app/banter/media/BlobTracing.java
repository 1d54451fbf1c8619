package app.banter.media;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;

import app.banter.platform.telemetry.ProviderSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import reactor.core.publisher.Mono;

/**
 * One client span per Blob Storage call (retries inside it), named by HTTP method: the SDK's own tracing needs a
 * plugin of its own, while every request it makes passes through its pipeline, so the span is made there.
 */
class BlobTracing implements HttpPipelinePolicy {

    private static final String PROVIDER = "azure-blob";

    private final ProviderSpans spans;

    BlobTracing(ProviderSpans spans) {
        this.spans = spans;
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_CALL;
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        return spans.call(PROVIDER, context.getHttpRequest().getHttpMethod().name(), () -> {
            HttpResponse response = next.processSync();
            recordStatus(Span.current(), response.getStatusCode());
            return response;
        });
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return Mono.defer(() -> {
            Span span = spans.start(PROVIDER, context.getHttpRequest().getHttpMethod().name());
            try (Scope scope = span.makeCurrent()) {
                return next.process()
                        .doOnNext(response -> recordStatus(span, response.getStatusCode()))
                        .doOnError(failure -> ProviderSpans.failed(span, failure))
                        .doFinally(signal -> span.end());
            }
        });
    }

    private static void recordStatus(Span span, int status) {
        span.setAttribute("http.response.status_code", status);
        // 404 answers "no such blob", which callers expect; only server-side failures mark the span.
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
    }
}
