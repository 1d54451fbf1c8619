package app.banter.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import app.banter.telephony.FormBody;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A WireMock server that behaves like the part of Twilio's REST API the SDK calls for us, in Twilio's documented
 * shapes (twilio.com/docs/voice/api/call-resource): POST /2010-04-01/Accounts/{sid}/Calls.json creates a call
 * (form: To, From, Twiml, Timeout, TimeLimit, StatusCallback, StatusCallbackEvent...) and answers the call resource
 * ("sid": "CA...", "status": "queued"); GET .../Calls/{sid}.json fetches it; GET .../Calls.json?ParentCallSid= lists
 * its child legs; POST .../Calls/{sid}.json with Status=completed hangs it up. The test moves calls on
 * ({@link #setLegs}), and can have a create that placed its call fail ({@link #failNextCreateAfterPlacing}) or answer
 * late ({@link #delayNextCreateAnswer}). Requests without our Basic credentials (account sid and auth token) are 401
 * (error 20003). Also signs status callbacks as Twilio does ({@link #sign}).
 */
public class TwilioStandIn implements QuarkusTestResourceLifecycleManager {

    public static final String ACCOUNT_SID = "local-twilio-sid";
    public static final String AUTH_TOKEN = "local-twilio-auth-token";
    public static final String FROM_NUMBER = "local-twilio-number";

    private static final String BEHAVIOUR = "twilio";
    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Pattern CALL = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls/([^/.]+)\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Placed> CALLS = new HashMap<>();
    private static final List<String> HUNG_UP = new ArrayList<>();
    /** The status the next call's create requests are to fail with (0: none), and the call they fail for. */
    private static final AtomicInteger NEXT_CREATE_FAILURE = new AtomicInteger();
    private static final AtomicReference<Failing> FAILING = new AtomicReference<>();
    private static final AtomicLong NEXT_CREATE_DELAY_MILLIS = new AtomicLong();
    private static final StandInServer SERVER = new StandInServer("twilio",
            () -> new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")
                    .extensions(new Behaviour())),
            server -> server.stubFor(any(urlPathMatching("/2010-04-01/.*"))
                    .willReturn(aResponse().withTransformers(BEHAVIOUR))));

    /** A leg at Twilio: status, and its start and end. */
    public record Leg(String sid, String status, Instant start, Instant end) {
    }

    /** A call we created: the form we sent, the caller's leg and (once dialled) the callee's. */
    public record Placed(Map<String, String> form, Leg caller, Leg callee) {

        public UUID callId() {
            String callback = form.get("StatusCallback");
            return UUID.fromString(callback.substring(callback.indexOf("callId=") + 7));
        }
    }

    public static WireMockServer server() {
        return SERVER.get();
    }

    public static Placed placedFor(UUID callId) {
        synchronized (CALLS) {
            return CALLS.values().stream().filter(p -> p.callId().equals(callId)).findFirst()
                    .orElseThrow(() -> new AssertionError("Twilio was not asked to call for " + callId));
        }
    }

    /** Moves the call's legs on, as the network would; a null callee leg means it was never dialled. */
    public static void setLegs(String callerSid, Leg caller, Leg callee) {
        synchronized (CALLS) {
            CALLS.put(callerSid, new Placed(CALLS.get(callerSid).form(), caller, callee));
        }
    }

    public static boolean wasHungUp(String sid) {
        synchronized (CALLS) {
            return HUNG_UP.contains(sid);
        }
    }

    /** Create requests for one of our calls answered with a server error. */
    private record Failing(String callback, int status) {
    }

    /**
     * The next call's create request places the call but is answered {@code status} (a 5xx, in Twilio's error shape),
     * and so is every repeat of it, which places nothing (left by the SDK's own client, it repeats any 5xx, three
     * attempts, and Apache's client a 503 once more).
     */
    public static void failNextCreateAfterPlacing(int status) {
        NEXT_CREATE_FAILURE.set(status);
    }

    /** The next create request places the call at once but answers only after {@code delay}. */
    public static void delayNextCreateAnswer(Duration delay) {
        NEXT_CREATE_DELAY_MILLIS.set(delay.toMillis());
    }

    public static int createRequests() {
        return (int) server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getMethod().getName().equals("POST")
                        && e.getRequest().getUrl().endsWith("/Calls.json"))
                .count();
    }

    public static String newSid() {
        return "CA" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * X-Twilio-Signature as Twilio computes it (twilio.com/docs/usage/security): the full URL it posts to, then each
     * POST parameter's name and value, sorted by name, HMAC-SHA1 with the auth token, base64.
     */
    public static String sign(String authToken, String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        params.keySet().stream().sorted().forEach(name -> data.append(name).append(params.get(name)));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String rfc2822(Instant at) {
        return RFC_2822.format(at);
    }

    @Override
    public Map<String, String> start() {
        return Map.of("banter.telephony.twilio.base-url", server().baseUrl());
    }

    @Override
    public void stop() {
        SERVER.stop();
    }

    private static final class Behaviour implements ResponseDefinitionTransformerV2 {

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            String expected = "Basic " + Base64.getEncoder()
                    .encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(request.getHeader("Authorization"))) {
                return error(401, 20003, "Authenticate");
            }
            String path = request.getUrl().replaceFirst("\\?.*", "");
            boolean post = request.getMethod().getName().equals("POST");
            String calls = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls.json";
            synchronized (CALLS) {
                if (post && path.equals(calls)) {
                    return create(FormBody.parse(request.getBody()));
                }
                if (!post && path.equals(calls)) {
                    String parent = request.queryParameter("ParentCallSid").isPresent()
                            ? request.queryParameter("ParentCallSid").firstValue() : null;
                    return list(parent);
                }
                Matcher call = CALL.matcher(path);
                if (call.matches()) {
                    Placed placed = CALLS.get(call.group(2));
                    Leg child = CALLS.values().stream().map(Placed::callee)
                            .filter(l -> l != null && l.sid().equals(call.group(2))).findFirst().orElse(null);
                    if (placed == null && child == null) {
                        return error(404, 20404, "The requested resource was not found");
                    }
                    if (post) {
                        Map<String, String> form = FormBody.parse(request.getBody());
                        if (placed == null || !"completed".equals(form.get("Status"))) {
                            return error(400, 21220, "Call is not in-progress. Cannot redirect.");
                        }
                        HUNG_UP.add(placed.caller().sid());
                        Instant now = Instant.now();
                        Leg callee = placed.callee() == null ? null
                                : new Leg(placed.callee().sid(), "completed", placed.callee().start(), now);
                        placed = new Placed(placed.form(), new Leg(placed.caller().sid(), "completed",
                                placed.caller().start(), now), callee);
                        CALLS.put(placed.caller().sid(), placed);
                    }
                    return placed != null ? ok(resource(placed.caller(), null, placed.form()))
                            : ok(resource(child, parentOf(child), null));
                }
                return error(404, 20404, "The requested resource was not found");
            }
        }

        private static String parentOf(Leg child) {
            return CALLS.values().stream().filter(p -> p.callee() == child).map(p -> p.caller().sid()).findFirst()
                    .orElse(null);
        }

        private static ResponseDefinition create(Map<String, String> form) {
            for (String field : List.of("To", "From")) {
                if (form.getOrDefault(field, "").isBlank()) {
                    return error(400, 21201, "No '" + field + "' number is specified");
                }
            }
            if (form.getOrDefault("Twiml", "").isBlank() && form.getOrDefault("Url", "").isBlank()) {
                return error(400, 21205, "Url parameter is required");
            }
            String callback = form.get("StatusCallback");
            Failing failing = FAILING.get();
            if (failing != null && failing.callback().equals(callback)) {
                // A retry of the create that failed: Twilio is failing before it places anything.
                return error(failing.status(), 20500, "Internal Server Error");
            }
            Leg caller = new Leg(newSid(), "queued", null, null);
            CALLS.put(caller.sid(), new Placed(new LinkedHashMap<>(form), caller, null));
            int failure = NEXT_CREATE_FAILURE.getAndSet(0);
            if (failure != 0) {
                FAILING.set(new Failing(callback, failure));
                return error(failure, 20500, "Internal Server Error");
            }
            ResponseDefinition created = ok(resource(caller, null, form));
            long delay = NEXT_CREATE_DELAY_MILLIS.getAndSet(0);
            return delay == 0 ? created
                    : ResponseDefinitionBuilder.like(created).withFixedDelay((int) delay).build();
        }

        private static ResponseDefinition list(String parent) {
            ObjectNode page = JSON.createObjectNode();
            ArrayNode items = page.putArray("calls");
            Placed placed = parent == null ? null : CALLS.get(parent);
            if (placed != null && placed.callee() != null) {
                items.add(resource(placed.callee(), parent, null));
            }
            String uri = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls.json?PageSize=50&Page=0";
            page.put("first_page_uri", uri).putNull("next_page_uri").putNull("previous_page_uri").put("page", 0)
                    .put("page_size", 50).put("start", 0).put("end", items.size()).put("uri", uri);
            return ok(page);
        }

        /** The call resource (twilio.com/docs/voice/api/call-resource#call-properties). */
        private static ObjectNode resource(Leg leg, String parentSid, Map<String, String> form) {
            ObjectNode call = JSON.createObjectNode();
            call.put("sid", leg.sid()).put("account_sid", ACCOUNT_SID).put("api_version", "2010-04-01")
                    .put("date_created", rfc2822(Instant.now())).put("date_updated", rfc2822(Instant.now()))
                    .put("status", leg.status()).put("direction", parentSid == null ? "outbound-api" : "outbound-dial")
                    .put("to", form == null ? "" : form.get("To")).put("from", form == null ? "" : form.get("From"))
                    .putNull("answered_by").putNull("caller_name").putNull("forwarded_from").putNull("group_sid")
                    .putNull("price").put("price_unit", "USD").putNull("queue_time").putNull("trunk_sid")
                    .put("uri", "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls/" + leg.sid() + ".json");
            if (parentSid == null) {
                call.putNull("parent_call_sid");
            } else {
                call.put("parent_call_sid", parentSid);
            }
            if (leg.start() == null) {
                call.putNull("start_time");
            } else {
                call.put("start_time", rfc2822(leg.start()));
            }
            if (leg.end() == null) {
                call.putNull("end_time").putNull("duration");
            } else {
                call.put("end_time", rfc2822(leg.end())).put("duration", Long.toString(leg.end().getEpochSecond()
                        - (leg.start() == null ? leg.end() : leg.start()).getEpochSecond()));
            }
            call.putObject("subresource_uris");
            return call;
        }

        private static ResponseDefinition ok(ObjectNode body) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
        }

        /** Twilio's error shape. */
        private static ResponseDefinition error(int status, int code, String message) {
            ObjectNode body = JSON.createObjectNode().put("code", code).put("message", message)
                    .put("more_info", "https://www.twilio.com/docs/errors/" + code).put("status", status);
            return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return BEHAVIOUR;
        }
    }
}
