package app.banter.gift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.LockWaits;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import app.banter.wallet.TestWallets;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

/** Gifts in voice rooms, through the API: to the stage only, heard by the whole room, counted for top gifters. */
@QuarkusTest
class RoomGiftsTest {

    @Inject
    TestWallets wallets;

    @Inject
    GiftLedgerRows rows;

    @Inject
    DataSource database;

    @AfterEach
    void booksBalance() {
        LiveKitStandIn.resetToDefaults();
        wallets.assertBooksBalance();
    }

    @Test
    void aMemberBlockedWithTheGiverDoesNotHearOfTheGift() {
        TestUser host = TestUsers.register();
        TestUser fan = TestUsers.register();
        TestUser listener = TestUsers.register();
        TestUser apart = TestUsers.register();
        Social.block(apart, fan);
        try (WsClient listenerPhone = WsClient.connect(RestAssured.port, listener.accessToken());
                WsClient apartPhone = WsClient.connect(RestAssured.port, apart.accessToken())) {
            UUID roomId = open(host);
            join(fan, roomId);
            join(listener, roomId);
            join(apart, roomId);

            String id = send(fan, "heart-apart", gift("heart", host.id(), roomId)).statusCode(200).extract().path("id");

            listenerPhone.await("room.gift", e -> e.at("/gift/id").asText().equals(id));
            apartPhone.assertNone("room.gift", Duration.ofMillis(500));
        }
    }

    @Test
    void aListenerGivesTheHostAGiftThatEveryMemberPresentHearsOf() {
        TestUser host = TestUsers.register();
        TestUser fan = TestUsers.register();
        TestUser listener = TestUsers.register();
        TestUser outsider = TestUsers.register();
        try (WsClient hostPhone = WsClient.connect(RestAssured.port, host.accessToken());
                WsClient fanPhone = WsClient.connect(RestAssured.port, fan.accessToken());
                WsClient listenerPhone = WsClient.connect(RestAssured.port, listener.accessToken());
                WsClient outsiderPhone = WsClient.connect(RestAssured.port, outsider.accessToken())) {
            UUID roomId = open(host);
            join(fan, roomId);
            join(listener, roomId);

            String id = send(fan, "heart-1", gift("heart", host.id(), roomId)).statusCode(200)
                    .body("coins", equalTo(50)).body("receiverCoins", equalTo(30))
                    .body("roomId", equalTo(roomId.toString())).extract().path("id");

            for (WsClient phone : new WsClient[] {hostPhone, fanPhone, listenerPhone}) {
                JsonNode event = phone.await("room.gift", e -> e.at("/gift/id").asText().equals(id));
                assertThat(event.path("roomId").asText()).isEqualTo(roomId.toString());
                assertThat(event.at("/gift/sender/id").asText()).isEqualTo(fan.id().toString());
                assertThat(event.at("/gift/receiver/id").asText()).isEqualTo(host.id().toString());
            }
            outsiderPhone.assertNone("room.gift", Duration.ofMillis(500));

            send(listener, "rose-1", gift("rose", host.id(), roomId)).statusCode(200);
            send(listener, "rose-2", gift("rose", host.id(), roomId)).statusCode(200);
            listener.request().get(topGifters(roomId)).then().statusCode(200)
                    .body("size()", equalTo(2))
                    .body("[0].user.id", equalTo(fan.id().toString())).body("[0].coins", equalTo(50))
                    .body("[0].gifts", equalTo(1))
                    .body("[1].user.id", equalTo(listener.id().toString())).body("[1].coins", equalTo(20))
                    .body("[1].gifts", equalTo(2));
            outsider.request().get(topGifters(roomId)).then().statusCode(404);
            host.request().get("/api/v1/gifts/received").then().statusCode(200).body("items.size()", equalTo(3));
        }
    }

    @Test
    void giftsInARoomGoToTheStageFromMembersPresent() {
        TestUser host = TestUsers.register();
        TestUser fan = TestUsers.register();
        TestUser listener = TestUsers.register();
        TestUser outsider = TestUsers.register();
        UUID roomId = open(host);
        join(fan, roomId);
        join(listener, roomId);

        send(outsider, "o1", gift("rose", host.id(), roomId)).statusCode(403).body("code", equalTo("NOT_IN_ROOM"));
        send(fan, "f1", gift("rose", listener.id(), roomId)).statusCode(409)
                .body("code", equalTo("RECEIVER_NOT_ON_STAGE"));
        send(fan, "f2", gift("rose", outsider.id(), roomId)).statusCode(409)
                .body("code", equalTo("RECEIVER_NOT_IN_ROOM"));
        send(fan, "f3", gift("rose", host.id(), UUID.randomUUID())).statusCode(403)
                .body("code", equalTo("NOT_IN_ROOM"));
        fan.request().post("/api/v1/rooms/" + roomId + "/leave").then().statusCode(204);
        send(fan, "f4", gift("rose", host.id(), roomId)).statusCode(403).body("code", equalTo("NOT_IN_ROOM"));

        assertThat(rows.giftsSentBy(fan.id())).isZero();
        assertThat(rows.giftsSentBy(outsider.id())).isZero();
    }

    /**
     * A ban does not change the account's status, and a banned host may still be connected to the room: gifts to them
     * are refused as to nobody, and move no coins. The refusal leaves the key free for the sender's next gift.
     */
    @Test
    void aBannedUserReceivesNoGift() {
        TestUser host = TestUsers.register();
        TestUser moderator = TestUsers.register();
        TestUser fan = TestUsers.register();
        UUID roomId = open(host);
        join(moderator, roomId);
        join(fan, roomId);
        host.request().post("/api/v1/rooms/" + roomId + "/members/" + moderator.id() + "/promote").then()
                .statusCode(204);
        TestUsers.moderator().request().body(Map.of("reason", "fraud"))
                .post("/api/v1/moderation/users/" + host.id() + "/ban").then().statusCode(200);

        send(fan, "after-ban", gift("rose", host.id(), roomId)).statusCode(404).body("code", equalTo("NOT_FOUND"));

        assertThat(rows.giftsSentBy(fan.id())).isZero();
        assertThat(coins(fan)).isEqualTo(100);
        assertThat(earnings(moderator)).isZero();
        send(fan, "after-ban", gift("rose", moderator.id(), roomId)).statusCode(200);
        assertThat(coins(fan)).isEqualTo(90);
        assertThat(earnings(moderator)).isEqualTo(6);
    }

    /**
     * The receiver's account is deleted while the gift is under way (the deletion holds the account's row): the gift
     * waits for it and is refused as to nobody, rather than paying coins into an account nobody can use.
     */
    @Test
    void aGiftRacingTheReceiversDeletionIsRefused() throws Exception {
        TestUser host = TestUsers.register();
        TestUser fan = TestUsers.register();
        UUID roomId = open(host);
        join(fan, roomId);
        try (Connection deletion = database.getConnection()) {
            deletion.setAutoCommit(false);
            LockWaits.execute(deletion, "select 1 from users where id = '" + host.id() + "' for update");
            CompletableFuture<Integer> giving = CompletableFuture.supplyAsync(
                    () -> send(fan, "racing", gift("rose", host.id(), roomId)).extract().statusCode());
            await().atMost(Duration.ofSeconds(20)).until(() -> LockWaits.someoneWaits(database, "select 1 from users"));
            LockWaits.execute(deletion, "update users set status = 'DELETED' where id = '" + host.id() + "'");
            deletion.commit();
            assertThat(giving.get(20, TimeUnit.SECONDS)).isEqualTo(404);
        }
        assertThat(rows.giftsSentBy(fan.id())).isZero();
        assertThat(coins(fan)).isEqualTo(100);
        assertThat(earnings(host)).isZero();
    }

    /**
     * Like the room's speakers and listeners, its top gifters leave out whoever the viewer blocked or was blocked by;
     * the list still names as many givers as it may (banter.gifts.top-gifters, 10) when there are that many visible.
     */
    @Test
    void topGiftersLeaveOutPeopleBlockedEitherWayAndStillFillTheList() {
        TestUser host = TestUsers.register();
        TestUser viewer = TestUsers.register();
        TestUser blockedByViewer = TestUsers.register();
        TestUser blockerOfViewer = TestUsers.register();
        UUID roomId = open(host);
        join(viewer, roomId);
        join(blockedByViewer, roomId);
        join(blockerOfViewer, roomId);
        send(blockedByViewer, "heart", gift("heart", host.id(), roomId)).statusCode(200);
        send(blockerOfViewer, "chai", gift("chai", host.id(), roomId)).statusCode(200);
        List<String> visible = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            TestUser giver = TestUsers.register();
            join(giver, roomId);
            send(giver, "rose", gift("rose", host.id(), roomId)).statusCode(200);
            visible.add(giver.id().toString());
        }
        Social.block(viewer, blockedByViewer);
        Social.block(blockerOfViewer, viewer);

        List<String> seen = viewer.request().get(topGifters(roomId)).then().statusCode(200)
                .extract().jsonPath().getList("user.id", String.class);

        assertThat(seen).containsExactlyElementsOf(visible);
        host.request().get(topGifters(roomId)).then().statusCode(200).body("size()", equalTo(10))
                .body("[0].user.id", equalTo(blockedByViewer.id().toString()))
                .body("[1].user.id", equalTo(blockerOfViewer.id().toString()));
    }

    private static long coins(TestUser user) {
        return user.request().get("/api/v1/wallet").then().statusCode(200).extract().<Integer>path("coins.balance");
    }

    private static long earnings(TestUser user) {
        return user.request().get("/api/v1/wallet").then().statusCode(200)
                .extract().<Integer>path("earnings.balance");
    }

    private static UUID open(TestUser host) {
        Map<String, Object> room = new HashMap<>();
        room.put("title", "Evening ghazals");
        room.put("category", "music");
        room.put("language", "hi");
        room.put("capacity", 50);
        room.put("visibility", "PUBLIC");
        return UUID.fromString(host.request().body(room).post("/api/v1/rooms").then().statusCode(201).extract()
                .path("room.id"));
    }

    private static void join(TestUser user, UUID roomId) {
        user.request().post("/api/v1/rooms/" + roomId + "/join").then().statusCode(200);
    }

    private static String topGifters(UUID roomId) {
        return "/api/v1/rooms/" + roomId + "/top-gifters";
    }

    private static ValidatableResponse send(TestUser sender, String key, Map<String, Object> body) {
        return sender.request().header("Idempotency-Key", key).body(body).post("/api/v1/gifts/sent").then();
    }

    private static Map<String, Object> gift(String giftId, UUID receiverId, UUID roomId) {
        return Map.of("giftId", giftId, "receiverId", receiverId, "roomId", roomId);
    }
}
