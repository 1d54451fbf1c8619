package app.banter.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An OTLP/HTTP trace receiver (a collector's 4318 port): accepts {@code POST /v1/traces} with a protobuf
 * ExportTraceServiceRequest and answers 200 with an empty ExportTraceServiceResponse, as the OTLP specification's
 * HTTP transport says. Configuring it as the endpoint is what turns tracing on; tests read the spans themselves from
 * the in-memory exporter ({@link InMemorySpans}) and check here that the OTLP exporter really sent them.
 */
public class OtlpReceiverStandIn implements QuarkusTestResourceLifecycleManager {

    public static final String TRACES_PATH = "/v1/traces";
    private static final StandInServer SERVER = new StandInServer("otlp",
            () -> new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")),
            server -> server.stubFor(post(urlPathEqualTo(TRACES_PATH)).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/x-protobuf").withBody(new byte[0]))));

    public static WireMockServer server() {
        return SERVER.get();
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + server().port(),
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                // Spans leave in small batches at once, so that a test waits milliseconds, not the default 5 s.
                "quarkus.otel.bsp.schedule.delay", "50ms");
    }

    @Override
    public void stop() {
        SERVER.stop();
    }
}
