package app.banter.platform.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.call.CallFixture;
import app.banter.call.CallFixture.Party;
import app.banter.testsupport.ContractRecorder;
import app.banter.testsupport.FirebaseTestClient;
import app.banter.testsupport.KycFixture;
import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.OpenApiDocument;
import app.banter.testsupport.OpenApiDocument.Operation;
import app.banter.testsupport.RazorpayStandIn;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.Uploads;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Keeps /q/openapi exact: the rules every operation follows, and the service's real answers on its main flows
 * checked against the document (status declared, media type, body valid against the schema).
 */
@QuarkusTest
class OpenApiContractTest {

    /** POSTs that create something and answer 201 (friend requests answer 200 when they complete a pair instead). */
    private static final Set<String> CREATING = Set.of("POST /api/v1/auth/register", "POST /api/v1/messages",
            "POST /api/v1/calls", "POST /api/v1/reports", "POST /api/v1/me/devices", "POST /api/v1/subscriptions",
            "POST /api/v1/friend-requests", "POST /api/v1/realtime/tickets");

    private static final Set<String> EXERCISED = new ConcurrentSkipListSet<>();
    private static OpenApiDocument document;

    @Inject
    CallFixture calls;

    private ContractRecorder contract;

    @BeforeEach
    void recordEveryResponse() {
        if (document == null) {
            document = new OpenApiDocument(given().queryParam("format", "json").get("/q/openapi").then()
                    .statusCode(200).extract().asString());
        }
        contract = new ContractRecorder(document);
        RestAssured.filters(contract);
    }

    @AfterEach
    void everyResponseMatchedTheDocument() {
        RestAssured.reset();
        EXERCISED.addAll(contract.exercised());
        assertThat(contract.mismatches()).as("responses that do not match /q/openapi").isEmpty();
    }

    @AfterAll
    static void everyOperationWasDriven() {
        if (document == null) {
            return;
        }
        List<String> missing = document.operations().stream().map(Operation::toString)
                .filter(op -> !EXERCISED.contains(op)).sorted().toList();
        assertThat(missing).as("operations no flow here exercised").isEmpty();
    }

    @Test
    void everyOperationDeclaresWhatTheServiceSends() {
        JsonNode root = document.root();
        Set<String> schemes = new HashSet<>();
        root.path("components").path("securitySchemes").fieldNames().forEachRemaining(schemes::add);
        List<String> broken = new ArrayList<>();
        for (Operation op : document.operations()) {
            JsonNode responses = op.node().path("responses");
            boolean secured = false;
            for (JsonNode requirement : op.node().path("security")) {
                for (var names = requirement.fieldNames(); names.hasNext();) {
                    String scheme = names.next();
                    secured = true;
                    if (!schemes.contains(scheme)) {
                        broken.add(op + " names the undeclared security scheme '" + scheme + "'");
                    }
                }
            }
            if (secured && !responses.has("401")) {
                broken.add(op + " is secured but does not declare 401");
            }
            boolean hasPathParameter = false;
            for (JsonNode parameter : op.node().path("parameters")) {
                hasPathParameter |= "path".equals(parameter.path("in").asText());
            }
            if (hasPathParameter && !responses.has("404")) {
                broken.add(op + " names something by path but does not declare 404");
            }
            if ((op.node().has("requestBody") || op.node().has("parameters")) && !responses.has("400")) {
                broken.add(op + " takes input but does not declare 400");
            }
            if (CREATING.contains(op.toString()) && !responses.has("201")) {
                broken.add(op + " answers 201 but does not declare it");
            }
            JsonNode body = op.node().path("requestBody").path("content").path("application/json").path("schema");
            if (!body.isMissingNode() && "object".equals(document.resolve(body).path("type").asText())
                    && document.resolve(body).path("additionalProperties").asBoolean(true)) {
                broken.add(op + " refuses unknown properties but its request schema allows them");
            }
            responses.properties().forEach(response -> {
                String status = response.getKey();
                JsonNode content = response.getValue().path("content");
                if (status.startsWith("2")) {
                    if (!"204".equals(status) && !content.path("application/json").has("schema")) {
                        broken.add(op + " " + status + " has no JSON schema");
                    }
                } else if (!problemSchema(content.path("application/problem+json").path("schema"))
                        || content.size() != 1) {
                    broken.add(op + " " + status + " is not an application/problem+json Problem");
                }
            });
            if (!responses.has("200") && !responses.has("201") && !responses.has("204")) {
                broken.add(op + " declares no success");
            }
        }
        assertThat(broken).isEmpty();
    }

    /** The Problem schema, or (for a status with known codes) Problem with its code limited to them. */
    private static boolean problemSchema(JsonNode schema) {
        String problem = "#/components/schemas/Problem";
        return problem.equals(schema.path("$ref").asText())
                || problem.equals(schema.path("allOf").path(0).path("$ref").asText());
    }

    @Test
    void signInRegisterRefreshLogout() {
        TestUser me = TestUsers.register();
        TestUsers.signIn(FirebaseTestClient.phoneIdToken(me.phone())).statusCode(200);
        TestUsers.signIn("not-a-token").statusCode(401);
        String ticket = TestUsers.signIn(FirebaseTestClient.phoneIdToken(TestUsers.randomPhone())).statusCode(200)
                .extract().path("registrationTicket");
        Map<String, Object> taken = new HashMap<>(TestUsers.registration(ticket, me.username()));
        given().contentType(ContentType.JSON).body(taken).post("/api/v1/auth/register").then().statusCode(409);
        taken.put("coins", 1_000_000);
        given().contentType(ContentType.JSON).body(taken).post("/api/v1/auth/register").then().statusCode(400);

        String rotated = given().contentType(ContentType.JSON).body(Map.of("refreshToken", me.refreshToken()))
                .post("/api/v1/auth/refresh").then().statusCode(200).extract().path("accessToken");
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", me.refreshToken()))
                .post("/api/v1/auth/refresh").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("phoneNumber", "+919000000001"))
                .post("/api/v1/auth/dev-login").then().statusCode(404);
        given().auth().oauth2(rotated).post("/api/v1/auth/logout").then().statusCode(401);
        TestUser other = TestUsers.register();
        given().auth().oauth2(other.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);

        // A ban outlives the account: the phone's next registration is refused. The ban is written directly, as a
        // moderator's would also end the session that deletes the account.
        TestUser banned = TestUsers.register();
        QuarkusTransaction.requiringNew().run(() -> Arc.container().instance(EntityManager.class).get()
                .createNativeQuery("insert into user_standings (user_id, status, reason, since) "
                        + "values (?1, 'BANNED', 'threats', now())")
                .setParameter(1, banned.id()).executeUpdate());
        banned.request().delete("/api/v1/me").then().statusCode(204);
        String again = TestUsers.signIn(FirebaseTestClient.phoneIdToken(banned.phone())).statusCode(200).extract()
                .path("registrationTicket");
        given().contentType(ContentType.JSON).body(TestUsers.registration(again, TestUsers.randomUsername()))
                .post("/api/v1/auth/register").then().statusCode(403).body("code", equalTo("ACCOUNT_BANNED"));
    }

    @Test
    void profileDevicesPrivacyAndUsers() {
        TestUser me = TestUsers.register();
        TestUser other = TestUsers.register();
        given().get("/api/v1/me").then().statusCode(401);
        me.request().get("/api/v1/me").then().statusCode(200);
        me.request().body(Map.of("bio", "Chai and cricket")).patch("/api/v1/me").then().statusCode(200);
        me.request().body(Map.of("phone", "+919999999999")).patch("/api/v1/me").then().statusCode(400);
        String deviceId = me.request().body(Map.of("fcmToken", "fcm-" + UUID.randomUUID(), "platform", "ANDROID"))
                .post("/api/v1/me/devices").then().statusCode(201).extract().path("id");
        me.request().get("/api/v1/me/devices").then().statusCode(200);
        me.request().delete("/api/v1/me/devices/" + deviceId).then().statusCode(204);
        me.request().delete("/api/v1/me/devices/" + deviceId).then().statusCode(404);
        me.request().get("/api/v1/me/privacy").then().statusCode(200);
        me.request().body(Map.of("dmsOpenToEveryone", true)).put("/api/v1/me/privacy").then().statusCode(200);

        me.request().get("/api/v1/users/" + other.id()).then().statusCode(200);
        me.request().get("/api/v1/users/" + UUID.randomUUID()).then().statusCode(404);
        me.request().queryParam("q", other.username()).get("/api/v1/users").then().statusCode(200);
        me.request().queryParam("q", "u").queryParam("limit", 1).get("/api/v1/users").then().statusCode(200);
        me.request().queryParam("q", "u").queryParam("limit", 101).get("/api/v1/users").then().statusCode(400);
        given().queryParam("username", "free_" + UUID.randomUUID().toString().substring(0, 8))
                .get("/api/v1/users/username-availability").then().statusCode(200);
        given().queryParam("username", "!").get("/api/v1/users/username-availability").then().statusCode(400);

        other.request().delete("/api/v1/me").then().statusCode(204);
        me.request().get("/api/v1/users/" + other.id()).then().statusCode(404);
    }

    @Test
    void friendsBlocksAndReports() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        TestUser meera = TestUsers.register();
        String requestId = asha.request().body(Map.of("recipientId", ravi.id(), "message", "Hi!"))
                .post("/api/v1/friend-requests").then().statusCode(201).extract().path("id");
        asha.request().body(Map.of("recipientId", ravi.id())).post("/api/v1/friend-requests").then().statusCode(409);
        asha.request().get("/api/v1/friend-requests/outgoing").then().statusCode(200);
        ravi.request().get("/api/v1/friend-requests/incoming").then().statusCode(200);
        ravi.request().post("/api/v1/friend-requests/" + requestId + "/accept").then().statusCode(200);
        ravi.request().post("/api/v1/friend-requests/" + requestId + "/reject").then().statusCode(409);
        asha.request().get("/api/v1/friends").then().statusCode(200);
        asha.request().delete("/api/v1/friends/" + ravi.id()).then().statusCode(204);
        asha.request().delete("/api/v1/friends/" + ravi.id()).then().statusCode(404);

        String toMeera = asha.request().body(Map.of("recipientId", meera.id())).post("/api/v1/friend-requests")
                .then().statusCode(201).extract().path("id");
        asha.request().post("/api/v1/friend-requests/" + toMeera + "/cancel").then().statusCode(200);
        String fromMeera = meera.request().body(Map.of("recipientId", asha.id())).post("/api/v1/friend-requests")
                .then().statusCode(201).extract().path("id");
        asha.request().post("/api/v1/friend-requests/" + fromMeera + "/reject").then().statusCode(200);
        asha.request().post("/api/v1/friend-requests/" + UUID.randomUUID() + "/accept").then().statusCode(404);

        asha.request().put("/api/v1/blocks/" + meera.id()).then().statusCode(204);
        asha.request().get("/api/v1/blocks").then().statusCode(200);
        asha.request().delete("/api/v1/blocks/" + meera.id()).then().statusCode(204);
        asha.request().delete("/api/v1/blocks/" + meera.id()).then().statusCode(404);

        asha.request().body(Map.of("targetType", "USER", "targetId", meera.id(), "reason", "SPAM"))
                .post("/api/v1/reports").then().statusCode(201);
        asha.request().body(Map.of("targetType", "USER", "targetId", UUID.randomUUID(), "reason", "SPAM"))
                .post("/api/v1/reports").then().statusCode(404);
    }

    @Test
    void directMessages() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        TestUser stranger = TestUsers.register();
        Social.befriend(asha, ravi);
        String conversationId = Social.message(asha, ravi, "Namaste").getString("conversationId");
        String reply = ravi.request().body(Map.of("recipientId", asha.id(), "text", "Hello")).post("/api/v1/messages")
                .then().statusCode(201).extract().path("id");
        ravi.request().body(Map.of("text", "Hello!")).patch("/api/v1/messages/" + reply).then().statusCode(200);
        ravi.request().body(Map.of("text", "x".repeat(1001))).patch("/api/v1/messages/" + reply).then()
                .statusCode(400).body("code", equalTo("MESSAGE_TOO_LONG"));
        asha.request().get("/api/v1/conversations").then().statusCode(200);
        asha.request().get("/api/v1/conversations/" + conversationId + "/messages").then().statusCode(200);
        stranger.request().get("/api/v1/conversations/" + conversationId + "/messages").then().statusCode(404);
        asha.request().body(Map.of("messageId", reply)).post("/api/v1/conversations/" + conversationId + "/read")
                .then().statusCode(200);
        ravi.request().delete("/api/v1/messages/" + reply).then().statusCode(204);
        ravi.request().delete("/api/v1/messages/" + reply).then().statusCode(204);
        ravi.request().body(Map.of("text", "again")).patch("/api/v1/messages/" + reply).then().statusCode(409);
        asha.request().delete("/api/v1/messages/" + reply).then().statusCode(404);
        stranger.request().body(Map.of("recipientId", asha.id(), "text", "hi")).post("/api/v1/messages").then()
                .statusCode(403);
        asha.request().get("/api/v1/conversations").then().statusCode(200);
    }

    @Test
    void walletPaymentsAndPremium() {
        TestUser me = TestUsers.register();
        me.request().get("/api/v1/wallet").then().statusCode(200);
        me.request().get("/api/v1/wallet/transactions").then().statusCode(200);
        me.request().queryParam("cursor", "%%%").get("/api/v1/wallet/transactions").then().statusCode(400);
        me.request().get("/api/v1/payments/packages").then().statusCode(200);
        var order = me.request().header("Idempotency-Key", "key-" + UUID.randomUUID())
                .body(Map.of("packageId", "coins-100")).post("/api/v1/payments/orders").then().statusCode(200);
        String orderId = order.extract().path("orderId");
        String purchaseId = order.extract().path("purchaseId");
        me.request().get("/api/v1/payments/purchases/" + purchaseId).then().statusCode(200);
        String paymentId = "pay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        me.request().body(Map.of("orderId", orderId, "paymentId", paymentId,
                "signature", hmacSha256Hex(orderId + "|" + paymentId, RazorpayStandIn.KEY_SECRET)))
                .post("/api/v1/payments/verify").then().statusCode(200);
        me.request().body(Map.of("orderId", orderId, "paymentId", paymentId, "signature", "0".repeat(64)))
                .post("/api/v1/payments/verify").then().statusCode(400);
        me.request().get("/api/v1/payments/purchases").then().statusCode(200);
        me.request().get("/api/v1/payments/purchases/" + UUID.randomUUID()).then().statusCode(404);
        me.request().get("/api/v1/wallet/transactions").then().statusCode(200);

        String subscriptionId = me.request().body(Map.of("plan", "monthly")).post("/api/v1/subscriptions").then()
                .statusCode(201).extract().path("id");
        me.request().body(Map.of("plan", "lifetime")).post("/api/v1/subscriptions").then().statusCode(400);
        me.request().get("/api/v1/subscriptions").then().statusCode(200);
        me.request().post("/api/v1/subscriptions/" + subscriptionId + "/cancel").then().statusCode(200);
        me.request().post("/api/v1/subscriptions/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
    }

    @Test
    void callsPresenceAndTickets() {
        // A pair per call: an ended call frees its parties asynchronously, and the next call must not race that.
        try (Party caller = calls.online(); Party callee = calls.online()) {
            String cancelled = calls.start(caller, callee, "VIDEO");
            callee.user().request().post("/api/v1/calls/" + cancelled + "/cancel").then().statusCode(403);
            caller.user().request().post("/api/v1/calls/" + cancelled + "/cancel").then().statusCode(200);
            caller.user().request().post("/api/v1/calls/" + cancelled + "/cancel").then().statusCode(409);
        }
        try (Party caller = calls.online(); Party callee = calls.online()) {
            String rejected = calls.start(caller, callee, "AUDIO");
            callee.user().request().post("/api/v1/calls/" + rejected + "/reject").then().statusCode(200);
            callee.user().request().post("/api/v1/calls/" + rejected + "/accept").then().statusCode(409);
        }
        try (Party caller = calls.online(); Party callee = calls.online()) {
            Social.befriend(caller.user(), callee.user());
            caller.user().request().body(Map.of("calleeId", callee.user().id(), "type", "AUDIO", "carrier", "PHONE"))
                    .post("/api/v1/calls").then().statusCode(400).body("code", equalTo("PHONE_CALLS_DISABLED"));
            UUID answered = calls.connected(caller, callee, "AUDIO");
            caller.user().request().get("/api/v1/calls/" + answered).then().statusCode(200);
            caller.user().request().body(Map.of("calleeId", callee.user().id(), "type", "AUDIO"))
                    .post("/api/v1/calls").then().statusCode(409);
            callee.user().request().post("/api/v1/calls/" + answered + "/end").then().statusCode(200);
            caller.user().request().get("/api/v1/calls").then().statusCode(200);
            caller.user().request().get("/api/v1/calls/" + UUID.randomUUID()).then().statusCode(404);

            caller.user().request().queryParam("userIds", callee.user().id() + "," + caller.user().id())
                    .get("/api/v1/presence").then().statusCode(200);
            caller.user().request().get("/api/v1/presence").then().statusCode(400);
            caller.user().request().post("/api/v1/realtime/tickets").then().statusCode(201);
        }
    }

    @Test
    void matchingQueueSkipAndRating() {
        Map<String, Object> join = Map.of("languages", List.of("en"), "interests", List.of("music"), "mode", "AUDIO");
        TestUser offline = TestUsers.register();
        offline.request().body(join).post("/api/v1/matching/queue").then().statusCode(409);
        try (Party waiting = calls.online()) {
            TestUser me = waiting.user();
            me.request().body(join).post("/api/v1/matching/queue").then().statusCode(200);
            me.request().get("/api/v1/matching/queue").then().statusCode(200);
            me.request().delete("/api/v1/matching/queue").then().statusCode(204);
            me.request().body(Map.of("languages", List.of())).post("/api/v1/matching/queue").then().statusCode(400);
            me.request().post("/api/v1/matching/calls/" + UUID.randomUUID() + "/skip").then().statusCode(404);
            me.request().body(Map.of("stars", 5)).post("/api/v1/matching/calls/" + UUID.randomUUID() + "/rating")
                    .then().statusCode(404);
        }
    }

    @Test
    void moderation() {
        TestUser reporter = TestUsers.register();
        TestUser troll = TestUsers.register();
        String reportId = reporter.request()
                .body(Map.of("targetType", "USER", "targetId", troll.id(), "reason", "HARASSMENT"))
                .post("/api/v1/reports").then().statusCode(201).extract().path("id");
        reporter.request().get("/api/v1/moderation/reports").then().statusCode(403);
        TestUser moderator = TestUsers.moderator();
        moderator.request().get("/api/v1/moderation/reports").then().statusCode(200);
        moderator.request().body(Map.of("resolution", "ACTIONED", "note", "warned"))
                .post("/api/v1/moderation/reports/" + reportId + "/resolve").then().statusCode(200);
        moderator.request().body(Map.of("resolution", "DISMISSED"))
                .post("/api/v1/moderation/reports/" + reportId + "/resolve").then().statusCode(409);
        String users = "/api/v1/moderation/users/" + troll.id();
        moderator.request().body(Map.of("reason", "spam")).post(users + "/lift").then().statusCode(409);
        moderator.request().body(Map.of("reason", "spam")).post(users + "/restrict").then().statusCode(200);
        moderator.request().body(Map.of("reason", "threats")).post(users + "/ban").then().statusCode(200);
        moderator.request().body(Map.of("reason", "appeal")).post(users + "/lift").then().statusCode(200);
        moderator.request().body(Map.of("reason", "x")).post("/api/v1/moderation/users/" + UUID.randomUUID()
                + "/ban").then().statusCode(404);
    }

    @Test
    void providerWebhooksRefuseWhatTheyCannotVerify() {
        given().contentType(ContentType.JSON).header("X-Razorpay-Signature", "0".repeat(64))
                .header("x-razorpay-event-id", "evt_contract").body("{\"event\":\"payment.captured\"}")
                .post("/api/v1/webhooks/razorpay").then().statusCode(401);
        given().contentType("application/webhook+json").header("Authorization", "not-a-jwt")
                .body("{\"event\":\"room_finished\"}").post("/api/v1/webhooks/livekit").then().statusCode(401);
        // Phone calls: Exotel's callback URL carries our token, Twilio's is signed.
        given().contentType(ContentType.JSON).body("{\"CallSid\":\"c1\",\"Status\":\"busy\"}")
                .post("/api/v1/webhooks/exotel/not-our-token").then().statusCode(401);
        given().contentType(ContentType.URLENC).header("X-Twilio-Signature", "bm90LWEtc2lnbmF0dXJl")
                .formParam("CallSid", "CA1").formParam("CallStatus", "busy").post("/api/v1/webhooks/twilio")
                .then().statusCode(401);
    }

    @Test
    void giftsAndRoomChat() {
        try (Party caller = calls.online(); Party callee = calls.online()) {
            callee.user().request().get("/api/v1/gifts").then().statusCode(200);
            UUID callId = calls.connected(caller, callee, "AUDIO");
            Map<String, Object> rose = Map.of("giftId", "rose", "receiverId", caller.user().id(), "callId", callId);
            callee.user().request().header("Idempotency-Key", "contract-" + callId).body(rose)
                    .post("/api/v1/gifts/sent").then().statusCode(200);
            Map<String, Object> rocket = Map.of("giftId", "rocket", "receiverId", caller.user().id(), "callId",
                    callId);
            callee.user().request().header("Idempotency-Key", "contract-rocket-" + callId).body(rocket)
                    .post("/api/v1/gifts/sent").then().statusCode(402);
            callee.user().request().header("Idempotency-Key", "contract-" + callId).body(rocket)
                    .post("/api/v1/gifts/sent").then().statusCode(409);
            callee.user().request().get("/api/v1/gifts/sent").then().statusCode(200);
            caller.user().request().get("/api/v1/gifts/received").then().statusCode(200);
        }
        TestUser host = TestUsers.register();
        TestUser listener = TestUsers.register();
        Map<String, Object> room = Map.of("title", "Contract room", "category", "music", "language", "hi",
                "capacity", 10, "visibility", "PUBLIC");
        String rooms = "/api/v1/rooms/" + host.request().body(room).post("/api/v1/rooms").then().statusCode(201)
                .extract().path("room.id");
        listener.request().post(rooms + "/join").then().statusCode(200);
        listener.request().get(rooms + "/top-gifters").then().statusCode(200);
        host.request().get("/api/v1/rooms/" + UUID.randomUUID() + "/top-gifters").then().statusCode(404);
        String messageId = listener.request().body(Map.of("text", "hello")).post(rooms + "/chat/messages").then()
                .statusCode(201).extract().path("id");
        TestUsers.register().request().body(Map.of("text", "hi")).post(rooms + "/chat/messages").then()
                .statusCode(403);
        listener.request().get(rooms + "/chat/messages").then().statusCode(200);
        listener.request().body(Map.of("messageId", messageId)).put(rooms + "/chat/pin").then().statusCode(403);
        host.request().body(Map.of("messageId", messageId)).put(rooms + "/chat/pin").then().statusCode(200);
        listener.request().get(rooms + "/chat/pin").then().statusCode(200);
        host.request().delete(rooms + "/chat/pin").then().statusCode(204);
        listener.request().delete(rooms + "/chat/messages/" + messageId).then().statusCode(204);
    }

    @Test
    void mediaUploads() {
        TestUser me = TestUsers.register();
        byte[] photo = Uploads.jpeg(1_000);
        io.restassured.path.json.JsonPath ticket = Uploads.issue(me, "AVATAR", "image/jpeg", photo.length);
        me.request().body(Map.of("purpose", "AVATAR", "contentType", "image/gif", "size", 10))
                .post("/api/v1/media/uploads").then().statusCode(400);
        String complete = "/api/v1/media/" + ticket.getString("mediaId") + "/complete";
        me.request().post(complete).then().statusCode(409);
        Uploads.put(ticket, "image/jpeg", photo);
        me.request().post(complete).then().statusCode(200);
        me.request().post("/api/v1/media/" + UUID.randomUUID() + "/complete").then().statusCode(404);
        io.restassured.path.json.JsonPath bad = Uploads.issue(me, "AVATAR", "image/png", photo.length);
        Uploads.put(bad, "image/png", photo);
        me.request().post("/api/v1/media/" + bad.getString("mediaId") + "/complete").then().statusCode(400);
        me.request().body(Map.of("avatarMediaId", UUID.randomUUID())).patch("/api/v1/me").then().statusCode(404);
        me.request().body(Map.of("avatarMediaId", ticket.getString("mediaId"))).patch("/api/v1/me").then()
                .statusCode(200);
        // An upload is attached once, to one thing of its purpose.
        me.request().body(Map.of("avatarMediaId", ticket.getString("mediaId"))).patch("/api/v1/me").then()
                .statusCode(400).body("code", equalTo("MEDIA_ALREADY_USED"));
        Map<String, Object> room = new HashMap<>(Map.of("title", "Covered room", "category", "talk", "language", "en",
                "capacity", 10, "visibility", "PUBLIC", "coverMediaId", ticket.getString("mediaId")));
        me.request().body(room).post("/api/v1/rooms").then().statusCode(400)
                .body("code", equalTo("MEDIA_WRONG_PURPOSE"));
        room.put("coverMediaId", UUID.randomUUID());
        me.request().body(room).post("/api/v1/rooms").then().statusCode(404);
    }

    private static String hmacSha256Hex(String data, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void notifications() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        ravi.request().get("/api/v1/notifications").then().statusCode(200);
        ravi.request().get("/api/v1/notifications/unread-count").then().statusCode(200);
        String id = ravi.request().get("/api/v1/notifications").then().extract().path("items[0].id");
        ravi.request().post("/api/v1/notifications/" + id + "/read").then().statusCode(204);
        asha.request().post("/api/v1/notifications/" + id + "/read").then().statusCode(404);
        ravi.request().post("/api/v1/notifications/read-all").then().statusCode(204);
        ravi.request().get("/api/v1/notifications/settings").then().statusCode(200);
        ravi.request().body(Map.of("mutedCategories", List.of("MESSAGES"))).put("/api/v1/notifications/settings")
                .then().statusCode(200);
        ravi.request().body(Map.of("mutedCategories", List.of("NOISE"))).put("/api/v1/notifications/settings")
                .then().statusCode(400);
    }

    @Test
    void kyc() {
        TestUser me = TestUsers.register();
        me.request().get("/api/v1/kyc").then().statusCode(200);
        me.request().body(KycFixture.pan("ABCXE1234F")).post("/api/v1/kyc").then()
                .statusCode(400);
        Map<String, Object> withImage = new HashMap<>(KycFixture.pan(KycFixture.randomPan(true)));
        withImage.put("documentImageId", UUID.randomUUID());
        me.request().body(withImage).post("/api/v1/kyc").then().statusCode(404);
        me.request().body(KycFixture.pan(KycFixture.randomPan(true)))
                .post("/api/v1/kyc").then().statusCode(200);
        me.request().body(KycFixture.pan(KycFixture.randomPan(true)))
                .post("/api/v1/kyc").then().statusCode(409);
        given().contentType(ContentType.JSON).auth().preemptive().basic("karza", "wrong")
                .body("{\"request_id\": \"r1\", \"status-code\": \"101\"}").post("/api/v1/webhooks/kyc/karza")
                .then().statusCode(401);
        TestUsers.moderator().request().queryParam("reason", "Contract check")
                .get("/api/v1/moderation/kyc/" + me.id() + "/document-image").then().statusCode(404);
    }

    @Test
    void referrals() {
        TestUser referrer = TestUsers.register();
        String code = referrer.request().get("/api/v1/referrals").then().statusCode(200).extract().path("code");
        // Registration answers what became of the code: APPLIED (codes are case-insensitive), or REFUSED.
        for (String entered : List.of(code.toLowerCase(), "QQQQ2222")) {
            String ticket = TestUsers.signIn(FirebaseTestClient.phoneIdToken(TestUsers.randomPhone()))
                    .statusCode(200).extract().path("registrationTicket");
            Map<String, Object> body = new HashMap<>(TestUsers.registration(ticket, TestUsers.randomUsername()));
            body.put("referralCode", entered);
            given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/register").then().statusCode(201);
        }
        referrer.request().get("/api/v1/referrals").then().statusCode(200);
        referrer.request().queryParam("cursor", "%%%").get("/api/v1/referrals").then().statusCode(400);
        given().get("/api/v1/referrals").then().statusCode(401);
    }

    @Test
    void withdrawalsAndTheRazorpayXWebhook() {
        app.banter.payout.PayoutFixture payouts = io.quarkus.arc.Arc.container()
                .instance(app.banter.payout.PayoutFixture.class).get();
        TestUser earner = payouts.verifiedEarner(10);
        TestUser unverified = TestUsers.register();
        Map<String, Object> upi = Map.of("type", "UPI", "vpa", "asha.rao@okaxis");
        unverified.request().header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("coins", 10, "method", upi)).post("/api/v1/payouts").then().statusCode(403);
        String payoutId = earner.request().header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("coins", 10, "method", upi)).post("/api/v1/payouts").then().statusCode(201)
                .extract().path("id");
        earner.request().header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("coins", 10, "method", Map.of("type", "UPI", "vpa", "not-a-vpa")))
                .post("/api/v1/payouts").then().statusCode(400);
        earner.request().header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("coins", 1000, "method", upi)).post("/api/v1/payouts").then().statusCode(402);
        earner.request().get("/api/v1/payouts").then().statusCode(200);
        earner.request().get("/api/v1/payouts/" + payoutId).then().statusCode(200);
        unverified.request().get("/api/v1/payouts/" + payoutId).then().statusCode(404);
        String razorpayId = payouts.razorpayPayoutId(UUID.fromString(payoutId));
        app.banter.payout.PayoutFixture.deliver(app.banter.payout.PayoutFixture.event(razorpayId, "processed",
                app.banter.payout.PayoutFixture.now())).statusCode(200);
        given().contentType(ContentType.JSON).header("X-Razorpay-Signature", "0".repeat(64))
                .header("X-Razorpay-Event-Id", "evt_contract_x").body("{\"event\":\"payout.processed\"}")
                .post("/api/v1/webhooks/razorpayx").then().statusCode(401);
    }

    @Test
    void voiceRooms() {
        TestUser host = TestUsers.register();
        TestUser speaker = TestUsers.register();
        TestUser listener = TestUsers.register();
        Map<String, Object> request = new HashMap<>(Map.of("title", "Contract room", "category", "talk",
                "language", "en", "capacity", 10, "visibility", "PUBLIC"));
        String room = "/api/v1/rooms/" + host.request().body(request).post("/api/v1/rooms").then().statusCode(201)
                .extract().path("room.id");
        host.request().body(request).post("/api/v1/rooms").then().statusCode(409);
        speaker.request().post(room + "/join").then().statusCode(200);
        listener.request().post(room + "/join").then().statusCode(200);
        host.request().queryParam("category", "talk").get("/api/v1/rooms").then().statusCode(200);
        listener.request().get(room).then().statusCode(200);
        listener.request().get(room + "/listeners").then().statusCode(200);
        speaker.request().post(room + "/hand").then().statusCode(204);
        speaker.request().delete(room + "/hand").then().statusCode(204);
        listener.request().post(room + "/members/" + speaker.id() + "/invite-to-speak").then().statusCode(403);
        host.request().post(room + "/members/" + speaker.id() + "/invite-to-speak").then().statusCode(204);
        speaker.request().post(room + "/speak").then().statusCode(204);
        listener.request().post(room + "/speak").then().statusCode(409);
        try {
            LiveKitStandIn.participantsAnyRoom(List.of(speaker.id().toString()));
            LiveKitStandIn.publishes(speaker.id().toString(), LiveKitStandIn.microphone("TR_contract"));
            host.request().post(room + "/members/" + speaker.id() + "/mute").then().statusCode(204);
        } finally {
            LiveKitStandIn.resetToDefaults();
        }
        host.request().post(room + "/members/" + speaker.id() + "/promote").then().statusCode(204);
        host.request().post(room + "/members/" + speaker.id() + "/demote").then().statusCode(204);
        host.request().body(Map.of("userId", listener.id())).post(room + "/invites").then().statusCode(204);
        host.request().post(room + "/members/" + listener.id() + "/remove").then().statusCode(204);
        host.request().body(Map.of("userId", speaker.id())).post(room + "/host").then().statusCode(204);
        host.request().post(room + "/leave").then().statusCode(204);
        host.request().post(room + "/end").then().statusCode(403);
        speaker.request().post(room + "/end").then().statusCode(204);
        speaker.request().post(room + "/join").then().statusCode(409);
    }

    // Operator API (issue 16)

    @Test
    void operator() {
        TestUser admin = app.banter.testsupport.StaffUsers.admin();
        TestUser buyer = TestUsers.register();
        String admins = "/api/v1/admin";
        admin.request().get(admins + "/users/" + buyer.id()).then().statusCode(200);
        admin.request().get(admins + "/users/" + UUID.randomUUID()).then().statusCode(404);
        admin.request().queryParam("username", buyer.username()).get(admins + "/users").then().statusCode(200);
        admin.request().queryParam("username", "x").get(admins + "/users").then().statusCode(400);
        String roles = admins + "/users/" + buyer.id() + "/roles/";
        admin.request().body(Map.of("role", "moderator", "reason", "new moderator")).post(roles + "grant").then()
                .statusCode(200);
        admin.request().body(Map.of("role", "moderator", "reason", "left")).post(roles + "revoke").then()
                .statusCode(200);
        // The role changes ended the buyer's sessions; a new sign-in carries no staff role.
        buyer = app.banter.testsupport.StaffUsers.signInAgain(buyer);
        buyer.request().get(admins + "/audit").then().statusCode(403);

        // A purchase paid with the wrong amount waits in REVIEW; the operator credits it.
        var order = buyer.request().header("Idempotency-Key", "key-" + UUID.randomUUID())
                .body(Map.of("packageId", "coins-100")).post("/api/v1/payments/orders").then().statusCode(200);
        String orderId = order.extract().path("orderId");
        String purchaseId = order.extract().path("purchaseId");
        String paymentId = "pay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        String captured = """
                {"entity": "event", "event": "payment.captured", "contains": ["payment"],
                 "payload": {"payment": {"entity": {"id": "%s", "entity": "payment", "amount": 100, "currency": "INR",
                   "status": "captured", "order_id": "%s", "invoice_id": null, "captured": true,
                   "created_at": 1795440100}}}, "created_at": 1795440101}""".formatted(paymentId, orderId);
        given().contentType(ContentType.JSON).header("x-razorpay-event-id", "evt_op" + UUID.randomUUID()
                .toString().substring(0, 8)).header("X-Razorpay-Signature", hmacSha256Hex(captured,
                        RazorpayStandIn.WEBHOOK_SECRET))
                .body(captured.getBytes(StandardCharsets.UTF_8)).post("/api/v1/webhooks/razorpay").then()
                .statusCode(200);
        admin.request().get(admins + "/purchases/review").then().statusCode(200);
        admin.request().get(admins + "/payment-anomalies").then().statusCode(200);
        admin.request().get(admins + "/payment-anomalies?status=RESOLVED").then().statusCode(200);
        admin.request().body(Map.of("action", "CREDIT", "reason", "paid at the counter"))
                .post(admins + "/purchases/" + purchaseId + "/resolve").then().statusCode(200);
        admin.request().body(Map.of("action", "REFUND", "reason", "changed mind"))
                .post(admins + "/purchases/" + purchaseId + "/resolve").then().statusCode(409);
        admin.request().body(Map.of("action", "CREDIT", "reason", "x"))
                .post(admins + "/purchases/" + UUID.randomUUID() + "/resolve").then().statusCode(404);
        admin.request().body(Map.of("reason", "x"))
                .post(admins + "/payment-anomalies/" + UUID.randomUUID() + "/dismiss").then().statusCode(404);
        admin.request().get(admins + "/kpis?from=2026-01-01&to=2026-01-31").then().statusCode(200);
        admin.request().get(admins + "/kpis?from=2026-01-31&to=2026-01-01").then().statusCode(400);
        admin.request().get(admins + "/audit").then().statusCode(200);
    }
}
