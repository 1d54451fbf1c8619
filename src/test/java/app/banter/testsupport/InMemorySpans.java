package app.banter.testsupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * The spans the application finished, kept in memory: Quarkus hands every CDI {@code SpanExporter} the spans (its
 * "cdi" exporter), besides OTLP. Receives nothing while tracing is off, which is every test but the tracing ones.
 */
@ApplicationScoped
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
