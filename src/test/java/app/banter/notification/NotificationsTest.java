package app.banter.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.call.Call;
import app.banter.call.CallFixture;
import app.banter.call.CallFixture.Party;
import app.banter.call.CallReconciler;
import app.banter.referral.ReferralFixture;
import app.banter.testsupport.Concurrently;
import app.banter.testsupport.FcmStandIn;
import app.banter.testsupport.KycFixture;
import app.banter.testsupport.LockWaits;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * Notifications end to end: what causes them, the in-app list, and the pushes as the FCM stand-in receives them
 * (payload, priority, collapse keys, retries, token clean-up, and recovery of pushes whose sender died).
 */
@QuarkusTest
class NotificationsTest {

    private static final Duration DELIVERY = Duration.ofSeconds(20);

    @Inject
    CallFixture calls;

    @Inject
    CallReconciler reconciler;

    @Inject
    Notifications notifications;

    @Inject
    PushOutboxRepository outbox;

    @Inject
    AgroalDataSource database;

    @Test
    void aRingIsAnUrgentDataPushThatExpiresWithTheRing() {
        try (Party caller = calls.online(); Party callee = calls.online()) {
            String token = device(callee.user(), "ANDROID");
            String callId = calls.start(caller, callee, "VIDEO");

            JsonNode push = awaitPushes(token, 1).get(0);
            assertThat(push.path("data").path("kind").asText()).isEqualTo("call.incoming");
            assertThat(push.path("data").path("callId").asText()).isEqualTo(callId);
            assertThat(push.path("data").path("callType").asText()).isEqualTo("VIDEO");
            assertThat(push.has("notification")).as("data only: the app rings itself").isFalse();
            assertThat(push.path("android").path("priority").asText()).isEqualTo("high");
            assertThat(push.path("android").path("collapse_key").asText()).isEqualTo("call:" + callId);
            long ttlSeconds = Long.parseLong(push.path("android").path("ttl").asText().replace("s", "")
                    .replaceAll("\\..*", ""));
            assertThat(ttlSeconds).as("no longer than the ring").isBetween(1L, 45L);
            assertThat(notifications.list(callee.user().id(), null, 10).items()).as("a ring is not listed")
                    .isEmpty();
        }
    }

    @Test
    void aMissedCallIsListedAndPushedToTheCalleeOnly() {
        try (Party caller = calls.online(); Party callee = calls.online()) {
            String callerToken = device(caller.user(), "IOS");
            String calleeToken = device(callee.user(), "IOS");
            String callId = calls.start(caller, callee, "AUDIO");
            calls.elapse(UUID.fromString(callId), Duration.ofSeconds(46));
            reconciler.reconcile();

            JsonNode missed = callee.ws().await("notification.new");
            assertThat(missed.path("notification").path("kind").asText()).isEqualTo("call.missed");
            assertThat(missed.path("unreadCount").asLong()).isEqualTo(1);
            await().atMost(DELIVERY).until(() -> FcmStandIn.messagesTo(calleeToken).stream()
                    .anyMatch(m -> m.path("data").path("kind").asText().equals("call.missed")));
            JsonNode push = FcmStandIn.messagesTo(calleeToken).stream()
                    .filter(m -> m.path("data").path("kind").asText().equals("call.missed")).findFirst().orElseThrow();
            assertThat(push.path("notification").path("title").asText()).isEqualTo("Missed call");
            assertThat(push.path("apns").path("headers").path("apns-collapse-id").asText())
                    .isEqualTo("call:" + callId);
            assertThat(FcmStandIn.messagesTo(callerToken)).as("the caller missed nothing").isEmpty();
        }
    }

    @Test
    void aMessageIsPushedOnlyWhenTheRecipientIsNotConnectedCollapsedPerConversation() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        String token = device(ravi, "ANDROID");

        String conversation = Social.message(asha, ravi, "are you free tonight?").getString("conversationId");
        JsonNode push = awaitPushes(token, 1).stream()
                .filter(m -> m.path("data").path("kind").asText().equals("message.new")).findFirst().orElseThrow();
        assertThat(push.path("notification").path("body").asText()).isEqualTo("are you free tonight?");
        assertThat(push.path("android").path("collapse_key").asText()).isEqualTo("conversation:" + conversation);
        assertThat(push.path("data").path("conversationId").asText()).isEqualTo(conversation);

        int before = FcmStandIn.messagesTo(token).size();
        try (WsClient connected = WsClient.connect(RestAssured.port, ravi.accessToken())) {
            Social.message(asha, ravi, "see you at 8");
            connected.await("message.new");
            connected.assertNone("notification.new", Duration.ofSeconds(1));
            assertThat(FcmStandIn.messagesTo(token)).as("connected: no push").hasSize(before);
        }
    }

    @Test
    void friendRequestsFillTheInAppListWhichOnlyItsOwnerReadsAndMarks() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        String token = device(ravi, "ANDROID");
        Social.befriend(asha, ravi);

        ravi.request().get("/api/v1/notifications").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].kind", equalTo("friend.request"))
                .body("items[0].data.userId", equalTo(asha.id().toString()));
        asha.request().get("/api/v1/notifications").then().body("items[0].kind", equalTo("friend.accepted"));
        assertThat(awaitPushes(token, 1).get(0).path("notification").path("title").asText())
                .isEqualTo("Friend request");

        String id = ravi.request().get("/api/v1/notifications").then().extract().path("items[0].id");
        ravi.request().get("/api/v1/notifications/unread-count").then().body("count", equalTo(1));
        asha.request().post("/api/v1/notifications/" + id + "/read").then().statusCode(404);
        ravi.request().post("/api/v1/notifications/" + id + "/read").then().statusCode(204);
        ravi.request().post("/api/v1/notifications/" + id + "/read").then().statusCode(204);
        ravi.request().get("/api/v1/notifications/unread-count").then().body("count", equalTo(0));
        asha.request().post("/api/v1/notifications/read-all").then().statusCode(204);
        asha.request().get("/api/v1/notifications/unread-count").then().body("count", equalTo(0));
        ravi.request().post("/api/v1/notifications/not-a-uuid/read").then().statusCode(400);
    }

    @Test
    void coinsBoughtAreAnnounced() {
        TestUser ravi = TestUsers.register();
        ReferralFixture.buy(ravi);

        ravi.request().get("/api/v1/notifications").then().body("items[0].kind", equalTo("coins.credited"))
                .body("items[0].data.coins", equalTo("100"));
    }

    @Test
    void aKycDecisionIsListedAndPushed() {
        TestUser ravi = TestUsers.register();
        String token = device(ravi, "IOS");
        ravi.request().body(KycFixture.pan(KycFixture.randomPan(false))).post("/api/v1/kyc").then().statusCode(200);
        KycFixture.verify(ravi);

        ravi.request().get("/api/v1/notifications").then().body("items.kind",
                equalTo(List.of("kyc.verified", "kyc.rejected")));
        assertThat(awaitPushes(token, 2)).extracting(m -> m.path("apns").path("headers").path("apns-collapse-id")
                .asText()).containsOnly("kyc");
    }

    /**
     * The callee's phone is removed (FCM refused its token, a sign-out) after the ring read the callee's devices and
     * before it queued their pushes: the ring goes to the devices left, and the call rings. The removal is held open
     * until the ring's insert waits on it, so that it commits in between on every run.
     */
    @Test
    void aDeviceRemovedWhileItsRingIsQueuedIsSkippedAndTheCallRings() throws Exception {
        try (Party caller = calls.online(); Party callee = calls.online()) {
            device(callee.user(), "ANDROID");
            UUID deviceId = UUID.fromString(callee.user().request().get("/api/v1/me/devices").then().statusCode(200)
                    .extract().path("[0].id"));
            CompletableFuture<ExtractableResponse<Response>> start;
            try (Connection removal = database.getConnection()) {
                removal.setAutoCommit(false);
                LockWaits.execute(removal, "delete from devices where id = '" + deviceId + "'");
                start = CompletableFuture.supplyAsync(() -> caller.user().request()
                        .body(Map.of("calleeId", callee.user().id(), "type", "AUDIO")).post("/api/v1/calls").then()
                        .extract());
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> LockWaits.someoneWaits(database, "insert into push_outbox"));
                removal.commit();
            }

            ExtractableResponse<Response> started = start.get(60, TimeUnit.SECONDS);
            assertThat(started.statusCode()).as(started.asString()).isEqualTo(201);
            UUID callId = UUID.fromString(started.path("call.id"));
            callee.ws().await("call.incoming");
            assertThat(calls.call(callId).status).isEqualTo(Call.Status.RINGING);
            assertThat(outboxRowsOf(deviceId)).isZero();
            caller.user().request().post("/api/v1/calls/" + callId + "/cancel").then().statusCode(200);
        }
    }

    @Test
    void aMutedCategoryIsListedButNotPushed() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        String token = device(ravi, "ANDROID");
        ravi.request().body(Map.of("mutedCategories", List.of("SOCIAL"))).put("/api/v1/notifications/settings")
                .then().statusCode(200).body("mutedCategories", equalTo(List.of("SOCIAL")));
        ravi.request().body(Map.of("mutedCategories", List.of("GOSSIP"))).put("/api/v1/notifications/settings")
                .then().statusCode(400);
        ravi.request().get("/api/v1/notifications/settings").then().body("mutedCategories", equalTo(List.of("SOCIAL")));

        asha.request().body(Map.of("recipientId", ravi.id())).post("/api/v1/friend-requests").then().statusCode(201);

        ravi.request().get("/api/v1/notifications").then().body("items", hasSize(1));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> FcmStandIn.messagesTo(token).isEmpty());
    }

    @Test
    void aTokenFcmNoLongerKnowsIsForgotten() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        String token = device(ravi, "ANDROID");
        FcmStandIn.unregistered(token);

        asha.request().body(Map.of("recipientId", ravi.id())).post("/api/v1/friend-requests").then().statusCode(201);

        await().atMost(DELIVERY).untilAsserted(() -> ravi.request().get("/api/v1/me/devices").then()
                .body("$", hasSize(0)));
        assertThat(FcmStandIn.messagesTo(token)).hasSize(1);
    }

    /**
     * INVALID_ARGUMENT blames the token only when FCM says so (the token is not a valid registration token); for a
     * message FCM cannot take, the push is dropped but the phone keeps receiving others.
     */
    @Test
    void aTokenFcmCallsInvalidIsForgottenButNotOneWhoseMessageWasRefused() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        TestUser meera = TestUsers.register();
        TestUser kiran = TestUsers.register();
        String invalidToken = device(ravi, "ANDROID");
        String refusedToken = device(meera, "ANDROID");
        String invalidFieldToken = device(kiran, "IOS");
        FcmStandIn.notAValidToken(invalidToken);
        FcmStandIn.refusesTheMessage(refusedToken);
        FcmStandIn.refusesTheTokenField(invalidFieldToken);

        for (TestUser recipient : List.of(ravi, meera, kiran)) {
            asha.request().body(Map.of("recipientId", recipient.id())).post("/api/v1/friend-requests").then()
                    .statusCode(201);
        }

        for (TestUser forgotten : List.of(ravi, kiran)) {
            await().atMost(DELIVERY).untilAsserted(() -> forgotten.request().get("/api/v1/me/devices").then()
                    .body("$", hasSize(0)));
        }
        await().atMost(DELIVERY).until(() -> outbox.pendingFor(meera.id()) == 0);
        assertThat(FcmStandIn.messagesTo(invalidToken)).hasSize(1);
        assertThat(FcmStandIn.messagesTo(invalidFieldToken)).hasSize(1);
        assertThat(FcmStandIn.messagesTo(refusedToken)).as("dropped, not retried").hasSize(1);
        meera.request().get("/api/v1/me/devices").then().body("$", hasSize(1));
    }

    @Test
    void aRefusedPushIsRetriedWithBackoffWhileOthersGoOut() {
        TestUser asha = TestUsers.register();
        TestUser slow = TestUsers.register();
        TestUser fine = TestUsers.register();
        String slowToken = device(slow, "ANDROID");
        String fineToken = device(fine, "ANDROID");
        FcmStandIn.overQuotaFirst(slowToken, 3);

        asha.request().body(Map.of("recipientId", slow.id())).post("/api/v1/friend-requests").then().statusCode(201);
        asha.request().body(Map.of("recipientId", fine.id())).post("/api/v1/friend-requests").then().statusCode(201);

        awaitPushes(fineToken, 1);
        List<JsonNode> attempts = awaitPushes(slowToken, 4);
        assertThat(attempts).hasSize(4);
        await().atMost(DELIVERY).until(() -> outbox.pendingFor(slow.id()) == 0);
    }

    @Test
    void aQueuedPushIsDroppedOnceTheRecipientBlocksTheSender() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        String token = device(ravi, "ANDROID");
        FcmStandIn.unavailable(token);
        Social.message(asha, ravi, "a preview ravi must not see after the block");
        awaitPushes(token, 1);

        Social.block(ravi, asha);

        assertDroppedUnsent(ravi, token);
    }

    @Test
    void aQueuedPushIsDroppedOnceTheRecipientMutesItsCategory() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        String token = device(ravi, "ANDROID");
        FcmStandIn.unavailable(token);
        Social.message(asha, ravi, "muted before FCM took it");
        awaitPushes(token, 1);

        ravi.request().body(Map.of("mutedCategories", List.of("MESSAGES"))).put("/api/v1/notifications/settings")
                .then().statusCode(200);

        assertDroppedUnsent(ravi, token);
    }

    @Test
    void aDeletedAccountsNameLeavesOthersNotificationsAndItsQueuedPushesAreNotSent() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        TestUser meera = TestUsers.register();
        String name = "Asha " + UUID.randomUUID();
        asha.request().body(Map.of("fullName", name)).patch("/api/v1/me").then().statusCode(200);
        Social.befriend(meera, ravi);
        String token = device(ravi, "ANDROID");
        FcmStandIn.unavailable(token);
        asha.request().body(Map.of("recipientId", ravi.id())).post("/api/v1/friend-requests").then().statusCode(201);
        awaitPushes(token, 1);
        assertThat(ravi.request().get("/api/v1/notifications").asString()).contains(name);

        asha.request().delete("/api/v1/me").then().statusCode(204);

        String list = ravi.request().get("/api/v1/notifications").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].data.userId", equalTo(meera.id().toString()))
                .extract().asString();
        assertThat(list).doesNotContain(name, asha.id().toString());
        assertDroppedUnsent(ravi, token);
    }

    /**
     * The push FCM keeps refusing is dropped at its next attempt rather than retried on (and sent once FCM is back):
     * at most the attempt already on its way when the change came reaches FCM. Retried, it would reach FCM three
     * more times within a few seconds (backoff of 300 ms doubling, eight attempts in all).
     */
    private void assertDroppedUnsent(TestUser recipient, String token) {
        int before = FcmStandIn.messagesTo(token).size();
        await().atMost(DELIVERY).until(() -> outbox.pendingFor(recipient.id()) == 0
                || FcmStandIn.messagesTo(token).size() >= before + 3);
        assertThat(outbox.pendingFor(recipient.id())).as("pushes still queued").isZero();
        assertThat(FcmStandIn.messagesTo(token).size()).as("attempts after the change").isLessThanOrEqualTo(before + 1);
    }

    @Test
    void concurrentSettingsUpdatesStoreOneOfThemWhole() {
        TestUser ravi = TestUsers.register();
        List<List<String>> requests = List.of(List.of("CALLS", "MESSAGES"), List.of("SOCIAL", "ROOMS"));
        for (int round = 0; round < 20; round++) {
            List<Concurrently.Outcome<Integer>> outcomes = Concurrently.run(2, i -> ravi.request()
                    .body(Map.of("mutedCategories", requests.get(i))).put("/api/v1/notifications/settings")
                    .then().extract().statusCode());
            assertThat(outcomes).extracting(Concurrently.Outcome::result).containsOnly(200);
            List<String> stored = ravi.request().get("/api/v1/notifications/settings").then().extract()
                    .path("mutedCategories");
            assertThat(stored).as("round %d", round).isIn(requests);
        }
    }

    @Test
    void aPushWhoseSenderDiedIsSentAgainAfterItsLeaseOnce() {
        TestUser ravi = TestUsers.register();
        String token = device(ravi, "ANDROID");
        // As a pod that claimed the push and died before FCM answered: committed, claimed, never reported back.
        List<UUID> claimed = QuarkusTransaction.requiringNew().call(() -> {
            notifications.record(new Notice(ravi.id(), NotificationCategory.ACCOUNT, "test.crash", "Hello",
                    "sent once", Map.of(), true, null, false, Instant.now().plusSeconds(600)));
            Instant now = Instant.now();
            return outbox.claimDue(now, now.plusSeconds(600), 10_000).stream().map(PushOutboxRepository.Push::id)
                    .toList();
        });
        assertThat(claimed).isNotEmpty();
        assertThat(FcmStandIn.messagesTo(token)).isEmpty();

        // The lease runs out (a lease of seconds could run out on a busy machine before the check above).
        Instant now = Instant.now();
        outbox.retryAt(claimed.stream().collect(Collectors.toMap(id -> id, id -> now)));
        awaitPushes(token, 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> FcmStandIn.messagesTo(token).size() == 1);
    }

    private long outboxRowsOf(UUID deviceId) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select count(*) from push_outbox where device_id = ?")) {
            statement.setObject(1, deviceId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static String device(TestUser user, String platform) {
        String token = "fcm-" + UUID.randomUUID();
        user.request().body(Map.of("fcmToken", token, "platform", platform)).post("/api/v1/me/devices").then()
                .statusCode(201);
        return token;
    }

    private static List<JsonNode> awaitPushes(String token, int count) {
        await().atMost(DELIVERY).until(() -> FcmStandIn.messagesTo(token).size() >= count);
        return FcmStandIn.messagesTo(token);
    }
}
