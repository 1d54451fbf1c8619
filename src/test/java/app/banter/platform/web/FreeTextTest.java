package app.banter.platform.web;

import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** U+0000 is refused wherever a client can put text, with one code, and nothing changes. */
@QuarkusTest
class FreeTextTest {

    private static final String NUL = "a\u0000b";

    @Test
    void profileTextWithNulIsRefusedAndNothingChanges() {
        TestUser me = TestUsers.register();
        me.request().body(Map.of("bio", "before")).patch("/api/v1/me").then().statusCode(200);

        refused(me.request().body(Map.of("bio", NUL)).patch("/api/v1/me").then(), "bio");
        refused(me.request().body(Map.of("avatarUrl", "https://x/" + NUL)).patch("/api/v1/me").then(), "avatarUrl");
        refused(me.request().body(Map.of("interests", List.of("music", NUL))).patch("/api/v1/me").then(),
                "interests[1]");
        me.request().get("/api/v1/me").then().statusCode(200).body("bio", equalTo("before"));
    }

    @Test
    void nullInsideAListIsRefused() {
        TestUser me = TestUsers.register();
        me.request().body("{\"interests\":[null]}").patch("/api/v1/me").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("INVALID_VALUE"))
                .body("violations[0].field", equalTo("interests[0]"))
                .body("violations[0].message", equalTo("must not be null"));
    }

    @Test
    void messagesWithNulAreRefusedWithoutUsingUpTheRateLimit() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        // More refused sends than the per-minute limit (30): none of them counts.
        for (int i = 0; i < 31; i++) {
            refused(asha.request().body(Map.of("recipientId", ravi.id(), "text", NUL)).post("/api/v1/messages")
                    .then(), "text");
        }
        refused(asha.request().body(Map.of("recipientId", ravi.id(), "mediaUrl", "https://x/" + NUL))
                .post("/api/v1/messages").then(), "mediaUrl");
        String messageId = Social.message(asha, ravi, "hello").getString("id");
        refused(asha.request().body(Map.of("text", NUL)).patch("/api/v1/messages/" + messageId).then(), "text");
    }

    @Test
    void reportsAndModerationWithNulAreRefused() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        refused(asha.request().body(Map.of("targetType", "USER", "targetId", ravi.id(), "reason", "HARASSMENT",
                "description", NUL)).post("/api/v1/reports").then(), "description");
        refused(TestUsers.moderator().request().body(Map.of("reason", NUL))
                .post("/api/v1/moderation/users/" + ravi.id() + "/restrict").then(), "reason");
    }

    @Test
    void nulInTheUriIsRefused() {
        TestUser me = TestUsers.register();
        // Sent as written: RestAssured would otherwise encode the % itself.
        me.request().urlEncodingEnabled(false).get("/api/v1/users?q=a%00b").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("INVALID_CHARACTER"))
                .body("violations[0].field", equalTo("q"));
        me.request().urlEncodingEnabled(false).get("/api/v1/users/a%00b").then().statusCode(400)
                .body("code", equalTo("INVALID_CHARACTER"));
    }

    @Test
    void aCursorThatDecodesToNulIsNotOneWeIssued() {
        TestUser me = TestUsers.register();
        String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(NUL.getBytes(StandardCharsets.UTF_8));
        me.request().queryParam("q", "u").queryParam("cursor", cursor).get("/api/v1/users").then().statusCode(400)
                .body("code", equalTo("INVALID_CURSOR"));
        me.request().queryParam("cursor", cursor).get("/api/v1/wallet/transactions").then().statusCode(400)
                .body("code", equalTo("INVALID_CURSOR"));
    }

    @Test
    void aCursorBeyondTheDatabasesTimestampsIsNotOneWeIssued() {
        TestUser me = TestUsers.register();
        // Well-formed, but year 318857: PostgreSQL would refuse the timestamp itself.
        String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("9999999999999.0|" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        for (String list : List.of("/api/v1/blocks", "/api/v1/friends", "/api/v1/wallet/transactions")) {
            me.request().queryParam("cursor", cursor).get(list).then().statusCode(400)
                    .body("code", equalTo("INVALID_CURSOR"));
        }
    }

    private static void refused(ValidatableResponse response, String field) {
        response.statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("INVALID_CHARACTER"))
                .body("detail", equalTo("'" + field + "' must not contain the NUL character (U+0000)"))
                .body("violations[0].field", equalTo(field));
    }

}
