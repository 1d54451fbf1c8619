package app.banter.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

/**
 * A WireMock server answering Karza's verification APIs in their shapes: POST /v2/pan ({consent, pan, clientData})
 * answers {request_id, result: {name}, "status-code": "101"}; POST /v3/dl answers {requestId, statusCode: 101,
 * result: {name, ...}}. Only requests with our x-karza-key are answered; others get Karza's 401. Tests change the
 * answers with {@link #answerPan}.
 */
public final class KarzaStandIn {

    public static final String API_KEY = "karza-test-key";
    public static final String WEBHOOK_TOKEN = "karza-callback-token";

    /** Set once a server runs: test profiles are built in another class loader than the tests, so this is shared. */
    private static final String PORT_PROPERTY = "banter.test.karza-stand-in.port";

    private static WireMockServer server;

    private KarzaStandIn() {
    }

    /** A client of the one stand-in of this JVM, started on first use. */
    public static synchronized WireMock client() {
        String port = System.getProperty(PORT_PROPERTY);
        if (port == null) {
            server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "KarzaStandIn-stop"));
            port = Integer.toString(server.port());
            System.setProperty(PORT_PROPERTY, port);
            resetToDefaults(new WireMock("127.0.0.1", server.port()));
        }
        return new WireMock("127.0.0.1", Integer.parseInt(port));
    }

    public static String baseUrl() {
        client();
        return "http://127.0.0.1:" + System.getProperty(PORT_PROPERTY);
    }

    /** Every PAN and licence found, registered to the test users' name. */
    public static void resetToDefaults() {
        resetToDefaults(client());
    }

    private static void resetToDefaults(WireMock wm) {
        wm.resetMappings();
        wm.resetRequests();
        wm.register(post(urlPathEqualTo("/v2/pan")).atPriority(10).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"Authentication failed\", \"status\": 401}")));
        wm.register(post(urlPathEqualTo("/v3/dl")).atPriority(10).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"Authentication failed\", \"status\": 401}")));
        answerPan("101", "TEST PERSON");
        wm.register(post(urlPathEqualTo("/v3/dl")).withHeader("x-karza-key", equalTo(API_KEY)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withTransformers("response-template")
                        .withBody("""
                                {"requestId": "{{randomValue type='UUID'}}", "statusCode": 101,
                                 "result": {"name": "TEST PERSON", "dlNumber": "{{jsonPath request.body '$.dlNo'}}",
                                  "dob": "{{jsonPath request.body '$.dob'}}", "status": "Active"},
                                 "clientData": {"caseId": "{{jsonPath request.body '$.clientData.caseId'}}"}}""")));
    }

    /** What /v2/pan answers: Karza's status code and, for 101, the name registered for the PAN (none when null). */
    public static void answerPan(String statusCode, String registeredName) {
        String result = "101".equals(statusCode) && registeredName != null ? "{\"name\": \"" + registeredName + "\"}"
                : "{}";
        client().register(post(urlPathEqualTo("/v2/pan")).withHeader("x-karza-key", equalTo(API_KEY)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withTransformers("response-template")
                        .withBody("{\"request_id\": \"{{randomValue type='UUID'}}\", \"result\": " + result
                                + ", \"status-code\": \"" + statusCode + "\"}")));
    }

    /** The configuration that points the service at this stand-in. */
    public static Map<String, String> config() {
        return Map.of("banter.kyc.karza.base-url", baseUrl(),
                "banter.kyc.karza.api-key", API_KEY,
                "banter.kyc.karza.webhook-token", WEBHOOK_TOKEN);
    }
}
