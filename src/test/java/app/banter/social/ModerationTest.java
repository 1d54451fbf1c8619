package app.banter.social;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.FirebaseTestClient;
import app.banter.testsupport.LockWaits;
import app.banter.testsupport.Social;
import app.banter.testsupport.StaffUsers;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

@QuarkusTest
class ModerationTest {

    @Inject
    AgroalDataSource database;

    @Test
    void reportsOfUsersMessagesAndRoomsAreFiledAndCheckedForVisibility() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        TestUser meera = TestUsers.register();
        Social.befriend(asha, ravi);
        String messageId = Social.message(ravi, asha, "rude words").getString("id");

        asha.request().body(Map.of("targetType", "USER", "targetId", ravi.id(), "reason", "HARASSMENT",
                "description", "keeps calling")).post("/api/v1/reports").then().statusCode(201)
                .body("status", equalTo("OPEN")).body("reportedUserId", equalTo(ravi.id().toString()));
        asha.request().body(Map.of("targetType", "MESSAGE", "targetId", messageId, "reason", "INAPPROPRIATE"))
                .post("/api/v1/reports").then().statusCode(201)
                .body("reportedUserId", equalTo(ravi.id().toString()));
        asha.request().body(Map.of("targetType", "ROOM", "targetId", UUID.randomUUID(), "reason", "SPAM"))
                .post("/api/v1/reports").then().statusCode(201);

        // A message of someone else's conversation cannot be reported (nor its existence probed).
        meera.request().body(Map.of("targetType", "MESSAGE", "targetId", messageId, "reason", "SPAM"))
                .post("/api/v1/reports").then().statusCode(404);
        asha.request().body(Map.of("targetType", "USER", "targetId", asha.id(), "reason", "FAKE"))
                .post("/api/v1/reports").then().statusCode(400).body("code", equalTo("SELF_REPORT"));
        asha.request().body(Map.of("targetType", "USER", "targetId", ravi.id(), "reason", "BORED"))
                .post("/api/v1/reports").then().statusCode(400);
    }

    @Test
    void reportingIsRateLimited() {
        TestUser asha = TestUsers.register();
        for (int i = 0; i < 10; i++) {
            asha.request().body(Map.of("targetType", "ROOM", "targetId", UUID.randomUUID(), "reason", "SPAM"))
                    .post("/api/v1/reports").then().statusCode(201);
        }
        asha.request().body(Map.of("targetType", "ROOM", "targetId", UUID.randomUUID(), "reason", "SPAM"))
                .post("/api/v1/reports").then().statusCode(429).header("Retry-After", notNullValue());
    }

    @Test
    void threeDistinctReportersRestrictAUserUntilAModeratorLiftsIt() {
        TestUser troll = TestUsers.register();
        TestUser victim = TestUsers.register();
        Social.befriend(troll, victim);
        TestUser first = TestUsers.register();
        report(first, troll);
        report(first, troll);
        report(TestUsers.register(), troll);
        Social.message(troll, victim, "still allowed: two distinct reporters so far");

        report(TestUsers.register(), troll);
        troll.request().body(Map.of("recipientId", victim.id(), "text", "hello?")).post("/api/v1/messages").then()
                .statusCode(403).body("code", equalTo("ACCOUNT_RESTRICTED"));
        troll.request().body(Map.of("recipientId", first.id())).post("/api/v1/friend-requests").then()
                .statusCode(403).body("code", equalTo("ACCOUNT_RESTRICTED"));

        TestUser moderator = TestUsers.moderator();
        moderator.request().queryParam("limit", 100).get("/api/v1/moderation/reports").then().statusCode(200)
                .body("items.reportedUserId", hasItem(troll.id().toString()));
        moderator.request().body(Map.of("reason", "reviewed, misunderstanding"))
                .post("/api/v1/moderation/users/" + troll.id() + "/lift").then().statusCode(200);
        Social.message(troll, victim, "thanks");
        // The reports a moderator reviewed do not restrict again; a new one alone does not either.
        report(TestUsers.register(), troll);
        Social.message(troll, victim, "still fine");
    }

    @Test
    void moderatorEndpointsNeedTheRole() {
        TestUser user = TestUsers.register();
        user.request().get("/api/v1/moderation/reports").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        user.request().body(Map.of("reason", "x")).post("/api/v1/moderation/users/" + user.id() + "/ban").then()
                .statusCode(403);
        given().get("/api/v1/moderation/reports").then().statusCode(401);
    }

    @Test
    void moderatorResolvesReportsAndRestrictsByHand() {
        TestUser moderator = TestUsers.moderator();
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        String reportId = report(asha, ravi);
        moderator.request().body(Map.of("resolution", "DISMISSED", "note", "banter between friends"))
                .post("/api/v1/moderation/reports/" + reportId + "/resolve").then().statusCode(200)
                .body("status", equalTo("RESOLVED")).body("resolution", equalTo("DISMISSED"));
        moderator.request().body(Map.of("resolution", "ACTIONED"))
                .post("/api/v1/moderation/reports/" + reportId + "/resolve").then().statusCode(409);
        moderator.request().get("/api/v1/moderation/reports").then()
                .body("items.id", not(hasItem(reportId)));
        moderator.request().queryParam("status", "RESOLVED").queryParam("limit", 100)
                .get("/api/v1/moderation/reports").then().body("items.id", hasItem(reportId));

        moderator.request().body(Map.of("reason", "spam wave")).post("/api/v1/moderation/users/" + ravi.id()
                + "/restrict").then().statusCode(200).body("status", equalTo("RESTRICTED"));
        ravi.request().body(Map.of("recipientId", asha.id(), "text", "hi")).post("/api/v1/messages").then()
                .statusCode(403).body("code", equalTo("ACCOUNT_RESTRICTED"));
        moderator.request().body(Map.of("reason", "")).post("/api/v1/moderation/users/" + ravi.id() + "/lift")
                .then().statusCode(400);
        moderator.request().body(Map.of("reason", "ok")).post("/api/v1/moderation/users/" + UUID.randomUUID()
                + "/ban").then().statusCode(404);
    }

    @Test
    void aBannedUsersSessionsAndWebsocketsEndAndSignInIsRefused() {
        TestUser moderator = TestUsers.moderator();
        TestUser troll = TestUsers.register();
        troll.request().body(Map.of("fcmToken", "fcm:" + System.nanoTime(), "platform", "ANDROID"))
                .post("/api/v1/me/devices").then().statusCode(201);
        try (WsClient socket = WsClient.connect(RestAssured.port, troll.accessToken())) {
            moderator.request().body(Map.of("reason", "threats")).post("/api/v1/moderation/users/" + troll.id()
                    + "/ban").then().statusCode(200).body("status", equalTo("BANNED"));
            troll.request().get("/api/v1/me").then().statusCode(401);
            given().contentType(ContentType.JSON).body(Map.of("refreshToken", troll.refreshToken()))
                    .post("/api/v1/auth/refresh").then().statusCode(401);
            TestUsers.signIn(FirebaseTestClient.phoneIdToken(troll.phone())).statusCode(403)
                    .body("code", equalTo("ACCOUNT_BANNED"));
            await().atMost(Duration.ofSeconds(10)).until(socket::isClosed);
            assertThat(WsClient.refusal(RestAssured.port, "/ws", troll.accessToken())).isEqualTo(401);
        }
        moderator.request().body(Map.of("reason", "appeal granted")).post("/api/v1/moderation/users/" + troll.id()
                + "/lift").then().statusCode(200);
        String again = TestUsers.signIn(FirebaseTestClient.phoneIdToken(troll.phone())).statusCode(200)
                .extract().path("accessToken");
        // The ban ended the session that registered the phone: it got no pushes since.
        given().auth().oauth2(again).get("/api/v1/me/devices").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void staffAreModeratedOnlyOnceTheirRolesAreRevokedAndNobodyLiftsTheirOwnMeasure() {
        TestUser moderator = TestUsers.moderator();
        TestUser admin = StaffUsers.admin();
        TestUser colleague = TestUsers.moderator();
        moderator.request().body(Map.of("reason", "coup")).post("/api/v1/moderation/users/" + admin.id() + "/ban")
                .then().statusCode(409).body("code", equalTo("STAFF_MEMBER"));
        moderator.request().body(Map.of("reason", "rival")).post("/api/v1/moderation/users/" + colleague.id()
                + "/restrict").then().statusCode(409).body("code", equalTo("STAFF_MEMBER"));
        admin.request().get("/api/v1/moderation/reports").then().statusCode(200);

        // Reports alone do not restrict staff either: they wait for another moderator, and nobody resolves their own.
        List<String> aboutColleague = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            aboutColleague.add(report(TestUsers.register(), colleague));
        }
        colleague.request().body(Map.of("recipientId", TestUsers.register().id())).post("/api/v1/friend-requests")
                .then().statusCode(201);
        colleague.request().body(Map.of("reason", "not me")).post("/api/v1/moderation/users/" + colleague.id()
                + "/lift").then().statusCode(400).body("code", equalTo("SELF_MODERATION"));
        colleague.request().body(Map.of("resolution", "DISMISSED")).post("/api/v1/moderation/reports/"
                + aboutColleague.get(0) + "/resolve").then().statusCode(400).body("code", equalTo("SELF_MODERATION"));
        moderator.request().body(Map.of("resolution", "DISMISSED")).post("/api/v1/moderation/reports/"
                + aboutColleague.get(0) + "/resolve").then().statusCode(200);
    }

    @Test
    void aMeasureOnAnAccountDeletedBeforeItLandsIsRefusedNotSilentlyLost() {
        TestUser moderator = TestUsers.moderator();
        TestUser troll = TestUsers.register();
        troll.request().delete("/api/v1/me").then().statusCode(204);

        moderator.request().body(Map.of("reason", "threats")).post("/api/v1/moderation/users/" + troll.id() + "/ban")
                .then().statusCode(409).body("code", equalTo("ACCOUNT_DELETED"));
        moderator.request().body(Map.of("reason", "spam")).post("/api/v1/moderation/users/" + troll.id()
                + "/restrict").then().statusCode(409).body("code", equalTo("ACCOUNT_DELETED"));
    }

    @Test
    void aRestrictionNeverReplacesABan() {
        TestUser moderator = TestUsers.moderator();
        TestUser troll = TestUsers.register();
        moderator.request().body(Map.of("reason", "threats")).post("/api/v1/moderation/users/" + troll.id() + "/ban")
                .then().statusCode(200);
        moderator.request().body(Map.of("reason", "older report")).post("/api/v1/moderation/users/" + troll.id()
                + "/restrict").then().statusCode(409).body("code", equalTo("ALREADY_BANNED"));
        TestUsers.signIn(FirebaseTestClient.phoneIdToken(troll.phone())).statusCode(403)
                .body("code", equalTo("ACCOUNT_BANNED"));
    }

    @Test
    void aSignInRacingABanWaitsForItAndIsRefused() throws Exception {
        TestUser troll = TestUsers.register();
        String idToken = FirebaseTestClient.phoneIdToken(troll.phone());
        // The ban holds the account's row while it commits; the sign-in, past its lookup, waits on it.
        try (Connection ban = database.getConnection()) {
            ban.setAutoCommit(false);
            LockWaits.execute(ban, "select 1 from users where id = '" + troll.id() + "' for update");
            CompletableFuture<Integer> signIn = CompletableFuture.supplyAsync(
                    () -> TestUsers.signIn(idToken).extract().statusCode());
            await().atMost(Duration.ofSeconds(20)).until(() -> LockWaits.someoneWaits(database, "select"));
            LockWaits.execute(ban, "insert into user_standings (user_id, status, reason, since) values ('" + troll.id()
                    + "', 'BANNED', 'threats', now())");
            ban.commit();
            assertThat(signIn.get(20, TimeUnit.SECONDS)).isEqualTo(403);
        }
    }



    @Test
    void deletingTheAccountAndRegisteringThePhoneAgainShedsNeitherTheRestrictionNorTheBlocksOnIt() {
        TestUser moderator = TestUsers.moderator();
        TestUser asha = TestUsers.register();
        TestUser meera = TestUsers.register();
        TestUser ravi = TestUsers.register();
        asha.request().put("/api/v1/blocks/" + ravi.id()).then().statusCode(204);
        ravi.request().put("/api/v1/blocks/" + meera.id()).then().statusCode(204);
        moderator.request().body(Map.of("reason", "spam wave")).post("/api/v1/moderation/users/" + ravi.id()
                + "/restrict").then().statusCode(200);
        ravi.request().delete("/api/v1/me").then().statusCode(204);

        TestUser again = TestUsers.register(ravi.phone(), TestUsers.randomUsername());
        assertThat(again.id()).isNotEqualTo(ravi.id());
        again.request().body(Map.of("recipientId", meera.id())).post("/api/v1/friend-requests").then()
                .statusCode(403).body("code", equalTo("ACCOUNT_RESTRICTED"));
        asha.request().get("/api/v1/blocks").then().body("items.user.id", hasItem(again.id().toString()));
        again.request().get("/api/v1/users/" + asha.id()).then().statusCode(404);
        // The deleted account's own blocks went with it.
        again.request().get("/api/v1/blocks").then().body("items", hasSize(0));

        // The measure is a moderator's to lift, now on the new account; nothing is left to carry after that.
        moderator.request().body(Map.of("reason", "reviewed")).post("/api/v1/moderation/users/" + again.id()
                + "/lift").then().statusCode(200);
        again.request().delete("/api/v1/me").then().statusCode(204);
        TestUser third = TestUsers.register(ravi.phone(), TestUsers.randomUsername());
        third.request().body(Map.of("recipientId", meera.id())).post("/api/v1/friend-requests").then()
                .statusCode(201);
        third.request().get("/api/v1/users/" + asha.id()).then().statusCode(404);
    }

    private static String report(TestUser reporter, TestUser reported) {
        return reporter.request().body(Map.of("targetType", "USER", "targetId", reported.id(), "reason", "SPAM"))
                .post("/api/v1/reports").then().statusCode(201).extract().path("id");
    }

}
