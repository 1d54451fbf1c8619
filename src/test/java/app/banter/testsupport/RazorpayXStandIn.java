package app.banter.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A WireMock server that behaves like the part of RazorpayX the service calls, in RazorpayX's documented shapes
 * (razorpay.com/docs/api/x/: contacts/create, fund-accounts/create/vpa and /bank-account, payouts/create/vpa and
 * /bank-account, payouts/fetch-with-id, payouts/fetch-all, payout-idempotency/make-request). It keeps state like
 * RazorpayX: the same contact or fund account details return the existing one; POST /v1/payouts needs
 * X-Payout-Idempotency and answers the same key with the same body by the payout it made first (a different body is a
 * 400); GET /v1/payouts needs account_number and filters by reference_id; a payout starts "processing" and tests move
 * it on ({@link #setStatus}); requests without our Basic credentials are 401. Tests count the payouts it made and the
 * requests it received.
 */
public class RazorpayXStandIn implements QuarkusTestResourceLifecycleManager {

    public static final String KEY_ID = "rzp_test_banterlocal";
    public static final String KEY_SECRET = "local-key-secret";
    public static final String WEBHOOK_SECRET = "local-razorpayx-webhook-secret";
    public static final String ACCOUNT_NUMBER = "7878780080316316";

    private static final String BEHAVIOUR = "razorpayx";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final State STATE = new State();
    private static final StandInServer SERVER = new StandInServer("razorpayx",
            () -> new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")
                    .extensions(new Behaviour())),
            server -> resetToDefaults());

    /** A payout as the stand-in keeps it. */
    public record MadePayout(String id, String idempotencyKey, JsonNode request, String status) {

        public String referenceId() {
            return request.path("reference_id").asText();
        }
    }

    public static WireMockServer server() {
        return SERVER.get();
    }

    /** Answers every call; forgets nothing it made (ids stay valid across tests), only the request log and faults. */
    public static void resetToDefaults() {
        WireMockServer wm = server();
        wm.resetAll();
        wm.stubFor(any(urlPathMatching("/v1/.*")).willReturn(aResponse().withTransformers(BEHAVIOUR)));
        synchronized (STATE) {
            STATE.unavailable = false;
            STATE.delayMillis = 0;
            STATE.payoutAnswerDelayMillis = 0;
        }
    }

    /** While true, every call answers 503 as RazorpayX does when it is down. */
    public static void unavailable(boolean down) {
        synchronized (STATE) {
            STATE.unavailable = down;
        }
    }

    /** RazorpayX taking its time, so that requests racing for one payout overlap. */
    public static void answerAfter(int millis) {
        synchronized (STATE) {
            STATE.delayMillis = millis;
        }
    }

    /**
     * POST /v1/payouts makes the payout as usual and answers only after {@code millis}: past our timeout, the caller
     * cannot tell whether the payout was made.
     */
    public static void answerPayoutsLate(int millis) {
        synchronized (STATE) {
            STATE.payoutAnswerDelayMillis = millis;
        }
    }

    /**
     * Until the next reset, POST /v1/payouts makes nothing and answers {@code status} in RazorpayX's error shape: a 400
     * as for a different body under a key used before, a 401 after a key rotation, a 503 when it is down.
     */
    public static void answerPayoutCreationWith(int status, String description) {
        server().stubFor(post(urlPathEqualTo("/v1/payouts")).atPriority(1).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(errorBody(status, description, null))));
    }

    /** Moves a payout at RazorpayX to {@code status} (processed, reversed, failed...), as the bank's answers would. */
    public static void setStatus(String payoutId, String status) {
        synchronized (STATE) {
            MadePayout payout = STATE.payouts.get(payoutId);
            STATE.payouts.put(payoutId, new MadePayout(payout.id(), payout.idempotencyKey(), payout.request(), status));
        }
    }

    /** The payouts made with this reference_id (our payout id): one, however often it was asked for. */
    public static List<MadePayout> payoutsWithReference(UUID reference) {
        synchronized (STATE) {
            return STATE.payouts.values().stream().filter(p -> p.referenceId().equals(reference.toString())).toList();
        }
    }

    public static Optional<MadePayout> payout(String payoutId) {
        synchronized (STATE) {
            return Optional.ofNullable(STATE.payouts.get(payoutId));
        }
    }

    /** The JSON of this payout as RazorpayX returns it, fetches it and sends it in webhooks. */
    public static ObjectNode payoutEntity(MadePayout payout) {
        ObjectNode entity = JSON.createObjectNode();
        JsonNode request = payout.request();
        entity.put("id", payout.id()).put("entity", "payout")
                .put("fund_account_id", request.path("fund_account_id").asText())
                .put("amount", request.path("amount").asLong()).put("currency", request.path("currency").asText())
                .put("fees", 0).put("tax", 0).put("status", payout.status()).putNull("utr")
                .put("mode", request.path("mode").asText()).put("purpose", request.path("purpose").asText())
                .put("reference_id", payout.referenceId()).put("narration", request.path("narration").asText())
                .putNull("batch_id").put("created_at", 1_795_440_000L);
        entity.putObject("notes");
        if ("failed".equals(payout.status()) || "reversed".equals(payout.status())) {
            entity.putObject("status_details").put("description", "Beneficiary bank is offline")
                    .put("source", "beneficiary_bank").put("reason", "beneficiary_bank_offline");
        } else {
            entity.putNull("status_details");
        }
        return entity;
    }

    private static final class State {
        final Map<String, String> contacts = new HashMap<>();
        final Map<String, String> fundAccounts = new HashMap<>();
        final Map<String, MadePayout> payouts = new HashMap<>();
        final Map<String, String> payoutByKey = new HashMap<>();
        boolean unavailable;
        int delayMillis;
        int payoutAnswerDelayMillis;
    }

    private static final class Behaviour implements ResponseDefinitionTransformerV2 {

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            String expected = "Basic " + Base64.getEncoder()
                    .encodeToString((KEY_ID + ":" + KEY_SECRET).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(request.getHeader("Authorization"))) {
                return error(401, "The api key provided is invalid", null);
            }
            int delay;
            synchronized (STATE) {
                if (STATE.unavailable) {
                    return error(503, "The server is currently unable to handle the request", null);
                }
                delay = STATE.delayMillis;
            }
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String path = request.getUrl().replaceFirst("\\?.*", "");
            ResponseDefinition answer;
            int answerDelay;
            synchronized (STATE) {
                answer = answer(request, path);
                answerDelay = request.getMethod().getName().equals("POST") && path.equals("/v1/payouts")
                        ? STATE.payoutAnswerDelayMillis : 0;
            }
            if (answerDelay > 0) {
                try {
                    Thread.sleep(answerDelay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return answer;
        }

        private static ResponseDefinition answer(Request request, String path) {
            try {
                if (request.getMethod().getName().equals("POST")) {
                    JsonNode body = JSON.readTree(request.getBodyAsString());
                    return switch (path) {
                        case "/v1/contacts" -> contact(body);
                        case "/v1/fund_accounts" -> fundAccount(body);
                        case "/v1/payouts" -> payout(request.getHeader("X-Payout-Idempotency"), body);
                        default -> error(404, "The requested URL was not found on the server.", null);
                    };
                }
                if (path.equals("/v1/payouts")) {
                    return payouts(request.queryParameter("account_number"), request.queryParameter("reference_id"));
                }
                if (path.startsWith("/v1/payouts/")) {
                    MadePayout payout = STATE.payouts.get(path.substring("/v1/payouts/".length()));
                    return payout == null ? error(400, "The id provided does not exist", "id")
                            : ok(payoutEntity(payout));
                }
                return error(404, "The requested URL was not found on the server.", null);
            } catch (java.io.IOException e) {
                return error(400, "The request body is not valid JSON", null);
            }
        }

        /** Fetch All Payouts: from one of our accounts (account_number is required), of one reference_id if given. */
        private static ResponseDefinition payouts(QueryParameter account, QueryParameter reference) {
            if (!account.isPresent() || account.firstValue().isEmpty()) {
                return error(400, "The account number field is required.", "account_number");
            }
            ObjectNode collection = JSON.createObjectNode().put("entity", "collection");
            ArrayNode items = collection.putArray("items");
            STATE.payouts.values().stream()
                    .filter(p -> p.request().path("account_number").asText().equals(account.firstValue()))
                    .filter(p -> !reference.isPresent() || p.referenceId().equals(reference.firstValue()))
                    .forEach(p -> items.add(payoutEntity(p)));
            collection.put("count", items.size());
            return ok(collection);
        }

        private static ResponseDefinition contact(JsonNode body) {
            String name = body.path("name").asText("");
            if (name.length() < 3 || name.length() > 50) {
                return error(400, "The name field is invalid.", "name");
            }
            String details = name + "|" + body.path("type").asText() + "|" + body.path("reference_id").asText();
            String id = STATE.contacts.computeIfAbsent(details, d -> newId("cont_"));
            ObjectNode contact = JSON.createObjectNode().put("id", id).put("entity", "contact").put("name", name)
                    .putNull("contact").putNull("email").put("type", body.path("type").asText())
                    .put("reference_id", body.path("reference_id").asText()).putNull("batch_id").put("active", true)
                    .put("created_at", Instant.now().getEpochSecond());
            contact.set("notes", body.path("notes").isObject() ? body.path("notes") : JSON.createObjectNode());
            return ok(contact);
        }

        private static ResponseDefinition fundAccount(JsonNode body) {
            String type = body.path("account_type").asText();
            ObjectNode account = JSON.createObjectNode().put("entity", "fund_account")
                    .put("contact_id", body.path("contact_id").asText()).put("account_type", type);
            String details;
            if ("vpa".equals(type)) {
                String address = body.path("vpa").path("address").asText();
                if (!address.contains("@")) {
                    return error(400, "Invalid VPA. Please enter a valid Virtual Payment Address", "address");
                }
                details = address;
                account.putObject("vpa").put("username", address.substring(0, address.indexOf('@')))
                        .put("handle", address.substring(address.indexOf('@') + 1)).put("address", address);
            } else if ("bank_account".equals(type)) {
                JsonNode bank = body.path("bank_account");
                if (bank.path("ifsc").asText().startsWith("XXXX")) {
                    return error(400, "Invalid IFSC Code in Bank Account", "ifsc");
                }
                details = bank.path("ifsc").asText() + "|" + bank.path("account_number").asText();
                account.putObject("bank_account").put("ifsc", bank.path("ifsc").asText()).put("bank_name", "HDFC Bank")
                        .put("name", bank.path("name").asText())
                        .put("account_number", bank.path("account_number").asText()).putArray("notes");
            } else {
                return error(400, "The account type field is invalid.", "account_type");
            }
            String id = STATE.fundAccounts.computeIfAbsent(body.path("contact_id").asText() + "|" + details,
                    d -> newId("fa_"));
            account.put("id", id).put("active", true).putNull("batch_id")
                    .put("created_at", Instant.now().getEpochSecond());
            return ok(account);
        }

        private static ResponseDefinition payout(String key, JsonNode body) {
            if (key == null || key.length() < 4 || key.length() > 36) {
                return error(400, "Idempotency key is missing. Include idempotency header and key in the request.",
                        "X-Payout-Idempotency");
            }
            List<String> missing = new ArrayList<>();
            for (String field : List.of("account_number", "fund_account_id", "amount", "currency", "mode", "purpose")) {
                if (!body.hasNonNull(field)) {
                    missing.add(field);
                }
            }
            if (!missing.isEmpty()) {
                return error(400, "The " + missing.get(0) + " field is required.", missing.get(0));
            }
            if (!ACCOUNT_NUMBER.equals(body.path("account_number").asText())
                    || body.path("amount").asLong() < 100) {
                return error(400, "The account number or amount is invalid.", "account_number");
            }
            String earlier = STATE.payoutByKey.get(key);
            if (earlier != null) {
                MadePayout made = STATE.payouts.get(earlier);
                if (!made.request().equals(body)) {
                    return error(400, "Different request body sent for the same idempotency header", null);
                }
                return ok(payoutEntity(made));
            }
            MadePayout made = new MadePayout(newId("pout_"), key, body, "processing");
            STATE.payouts.put(made.id(), made);
            STATE.payoutByKey.put(key, made.id());
            return ok(payoutEntity(made));
        }

        private static ResponseDefinition ok(JsonNode body) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
        }

        private static ResponseDefinition error(int status, String description, String field) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeader("Content-Type", "application/json").withBody(errorBody(status, description, field))
                    .build();
        }

        private static String newId(String prefix) {
            return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
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

    /** RazorpayX's error shape. */
    private static String errorBody(int status, String description, String field) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", status >= 500 ? "SERVER_ERROR" : "BAD_REQUEST_ERROR").put("description", description)
                .put("source", "business").putNull("step").put("reason", "input_validation_failed");
        error.putObject("metadata");
        if (field == null) {
            error.putNull("field");
        } else {
            error.put("field", field);
        }
        return body.toString();
    }

    @Override
    public Map<String, String> start() {
        return Map.of("banter.razorpayx.base-url", server().baseUrl(),
                "banter.razorpayx.key-id", KEY_ID,
                "banter.razorpayx.key-secret", KEY_SECRET,
                "banter.razorpayx.webhook-secret", WEBHOOK_SECRET,
                "banter.razorpayx.account-number", ACCOUNT_NUMBER);
    }

    @Override
    public void stop() {
        SERVER.stop();
    }
}
