package app.banter.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import app.banter.telephony.FormBody;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A WireMock server that behaves like the part of Exotel's Voice v1 API the service calls, in its documented shapes
 * (developer.exotel.com/docs/voice-v1/api-reference/connect-two-numbers and /call-details): POST
 * /v1/Accounts/{sid}/Calls/connect.json (form: From, To, CallerId, TimeLimit, TimeOut, StatusCallback...) answers
 * {"Call": {"Sid": ..., "Status": "in-progress", ...}}; GET /v1/Accounts/{sid}/Calls/{CallSid}.json answers the call
 * as the test last set it ({@link #setCall}), with Details.ConversationDuration when asked with details=true. A
 * connect that placed the call can still answer otherwise: its answer lost on the way back
 * ({@link #loseNextConnectAnswer}), a gateway error ({@link #failNextConnectAfterPlacing}), or a 200 that names no
 * call ({@link #answerNextConnectWithoutSid}). Exotel has no hang-up. Requests without our Basic credentials (API key
 * and token) are 401, as Exotel answers. Times are in IST like Exotel's.
 */
public class ExotelStandIn implements QuarkusTestResourceLifecycleManager {

    public static final String ACCOUNT_SID = "local-exotel-sid";
    public static final String API_KEY = "local-exotel-key";
    public static final String API_TOKEN = "local-exotel-token";
    public static final String CALLBACK_TOKEN = "local-exotel-callback-token";
    public static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZONE);

    private static final String BEHAVIOUR = "exotel";
    private static final Pattern CALL = Pattern.compile("/v1/Accounts/([^/]+)/Calls/([^/.]+)\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Placed> CALLS = new HashMap<>();
    /** How the next connect that placed its call is answered instead of with the call; null: with the call. */
    private static final AtomicReference<Function<ObjectNode, ResponseDefinition>> NEXT_CONNECT_ANSWER =
            new AtomicReference<>();
    private static final StandInServer SERVER = new StandInServer("exotel",
            () -> new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")
                    .extensions(new Behaviour())),
            server -> server.stubFor(any(urlPathMatching("/v1/.*"))
                    .willReturn(aResponse().withTransformers(BEHAVIOUR))));

    /** A call as the stand-in keeps it: what it was asked (the form), and where the test says it is. */
    public record Placed(String sid, Map<String, String> form, String status, Instant start, Instant end,
            Integer conversationSeconds) {

        public UUID callId() {
            return UUID.fromString(form.get("CustomField"));
        }
    }

    public static WireMockServer server() {
        return SERVER.get();
    }

    /** The call placed for our call {@code callId}. */
    public static Placed placedFor(UUID callId) {
        synchronized (CALLS) {
            return CALLS.values().stream().filter(p -> callId.toString().equals(p.form().get("CustomField")))
                    .findFirst().orElseThrow(() -> new AssertionError("Exotel was not asked to connect " + callId));
        }
    }

    /** Moves a call at Exotel on, as the network would: its status, and when the bridge started and ended. */
    public static void setCall(String sid, String status, Instant start, Instant end, Integer conversationSeconds) {
        synchronized (CALLS) {
            Placed placed = CALLS.get(sid);
            CALLS.put(sid, new Placed(sid, placed.form(), status, start, end, conversationSeconds));
        }
    }

    /**
     * The next connect request places the call but its answer never reaches us (the connection drops), as when a
     * timeout or a network fault loses Exotel's answer.
     */
    public static void loseNextConnectAnswer() {
        NEXT_CONNECT_ANSWER.set(call -> ResponseDefinitionBuilder.responseDefinition()
                .withFault(Fault.CONNECTION_RESET_BY_PEER).build());
    }

    /**
     * The next connect request places the call but is answered {@code status} (502, 503, 504) with a gateway's error
     * page, as when the load balancer in front of Exotel's API gives up on an API that had already queued the call.
     */
    public static void failNextConnectAfterPlacing(int status) {
        NEXT_CONNECT_ANSWER.set(call -> ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "text/html")
                .withBody("<html><head><title>" + status + "</title></head><body><center><h1>" + status
                        + "</h1></center><hr><center>nginx</center></body></html>")
                .build());
    }

    /** The next connect request places the call and answers 200 with the call resource, its Sid missing. */
    public static void answerNextConnectWithoutSid() {
        NEXT_CONNECT_ANSWER.set(body -> {
            ((ObjectNode) body.get("Call")).remove("Sid");
            return Behaviour.ok(body);
        });
    }

    public static int connectRequests() {
        return (int) server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().contains("/Calls/connect")).count();
    }

    @Override
    public Map<String, String> start() {
        return Map.of("banter.telephony.exotel.base-url", server().baseUrl());
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
                    .encodeToString((API_KEY + ":" + API_TOKEN).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(request.getHeader("Authorization"))) {
                return error(401, "Authentication is required to view this resource.");
            }
            String path = request.getUrl().replaceFirst("\\?.*", "");
            if (!path.startsWith("/v1/Accounts/" + ACCOUNT_SID + "/")) {
                return error(403, "Forbidden");
            }
            synchronized (CALLS) {
                if (request.getMethod().getName().equals("POST") && path.endsWith("/Calls/connect.json")) {
                    return connect(FormBody.parse(request.getBody()));
                }
                Matcher call = CALL.matcher(path);
                if (request.getMethod().getName().equals("GET") && call.matches()) {
                    Placed placed = CALLS.get(call.group(2));
                    return placed == null ? error(404, "Call not found")
                            : ok(call(placed, request.getUrl().contains("details=true")));
                }
                return error(404, "Not found");
            }
        }

        private static ResponseDefinition connect(Map<String, String> form) {
            List<String> missing = new ArrayList<>();
            for (String field : List.of("From", "To", "CallerId")) {
                if (form.getOrDefault(field, "").isBlank()) {
                    missing.add(field);
                }
            }
            if (!missing.isEmpty()) {
                return error(400, "Missing parameter " + missing.get(0));
            }
            String sid = UUID.randomUUID().toString().replace("-", "");
            Placed placed = new Placed(sid, form, "in-progress", null, null, null);
            CALLS.put(sid, placed);
            Function<ObjectNode, ResponseDefinition> answer = NEXT_CONNECT_ANSWER.getAndSet(null);
            return answer == null ? ok(call(placed, false)) : answer.apply(call(placed, false));
        }

        private static ObjectNode call(Placed placed, boolean details) {
            ObjectNode body = JSON.createObjectNode();
            ObjectNode call = body.putObject("Call");
            Instant created = Instant.now();
            call.put("Sid", placed.sid()).putNull("ParentCallSid").put("DateCreated", TIME.format(created))
                    .put("DateUpdated", TIME.format(Instant.now())).put("AccountSid", ACCOUNT_SID)
                    .put("To", placed.form().get("To")).put("From", placed.form().get("From"))
                    .put("PhoneNumberSid", placed.form().get("CallerId")).put("Status", placed.status())
                    .put("StartTime", TIME.format(placed.start() == null ? created : placed.start()));
            if (placed.end() == null) {
                call.putNull("EndTime").putNull("Duration").putNull("Price");
            } else {
                call.put("EndTime", TIME.format(placed.end())).put("Duration",
                        Long.toString(placed.end().getEpochSecond() - (placed.start() == null ? placed.end()
                                : placed.start()).getEpochSecond())).put("Price", "1.500");
            }
            call.put("Direction", "outbound-api").putNull("AnsweredBy").putNull("RecordingUrl")
                    .put("Uri", "/v1/Accounts/" + ACCOUNT_SID + "/Calls/" + placed.sid() + ".json");
            if (details) {
                ObjectNode detail = call.putObject("Details");
                detail.put("ConversationDuration", placed.conversationSeconds() == null ? 0
                        : placed.conversationSeconds());
                detail.put("Leg1Status", placed.status()).put("Leg2Status", placed.status());
            }
            return body;
        }

        private static ResponseDefinition ok(ObjectNode body) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
        }

        private static ResponseDefinition error(int status, String message) {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("RestException").put("Status", status).put("Message", message);
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
