package app.banter.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

/**
 * A WireMock server answering Signzy's Identity API (v2) in its shapes: POST /api/v2/patrons/{patronId}/identities
 * (with our login token in Authorization) answers the identity object {type, email, callbackUrl, images,
 * autoRecognition, verification, forgeryCheck, accessToken, id, patronId}; POST /api/v2/snoops answers the snoop
 * {service, itemId, task, essentials, accessToken, id, response: {result: {verified, message, upstreamName}}} (the
 * PAN verification's result: upstreamName is the name the PAN is registered to), or without a result while Signzy is
 * still verifying ({@link #answerPending}); GET of an identity object answers its verification list.
 */
public final class SignzyStandIn {

    public static final String ACCESS_TOKEN = "signzy-login-token";
    public static final String PATRON_ID = "5a1b2c3d4e5f60718293a4b5";
    public static final String WEBHOOK_TOKEN = "signzy-callback-token";
    /** The name every PAN is registered to unless a test says otherwise: the test users' profile name. */
    public static final String REGISTERED_NAME = "TEST PERSON";

    /** Set once a server runs: test profiles are built in another class loader than the tests, so this is shared. */
    private static final String PORT_PROPERTY = "banter.test.signzy-stand-in.port";

    private static WireMockServer server;

    private SignzyStandIn() {
    }

    /** A client of the one stand-in of this JVM, started on first use. */
    public static synchronized WireMock client() {
        String port = System.getProperty(PORT_PROPERTY);
        if (port == null) {
            server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "SignzyStandIn-stop"));
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

    /** Identity objects are created; every verification answers verified at once. */
    public static void resetToDefaults() {
        resetToDefaults(client());
    }

    private static void resetToDefaults(WireMock wm) {
        wm.resetMappings();
        wm.resetRequests();
        wm.register(post(urlPathEqualTo("/api/v2/patrons/" + PATRON_ID + "/identities"))
                .withHeader("Authorization", equalTo(ACCESS_TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withTransformers("response-template")
                        .withBody("""
                                {"type": "{{jsonPath request.body '$.type'}}",
                                 "email": "{{jsonPath request.body '$.email'}}",
                                 "callbackUrl": "{{jsonPath request.body '$.callbackUrl'}}", "images": [],
                                 "autoRecognition": [], "verification": [], "forgeryCheck": [],
                                 "accessToken": "{{randomValue length=64 type='ALPHANUMERIC'}}",
                                 "id": "{{randomValue length=24 type='HEXADECIMAL'}}",
                                 "patronId": "%s"}""".formatted(PATRON_ID))));
        answerVerification("true", "");
        wm.register(get(urlPathMatching("/api/v2/patrons/" + PATRON_ID + "/identities/[0-9a-f]+"))
                .withHeader("Authorization", equalTo(ACCESS_TOKEN))
                .willReturn(identityWith("[]")));
    }

    /** Snoops answer at once: verified "true" or "false", with Signzy's message; PANs are the test users'. */
    public static void answerVerification(String verified, String message) {
        answerVerification(verified, message, REGISTERED_NAME);
    }

    /** Snoops answer at once, naming {@code upstreamName} as the PAN's holder (none when null). */
    public static void answerVerification(String verified, String message, String upstreamName) {
        client().register(post(urlPathEqualTo("/api/v2/snoops")).willReturn(snoop(result(verified, message,
                upstreamName))));
    }

    /** Snoops are accepted without a result yet: the result comes by callback (or the identity's list). */
    public static void answerPending() {
        client().register(post(urlPathEqualTo("/api/v2/snoops")).willReturn(snoop("{}")));
    }

    /** What GET of an identity object says about its verification, for the poller. */
    public static void identityVerified(String itemId, boolean verified) {
        client().register(get(urlPathEqualTo("/api/v2/patrons/" + PATRON_ID + "/identities/" + itemId))
                .withHeader("Authorization", equalTo(ACCESS_TOKEN))
                .willReturn(identityWith(
                        "[{\"result\": " + result(String.valueOf(verified), "", REGISTERED_NAME) + "}]")));
    }

    /** The body Signzy posts to the callback URL when a snoop finishes; the PAN is the test users'. */
    public static String callback(String itemId, String snoopId, Boolean verified) {
        return callback(itemId, snoopId, verified, REGISTERED_NAME);
    }

    /** The same, naming {@code upstreamName} as the PAN's holder (none when null). */
    public static String callback(String itemId, String snoopId, Boolean verified, String upstreamName) {
        String result = verified == null ? "{}" : result(verified.toString(), "", upstreamName);
        return """
                {"service": "Identity", "itemId": "%s", "task": "verification", "essentials": {},
                 "accessToken": "x", "id": "%s", "response": {"instance": {}, "result": %s}}"""
                .formatted(itemId, snoopId, result);
    }

    private static String result(String verified, String message, String upstreamName) {
        return "{\"verified\": " + verified + ", \"message\": \"" + message + "\""
                + (upstreamName == null ? "" : ", \"upstreamName\": \"" + upstreamName + "\"") + "}";
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder snoop(String result) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("""
                        {"service": "Identity", "itemId": "{{jsonPath request.body '$.itemId'}}",
                         "task": "verification", "essentials": {},
                         "accessToken": "{{jsonPath request.body '$.accessToken'}}",
                         "id": "{{randomValue length=24 type='HEXADECIMAL'}}",
                         "response": {"instance": {}, "result": %s}}""".formatted(result));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder identityWith(String verification) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("""
                        {"type": "individualPan", "email": "kyc@banter.app", "callbackUrl": "", "images": [],
                         "autoRecognition": [], "verification": %s, "forgeryCheck": [],
                         "patronId": "%s"}""".formatted(verification, PATRON_ID));
    }

    /** The configuration that points the service at this stand-in. */
    public static Map<String, String> config() {
        return Map.of("banter.kyc.signzy.base-url", baseUrl(),
                "banter.kyc.signzy.access-token", ACCESS_TOKEN,
                "banter.kyc.signzy.patron-id", PATRON_ID,
                "banter.kyc.signzy.webhook-token", WEBHOOK_TOKEN,
                "banter.kyc.signzy.callback-url", "https://signzy:" + WEBHOOK_TOKEN + "@banter.test/api/v1/webhooks/kyc/signzy");
    }
}
