package app.banter.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * FCM's HTTP v1 send endpoint ({@code POST /v1/projects/{project}/messages:send}), answered as FCM documents it: 200
 * with the message name, or an error whose details carry an FcmError code (UNREGISTERED for a token that is gone,
 * QUOTA_EXCEEDED when sending too fast). firebase-admin reaches it through banter.firebase.messaging-url.
 */
public class FcmStandIn implements QuarkusTestResourceLifecycleManager {

    private static final String SEND = "/v1/projects/[^/]+/messages:send";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StandInServer SERVER = new StandInServer("fcm",
            () -> new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").containerThreads(80)),
            server -> server.stubFor(post(urlPathMatching(SEND)).atPriority(10).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withTransformers("response-template")
                    .withBody("{\"name\": \"projects/demo-banter/messages/"
                            + "0:{{randomValue length=16 type='NUMERIC'}}\"}"))));

    public static WireMockServer server() {
        return SERVER.get();
    }

    /** FCM no longer knows this token: the app was uninstalled. */
    public static void unregistered(String token) {
        server().stubFor(post(urlPathMatching(SEND)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.message.token", equalTo(token)))
                .willReturn(error(404, "NOT_FOUND", "UNREGISTERED")));
    }

    /** FCM's documented answer for a token that is no valid registration token: INVALID_ARGUMENT, an FcmError only. */
    public static void notAValidToken(String token) {
        server().stubFor(post(urlPathMatching(SEND)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.message.token", equalTo(token)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"code": 400,
                          "message": "The registration token is not a valid FCM registration token",
                          "status": "INVALID_ARGUMENT",
                          "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                                       "errorCode": "INVALID_ARGUMENT"}]}}""")));
    }

    /** The other answer FCM gives for such a token: INVALID_ARGUMENT with a BadRequest naming message.token. */
    public static void refusesTheTokenField(String token) {
        server().stubFor(post(urlPathMatching(SEND)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.message.token", equalTo(token)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"code": 400, "message": "Request contains an invalid argument.",
                          "status": "INVALID_ARGUMENT",
                          "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                                       "errorCode": "INVALID_ARGUMENT"},
                                      {"@type": "type.googleapis.com/google.rpc.BadRequest",
                                       "fieldViolations": [{"field": "message.token",
                                                            "description": "Invalid registration token"}]}]}}""")));
    }

    /**
     * FCM refuses every push to this token as INVALID_ARGUMENT for a value of the message (its documented answer for a
     * bad data value), as it would a faulty kind of push whatever the token.
     */
    public static void refusesTheMessage(String token) {
        server().stubFor(post(urlPathMatching(SEND)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.message.token", equalTo(token)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"code": 400,
                          "message": "Invalid value at 'message.data[0].value' (TYPE_STRING), 12",
                          "status": "INVALID_ARGUMENT",
                          "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                                       "errorCode": "INVALID_ARGUMENT"},
                                      {"@type": "type.googleapis.com/google.rpc.BadRequest",
                                       "fieldViolations": [{"field": "message.data[0].value", "description":
                                         "Invalid value at 'message.data[0].value' (TYPE_STRING), 12"}]}]}}""")));
    }

    /** FCM refuses the first {@code times} pushes to this token with QUOTA_EXCEEDED, then takes them. */
    public static void overQuotaFirst(String token, int times) {
        String scenario = "quota-" + token;
        for (int i = 0; i < times; i++) {
            server().stubFor(post(urlPathMatching(SEND)).atPriority(1).inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "refused-" + i)
                    .withRequestBody(matchingJsonPath("$.message.token", equalTo(token)))
                    .willReturn(error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED"))
                    .willSetStateTo("refused-" + (i + 1)));
        }
    }

    /**
     * FCM answers every push to this token 503 UNAVAILABLE with a Retry-After longer than firebase-admin waits by
     * itself (it retries a 503 only within a minute), so that each attempt of the outbox is one request here and
     * the push stays queued, retried with backoff, for as long as the test lasts.
     */
    public static void unavailable(String token) {
        server().stubFor(post(urlPathMatching(SEND)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.message.token", equalTo(token)))
                .willReturn(error(503, "UNAVAILABLE", "UNAVAILABLE").withHeader("Retry-After", "3600")));
    }

    /**
     * FCM holds every push to this token for {@code delay} before it answers, as a connection that hangs does; returns
     * the stub, to be removed when FCM is to answer again.
     */
    public static StubMapping hangs(String token, Duration delay) {
        return server().stubFor(post(urlPathMatching(SEND)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.message.token", equalTo(token)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"name\": \"projects/demo-banter/messages/0:1\"}")
                        .withFixedDelay((int) delay.toMillis())));
    }

    /** The messages FCM was asked to send to this token, oldest first (the "message" object of each request). */
    public static List<JsonNode> messagesTo(String token) {
        return server().findAll(postRequestedFor(urlPathMatching(SEND))
                .withRequestBody(matchingJsonPath("$.message.token", equalTo(token)))).stream()
                .map(request -> {
                    try {
                        return JSON.readTree(request.getBodyAsString()).path("message");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList();
    }

    private static ResponseDefinitionBuilder error(int status, String statusName, String fcmErrorCode) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"error": {"code": %d, "message": "refused by the stand-in", "status": "%s",
                  "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                               "errorCode": "%s"}]}}""".formatted(status, statusName, fcmErrorCode));
    }

    @Override
    public Map<String, String> start() {
        return Map.of("banter.firebase.messaging-url", server().baseUrl());
    }

    @Override
    public void stop() {
        SERVER.stop();
    }
}
