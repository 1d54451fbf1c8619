package app.banter.platform.telemetry;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;

import app.banter.testsupport.OtlpReceiverStandIn;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * With an OTLP endpoint configured, the packaged service really exports its spans over OTLP/HTTP: the receiver
 * stand-in gets protobuf ExportTraceServiceRequests, and among their spans is the server span of a refused request,
 * under the trace id its problem response names. {@link TracingTest} reads spans from an in-memory exporter, whose CDI
 * bean displaces Quarkus' OTLP exporter inside {@code @QuarkusTest}; the packaged application has no test beans, so
 * the exporter here is the one production runs.
 */
@QuarkusIntegrationTest
@TestProfile(TracingTest.OtlpEndpointConfigured.class)
class OtlpExportIT {

    /** opentelemetry-proto trace/v1 Span.SpanKind. */
    private static final long SPAN_KIND_SERVER = 2;

    @Test
    void aRefusedRequestsServerSpanIsExportedUnderTheProblemsTraceId() {
        String traceId = given().contentType(ContentType.JSON).body(Map.of("refreshToken", "not-a-refresh-token"))
                .post("/api/v1/auth/refresh").then().statusCode(401).body("code", equalTo("INVALID_REFRESH_TOKEN"))
                .extract().path("traceId");
        assertThat(traceId).matches("[0-9a-f]{32}");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(exported())
                .filteredOn(span -> span.traceId().equals(traceId) && span.kind() == SPAN_KIND_SERVER)
                .singleElement().satisfies(span -> {
                    assertThat(span.attributes()).containsEntry("http.route", "/api/v1/auth/refresh")
                            .containsEntry("http.response.status_code", "401");
                    assertThat(span.spanId()).matches("[0-9a-f]{16}");
                    assertThat(span.resource()).containsEntry("service.name", "banter");
                }));
    }

    /** Every span the receiver stand-in was sent so far. */
    private static List<ExportedSpan> exported() {
        List<ExportedSpan> spans = new ArrayList<>();
        for (LoggedRequest request : OtlpReceiverStandIn.server()
                .findAll(postRequestedFor(urlPathEqualTo(OtlpReceiverStandIn.TRACES_PATH)))) {
            assertThat(request.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
            spans.addAll(ExportedSpan.of(body(request)));
        }
        return spans;
    }

    private static byte[] body(LoggedRequest request) {
        if (!"gzip".equals(request.getHeader("Content-Encoding"))) {
            return request.getBody();
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(request.getBody()))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One span of an ExportTraceServiceRequest, read from the protobuf wire format by the field numbers of
     * opentelemetry-proto (collector/trace/v1 and trace/v1): no generated OTLP classes are on the class path, and
     * protobuf-java's UnknownFieldSet reads any message by number. Attribute values are kept as text.
     */
    record ExportedSpan(String traceId, String spanId, String name, long kind, Map<String, String> attributes,
            Map<String, String> resource) {

        static List<ExportedSpan> of(byte[] exportTraceServiceRequest) {
            List<ExportedSpan> spans = new ArrayList<>();
            // ExportTraceServiceRequest.resource_spans = 1
            for (ByteString resourceSpans : messages(parse(exportTraceServiceRequest), 1)) {
                UnknownFieldSet rs = parse(resourceSpans);
                // ResourceSpans.resource = 1 (Resource.attributes = 1), ResourceSpans.scope_spans = 2
                Map<String, String> resource = new LinkedHashMap<>();
                for (ByteString r : messages(rs, 1)) {
                    resource.putAll(attributes(parse(r), 1));
                }
                for (ByteString scopeSpans : messages(rs, 2)) {
                    // ScopeSpans.spans = 2
                    for (ByteString s : messages(parse(scopeSpans), 2)) {
                        UnknownFieldSet span = parse(s);
                        // Span: trace_id = 1, span_id = 2, name = 5, kind = 6, attributes = 9
                        spans.add(new ExportedSpan(hex(span, 1), hex(span, 2),
                                messages(span, 5).getFirst().toStringUtf8(),
                                span.hasField(6) ? span.getField(6).getVarintList().getFirst() : 0,
                                attributes(span, 9), resource));
                    }
                }
            }
            return spans;
        }

        /** KeyValue (key = 1, value = 2) of the field; AnyValue: string = 1, bool = 2, int = 3, double = 4. */
        private static Map<String, String> attributes(UnknownFieldSet message, int field) {
            Map<String, String> attributes = new LinkedHashMap<>();
            for (ByteString kv : messages(message, field)) {
                UnknownFieldSet keyValue = parse(kv);
                UnknownFieldSet value = parse(messages(keyValue, 2).getFirst());
                String text;
                if (value.hasField(1)) {
                    text = value.getField(1).getLengthDelimitedList().getFirst().toStringUtf8();
                } else if (value.hasField(2)) {
                    text = Boolean.toString(value.getField(2).getVarintList().getFirst() != 0);
                } else if (value.hasField(3)) {
                    text = Long.toString(value.getField(3).getVarintList().getFirst());
                } else if (value.hasField(4)) {
                    text = Double.toString(Double.longBitsToDouble(value.getField(4).getFixed64List().getFirst()));
                } else {
                    text = "";
                }
                attributes.put(messages(keyValue, 1).getFirst().toStringUtf8(), text);
            }
            return attributes;
        }

        private static String hex(UnknownFieldSet message, int field) {
            return HexFormat.of().formatHex(messages(message, field).getFirst().toByteArray());
        }

        private static List<ByteString> messages(UnknownFieldSet message, int field) {
            return message.hasField(field) ? message.getField(field).getLengthDelimitedList() : List.of();
        }

        private static UnknownFieldSet parse(ByteString bytes) {
            return parse(bytes.toByteArray());
        }

        private static UnknownFieldSet parse(byte[] bytes) {
            try {
                return UnknownFieldSet.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("Not a protobuf message", e);
            }
        }
    }
}
