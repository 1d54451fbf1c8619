package app.banter.platform.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.call.CallFixture;
import app.banter.call.CallFixture.Party;
import app.banter.payout.PayoutFixture;
import app.banter.testsupport.OpenApiDocument;
import app.banter.testsupport.OpenApiDocument.Operation;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.Uploads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Authorization on every documented operation, enumerated from the served OpenAPI document:
 * <ul>
 * <li>an operation that names an object by path is sent by a signed-in stranger for an object that exists and belongs
 * to someone else, and must answer 404 (as if it did not exist);</li>
 * <li>a role-restricted operation (its security requirement names roles, or it is under /api/v1/moderation or
 * /api/v1/admin) answers
 * 403 to a plain user, whatever it names;</li>
 * <li>every secured operation answers 401 without a token; an operation without security must be listed in
 * {@link #PUBLIC}.</li>
 * </ul>
 * An operation with a path id that none of the tables below knows FAILS the test, with what to add: a new endpoint
 * cannot be merged without saying how its object is made (OWNED), or why its id is not someone's object (USER_TARGET).
 */
@QuarkusTest
class AuthorizationCoverageTest {

    private static final Logger LOG = Logger.getLogger(AuthorizationCoverageTest.class);

    /** Operations anyone may call without a token (sign-in, provider webhooks verified by signature, catalogues). */
    private static final Set<String> PUBLIC = Set.of("POST /api/v1/auth/firebase", "POST /api/v1/auth/register",
            "POST /api/v1/auth/refresh", "POST /api/v1/auth/dev-login", "GET /api/v1/users/username-availability",
            "POST /api/v1/webhooks/razorpay", "POST /api/v1/webhooks/livekit", "POST /api/v1/webhooks/razorpayx",
            "POST /api/v1/webhooks/kyc/{provider}", "POST /api/v1/webhooks/exotel/{token}",
            "POST /api/v1/webhooks/twilio");

    /**
     * Operations whose path id names a user, not an object someone owns: they read a public profile or change the
     * caller's own relation to that user. Checked with an id nobody has (404).
     */
    private static final Set<String> USER_TARGET = Set.of("GET /api/v1/users/{userId}", "PUT /api/v1/blocks/{userId}",
            "DELETE /api/v1/blocks/{userId}", "DELETE /api/v1/friends/{userId}");

    /**
     * Operations that name an owned object, to the creator of that object: it makes one owned by {@code owner} and
     * returns the values of the path's parameters. Add a row here for a new endpoint with a path id.
     */
    private final Map<String, String> owned = new HashMap<>();
    private final Map<String, Function<TestUser, Map<String, String>>> creators = new HashMap<>();

    @Inject
    CallFixture calls;

    @Inject
    PayoutFixture payouts;

    private void describe() {
        creator("device", owner -> Map.of("deviceId", owner.request()
                .body(Map.of("fcmToken", "fcm-" + UUID.randomUUID(), "platform", "ANDROID"))
                .post("/api/v1/me/devices").then().statusCode(201).extract().path("id")),
                "DELETE /api/v1/me/devices/{deviceId}");
        creator("friendRequest", owner -> Map.of("requestId", owner.request()
                .body(Map.of("recipientId", TestUsers.register().id())).post("/api/v1/friend-requests").then()
                .statusCode(201).extract().path("id")),
                "POST /api/v1/friend-requests/{requestId}/accept", "POST /api/v1/friend-requests/{requestId}/reject",
                "POST /api/v1/friend-requests/{requestId}/cancel");
        creator("notification", owner -> {
            TestUser friend = TestUsers.register();
            Social.befriend(friend, owner);
            return Map.of("notificationId", owner.request().get("/api/v1/notifications").then().statusCode(200)
                    .extract().path("items[0].id"));
        }, "POST /api/v1/notifications/{notificationId}/read");
        creator("media", owner -> Map.of("mediaId",
                Uploads.issue(owner, "AVATAR", "image/jpeg", 1_000).getString("mediaId")),
                "POST /api/v1/media/{mediaId}/complete");
        creator("message", owner -> {
            TestUser friend = TestUsers.register();
            Social.befriend(owner, friend);
            var sent = Social.message(owner, friend, "hello");
            return Map.of("messageId", sent.getString("id"), "conversationId", sent.getString("conversationId"));
        }, "PATCH /api/v1/messages/{messageId}", "DELETE /api/v1/messages/{messageId}",
                "GET /api/v1/conversations/{conversationId}/messages",
                "POST /api/v1/conversations/{conversationId}/read");
        creator("purchase", owner -> Map.of("purchaseId", owner.request()
                .header("Idempotency-Key", "authz-" + UUID.randomUUID()).body(Map.of("packageId", "coins-100"))
                .post("/api/v1/payments/orders").then().statusCode(200).extract().path("purchaseId")),
                "GET /api/v1/payments/purchases/{purchaseId}");
        creator("call", owner -> {
            try (Party caller = calls.online(); Party callee = calls.online()) {
                return Map.of("callId", calls.start(caller, callee, "AUDIO"));
            }
        }, "POST /api/v1/calls/{callId}/accept", "POST /api/v1/calls/{callId}/reject",
                "POST /api/v1/calls/{callId}/cancel", "POST /api/v1/calls/{callId}/end", "GET /api/v1/calls/{callId}",
                "POST /api/v1/matching/calls/{callId}/skip", "POST /api/v1/matching/calls/{callId}/rating");
        creator("subscription", owner -> Map.of("subscriptionId", owner.request().body(Map.of("plan", "monthly"))
                .post("/api/v1/subscriptions").then().statusCode(201).extract().path("id")),
                "POST /api/v1/subscriptions/{subscriptionId}/cancel");
        creator("payout", owner -> {
            TestUser earner = payouts.verifiedEarner(10);
            return Map.of("payoutId", earner.request().header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(Map.of("coins", 10, "method", Map.of("type", "UPI", "vpa", "asha.rao@okaxis")))
                    .post("/api/v1/payouts").then().statusCode(201).extract().path("id"));
        }, "GET /api/v1/payouts/{payoutId}");
        // An invite-only room is its host's and its invitees' alone: to anyone else every operation on it is 404.
        creator("inviteOnlyRoom", owner -> {
            TestUser host = TestUsers.register();
            String roomId = host.request().body(Map.of("title", "Private", "category", "talk", "language", "en",
                    "capacity", 10, "visibility", "INVITE_ONLY")).post("/api/v1/rooms").then().statusCode(201)
                    .extract().path("room.id");
            String messageId = host.request().body(Map.of("text", "hello")).post("/api/v1/rooms/" + roomId
                    + "/chat/messages").then().statusCode(201).extract().path("id");
            return Map.of("roomId", roomId, "userId", host.id().toString(), "messageId", messageId);
        }, "GET /api/v1/rooms/{roomId}", "GET /api/v1/rooms/{roomId}/listeners", "POST /api/v1/rooms/{roomId}/join",
                "POST /api/v1/rooms/{roomId}/leave", "POST /api/v1/rooms/{roomId}/invites",
                "POST /api/v1/rooms/{roomId}/end", "POST /api/v1/rooms/{roomId}/hand",
                "DELETE /api/v1/rooms/{roomId}/hand", "POST /api/v1/rooms/{roomId}/members/{userId}/invite-to-speak",
                "POST /api/v1/rooms/{roomId}/speak", "POST /api/v1/rooms/{roomId}/members/{userId}/promote",
                "POST /api/v1/rooms/{roomId}/members/{userId}/demote",
                "POST /api/v1/rooms/{roomId}/members/{userId}/mute",
                "POST /api/v1/rooms/{roomId}/members/{userId}/remove", "POST /api/v1/rooms/{roomId}/host",
                "POST /api/v1/rooms/{roomId}/chat/messages", "GET /api/v1/rooms/{roomId}/chat/messages",
                "DELETE /api/v1/rooms/{roomId}/chat/messages/{messageId}", "GET /api/v1/rooms/{roomId}/chat/pin",
                "PUT /api/v1/rooms/{roomId}/chat/pin", "DELETE /api/v1/rooms/{roomId}/chat/pin",
                "GET /api/v1/rooms/{roomId}/top-gifters");
    }

    private void creator(String name, Function<TestUser, Map<String, String>> creator, String... operations) {
        creators.put(name, creator);
        for (String operation : operations) {
            owned.put(operation, name);
        }
    }

    @Test
    void everyOperationIsAuthorizedAndKnownToThisTest() {
        describe();
        OpenApiDocument document = new OpenApiDocument(given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().asString());
        List<String> failures = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        Map<String, Map<String, String>> made = new HashMap<>();
        TestUser owner = TestUsers.register();
        TestUser stranger = TestUsers.register();
        int checked = 0;
        for (Operation op : document.operations()) {
            String name = op.toString();
            boolean secured = isSecured(op);
            boolean roleRestricted = !roles(op).isEmpty() || op.path().startsWith("/api/v1/moderation/")
                    || op.path().startsWith("/api/v1/admin/");
            if (!secured) {
                if (!PUBLIC.contains(name)) {
                    unknown.add(name + ": it has no security requirement; add it to PUBLIC if it is meant to be public");
                }
                continue;
            }
            checked++;
            String anyPath = op.path().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            Response anonymous = send(op, anyPath, null);
            if (anonymous.statusCode() != 401) {
                failures.add(name + " without a token answered " + anonymous.statusCode() + ", not 401");
            }
            if (roleRestricted) {
                // A fresh plain user each time: a role check must come before anything the operation does.
                Response plain = send(op, anyPath, TestUsers.register());
                if (plain.statusCode() != 403) {
                    failures.add(name + " (roles " + roles(op) + ") answered " + plain.statusCode()
                            + " to a plain user, not 403");
                }
                continue;
            }
            if (!op.path().contains("{")) {
                continue; // Acts on the caller's own data: nothing of anyone else's is named.
            }
            if (USER_TARGET.contains(name)) {
                Response nobody = send(op, anyPath, stranger);
                if (nobody.statusCode() != 404) {
                    failures.add(name + " for a user nobody is answered " + nobody.statusCode() + ", not 404");
                }
                continue;
            }
            String creator = owned.get(name);
            if (creator == null) {
                unknown.add(name + ": add it to AuthorizationCoverageTest#describe (creator(\"...\", owner -> "
                        + "Map.of(<path parameter>, <id of an object owner owns>), \"" + name + "\")) or to "
                        + "USER_TARGET if its id names a user rather than something someone owns");
                continue;
            }
            Map<String, String> ids = made.computeIfAbsent(creator, c -> creators.get(c).apply(owner));
            String path = op.path();
            for (Map.Entry<String, String> id : ids.entrySet()) {
                path = path.replace("{" + id.getKey() + "}", id.getValue());
            }
            if (path.contains("{")) {
                failures.add(name + ": creator " + creator + " gave no value for a parameter of " + op.path());
                continue;
            }
            Response foreign = send(op, path, stranger);
            if (foreign.statusCode() != 404) {
                failures.add(name + " on someone else's " + creator + " answered " + foreign.statusCode()
                        + ", not 404: " + foreign.asString());
            }
        }
        LOG.infof("authorization: %d operations, %d secured checked, %d objects made, %d unknown, %d failures",
                document.operations().size(), checked, made.size(), unknown.size(), failures.size());
        assertThat(unknown).as("operations this test does not know how to exercise").isEmpty();
        assertThat(failures).as("authorization failures").isEmpty();
    }

    /** The request as a client would send it, with a plausible body: authorization must not depend on the body. */
    private static Response send(Operation op, String path, TestUser as) {
        var request = given().contentType(ContentType.JSON).header("Idempotency-Key", "authz-" + UUID.randomUUID());
        if (as != null) {
            request.auth().oauth2(as.accessToken());
        }
        if (op.node().has("requestBody")) {
            request.body(bodyFor(op));
        }
        return request.request(op.method().toUpperCase(), path);
    }

    /** Bodies that pass validation where the operation's object is all that is left to judge. */
    private static Map<String, Object> bodyFor(Operation op) {
        String path = op.path();
        if (path.endsWith("/messages/{messageId}")) {
            return Map.of("text", "edited");
        }
        if (path.endsWith("/read") && path.contains("conversations")) {
            return Map.of("messageId", UUID.randomUUID().toString());
        }
        if (path.endsWith("/invites") || path.endsWith("/host")) {
            return Map.of("userId", UUID.randomUUID().toString());
        }
        if (path.endsWith("/chat/messages")) {
            return Map.of("text", "hi");
        }
        if (path.endsWith("/chat/pin")) {
            return Map.of("messageId", UUID.randomUUID().toString());
        }
        if (path.endsWith("/rating")) {
            return Map.of("stars", 5);
        }
        if (path.contains("/moderation/reports/")) {
            return Map.of("resolution", "DISMISSED");
        }
        if (path.contains("/moderation/users/")) {
            return Map.of("reason", "authorization test");
        }
        return Map.of();
    }

    private static boolean isSecured(Operation op) {
        for (JsonNode requirement : op.node().path("security")) {
            if (requirement.size() > 0) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> roles(Operation op) {
        Set<String> roles = new TreeSet<>();
        for (JsonNode requirement : op.node().path("security")) {
            requirement.forEach(scopes -> scopes.forEach(role -> roles.add(role.asText())));
        }
        return roles;
    }
}
