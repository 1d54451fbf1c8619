package app.banter.platform.telemetry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import app.banter.call.CallFixture;
import app.banter.testsupport.OtlpReceiverStandIn;
import app.banter.testsupport.RazorpayStandIn;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With an OTLP endpoint configured, a request is one trace: its server span, the JDBC statements and Redis commands it
 * made and the provider calls, all under one trace id, which the problem response and the log line both carry. The
 * spans are read from the in-memory exporter; the OTLP/HTTP receiver stand-in shows they were exported too.
 */
@QuarkusTest
@TestProfile(TracingTest.OtlpEndpointConfigured.class)
class TracingTest {

    public static class OtlpEndpointConfigured implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OtlpReceiverStandIn.class));
        }
    }

    // The attribute was renamed by the stable database conventions; instrumentations emit one or the other.
    private static final List<AttributeKey<String>> DB_SYSTEM = List.of(AttributeKey.stringKey("db.system"),
            AttributeKey.stringKey("db.system.name"));
    private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

    @Inject
    InMemorySpanExporter spans;

    @Inject
    CallFixture calls;

    @ConfigProperty(name = "quarkus.otel.sdk.disabled")
    boolean sdkDisabled;

    @ConfigProperty(name = "quarkus.log.console.format")
    String consoleFormat;

    private final List<ExtLogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext) {
                ext.copyMdc();
                logged.add(ext);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void reset() {
        Logger.getLogger("").removeHandler(capture);
        RazorpayStandIn.resetToDefaults();
    }

    @Test
    void aConfiguredEndpointTurnsTracingOn() {
        assertThat(sdkDisabled).isFalse();
    }

    @Test
    void aFailedRequestIsOneTraceThatTheProblemAndTheLogLineName() {
        TestUser me = TestUsers.register();
        RazorpayStandIn.server().stubFor(post(urlPathEqualTo("/v1/orders")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"code\": \"SERVER_ERROR\", \"description\": \"try again\"}}")));

        String traceId = me.request().header("Idempotency-Key", "key-" + UUID.randomUUID())
                .body(Map.of("packageId", "coins-100")).post("/api/v1/payments/orders").then().statusCode(502)
                .body("code", equalTo("PAYMENT_PROVIDER_UNAVAILABLE")).extract().path("traceId");
        assertThat(traceId).matches("[0-9a-f]{32}");

        List<SpanData> trace = awaitTrace(traceId, span -> span.getKind() == SpanKind.SERVER);
        SpanData server = trace.stream().filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertThat(server.getAttributes().get(HTTP_ROUTE)).isEqualTo("/api/v1/payments/orders");
        // The purchase row written before the provider call, and the session denylist read when authenticating.
        assertThat(trace).anySatisfy(span -> assertThat(dbSystem(span)).isEqualTo("postgresql"));
        assertThat(trace).anySatisfy(span -> assertThat(dbSystem(span)).isEqualTo("redis"));
        assertThat(trace).anySatisfy(span -> {
            assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(span.getAttributes().get(SERVER_PORT)).isEqualTo((long) RazorpayStandIn.server().port());
        });

        PatternFormatter console = new PatternFormatter(consoleFormat);
        assertThat(logged).filteredOn(record -> record.getFormattedMessage().startsWith("Razorpay"))
                .isNotEmpty()
                .allSatisfy(record -> assertThat(console.format(record)).contains("traceId=" + traceId));
        // Not checked here: the OTLP export itself. The test's in-memory SpanExporter bean replaces Quarkus's default
        // OTLP exporter bean, so the receiver stand-in hears nothing while it is present.
    }

    @Test
    void providerCallsWithoutARestClientAreSpansOfTheRequest() {
        try (CallFixture.Party caller = calls.online(); CallFixture.Party callee = calls.online()) {
            spans.reset();
            calls.start(caller, callee, "AUDIO");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                // An assertion, not orElseThrow: Awaitility retries only on assertion errors, and the batch processor
                // may not have exported the span at the first poll.
                List<SpanData> createRooms = spans.getFinishedSpanItems().stream()
                        .filter(span -> span.getName().equals("livekit RoomService/CreateRoom")).toList();
                assertThat(createRooms).isNotEmpty();
                SpanData createRoom = createRooms.get(0);
                assertThat(createRoom.getKind()).isEqualTo(SpanKind.CLIENT);
                assertThat(createRoom.getAttributes().get(AttributeKey.stringKey(ProviderSpans.PROVIDER)))
                        .isEqualTo("livekit");
                assertThat(spans.getFinishedSpanItems()).anySatisfy(span -> {
                    assertThat(span.getTraceId()).isEqualTo(createRoom.getTraceId());
                    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
                });
            });
        }
    }

    @Test
    void scheduledJobsAreTraced() {
        spans.reset();
        // The call reconciler ticks every few seconds on every pod; each tick is the root of a trace of its own.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                .anySatisfy(span -> {
                    assertThat(span.getName()).contains("CallReconciler");
                    assertThat(span.getParentSpanContext().isValid()).isFalse();
                }));
    }

    private static String dbSystem(SpanData span) {
        return DB_SYSTEM.stream().map(key -> span.getAttributes().get(key)).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
    }

    private List<SpanData> awaitTrace(String traceId, java.util.function.Predicate<SpanData> root) {
        await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(span -> span.getTraceId().equals(traceId) && root.test(span)));
        return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }
}
