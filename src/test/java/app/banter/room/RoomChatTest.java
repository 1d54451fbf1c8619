package app.banter.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

/**
 * Room text chat through the API: who may post and read, the limits and reports of direct messages (1000 characters,
 * 30 messages a minute, three reporters restrict), the host's pin, and the room.* events members present receive.
 */
@QuarkusTest
class RoomChatTest {

    @AfterEach
    void reset() {
        LiveKitStandIn.resetToDefaults();
    }

    @Test
    void aMessageReachesEveryMemberPresentAndOnlyThem() {
        TestUser host = TestUsers.register();
        TestUser listener = TestUsers.register();
        TestUser outsider = TestUsers.register();
        try (WsClient hostPhone = WsClient.connect(RestAssured.port, host.accessToken());
                WsClient listenerPhone = WsClient.connect(RestAssured.port, listener.accessToken());
                WsClient outsiderPhone = WsClient.connect(RestAssured.port, outsider.accessToken())) {
            UUID roomId = RoomFixture.open(host, 50);
            RoomFixture.join(listener, roomId).statusCode(200);

            String id = post(listener, roomId, "  namaste everyone  ").statusCode(201)
                    .body("text", equalTo("namaste everyone")).body("sender.id", equalTo(listener.id().toString()))
                    .body("roomId", equalTo(roomId.toString())).extract().path("id");

            for (WsClient phone : new WsClient[] {hostPhone, listenerPhone}) {
                JsonNode event = phone.await("room.message", e -> e.at("/message/id").asText().equals(id));
                assertThat(event.path("roomId").asText()).isEqualTo(roomId.toString());
                assertThat(event.at("/message/sender/username").asText()).isEqualTo(listener.username());
            }
            outsiderPhone.assertNone("room.message", Duration.ofMillis(500));
            host.request().get(chat(roomId) + "/messages").then().statusCode(200)
                    .body("items[0].id", equalTo(id)).body("items[0].text", equalTo("namaste everyone"));

            outsider.request().get(chat(roomId) + "/messages").then().statusCode(404);
            post(outsider, roomId, "let me in").statusCode(403).body("code", equalTo("NOT_IN_ROOM"));
            post(host, UUID.randomUUID(), "anyone?").statusCode(404);
            RoomFixture.act(listener, roomId, "/leave").statusCode(204);
            post(listener, roomId, "still here?").statusCode(403).body("code", equalTo("NOT_IN_ROOM"));
        }
    }

    @Test
    void theLengthAndRateLimitsOfDirectMessagesApply() {
        TestUser host = TestUsers.register();
        UUID roomId = RoomFixture.open(host, 50);

        post(host, roomId, "x".repeat(1001)).statusCode(400).body("code", equalTo("MESSAGE_TOO_LONG"));
        post(host, roomId, "   ").statusCode(400).body("code", equalTo("EMPTY_MESSAGE"));
        host.request().body(Map.of()).post(chat(roomId) + "/messages").then().statusCode(400);
        // Characters, not UTF-16 units: 1000 emoji are 2000 chars in Java and still one message.
        post(host, roomId, "\uD83C\uDFB6".repeat(1000)).statusCode(201);
        for (int i = 1; i < 30; i++) {
            post(host, roomId, "message " + i).statusCode(201);
        }
        post(host, roomId, "one too many").statusCode(429).body("code", equalTo("RATE_LIMITED"));
        // One budget for a person's messages, direct or in rooms.
        TestUser friend = TestUsers.register();
        Social.befriend(host, friend);
        host.request().body(Map.of("recipientId", friend.id(), "text", "hi")).post("/api/v1/messages").then()
                .statusCode(429);
    }

    /** A member blocked either way with a message's author neither hears it nor reads it, nor sees it pinned. */
    @Test
    void messagesOfPeopleOneIsBlockedWithAreLeftOut() {
        TestUser host = TestUsers.register();
        TestUser author = TestUsers.register();
        TestUser blocker = TestUsers.register();
        TestUser blocked = TestUsers.register();
        Social.block(blocker, author);
        Social.block(author, blocked);
        try (WsClient hostPhone = WsClient.connect(RestAssured.port, host.accessToken());
                WsClient blockerPhone = WsClient.connect(RestAssured.port, blocker.accessToken());
                WsClient blockedPhone = WsClient.connect(RestAssured.port, blocked.accessToken())) {
            UUID roomId = RoomFixture.open(host, 50);
            for (TestUser user : new TestUser[] {author, blocker, blocked}) {
                RoomFixture.join(user, roomId).statusCode(200);
            }
            String id = post(author, roomId, "hello room").statusCode(201).extract().path("id");
            String hosts = post(host, roomId, "welcome").statusCode(201).extract().path("id");
            pin(host, roomId, id).statusCode(200);

            hostPhone.await("room.message", e -> e.at("/message/id").asText().equals(id));
            hostPhone.await("room.pinned");
            for (TestUser apart : new TestUser[] {blocker, blocked}) {
                apart.request().get(chat(roomId) + "/messages").then().statusCode(200)
                        .body("items.id", contains(hosts));
                apart.request().get(chat(roomId) + "/pin").then().statusCode(200).body("message", nullValue());
            }
            for (WsClient phone : new WsClient[] {blockerPhone, blockedPhone}) {
                phone.await("room.message", e -> e.at("/message/id").asText().equals(hosts));
                phone.assertNone("room.pinned", Duration.ofMillis(500));
                assertThat(phone.drain()).extracting(JsonNode::toString).noneMatch(event -> event.contains(id));
            }
            host.request().get(chat(roomId) + "/messages").then().body("items.id",
                    contains(hosts, id));
        }
    }

    @Test
    void onlyTheHostPinsAndEveryMemberSeesThePin() {
        TestUser host = TestUsers.register();
        TestUser listener = TestUsers.register();
        try (WsClient listenerPhone = WsClient.connect(RestAssured.port, listener.accessToken())) {
            UUID roomId = RoomFixture.open(host, 50);
            RoomFixture.join(listener, roomId).statusCode(200);
            String first = post(listener, roomId, "rules: be kind").statusCode(201).extract().path("id");
            String second = post(host, roomId, "next song at 10").statusCode(201).extract().path("id");

            pin(listener, roomId, first).statusCode(403).body("code", equalTo("NOT_ROOM_HOST"));
            pin(host, roomId, UUID.randomUUID().toString()).statusCode(404);
            pin(host, roomId, first).statusCode(200).body("message.id", equalTo(first))
                    .body("message.sender.id", equalTo(listener.id().toString()));
            assertThat(listenerPhone.await("room.pinned").at("/message/id").asText()).isEqualTo(first);
            listener.request().get(chat(roomId) + "/pin").then().statusCode(200).body("message.id", equalTo(first));

            pin(host, roomId, second).statusCode(200);
            listener.request().get(chat(roomId) + "/pin").then().statusCode(200).body("message.id", equalTo(second));

            listener.request().delete(chat(roomId) + "/pin").then().statusCode(403);
            host.request().delete(chat(roomId) + "/pin").then().statusCode(204);
            listenerPhone.await("room.unpinned");
            listener.request().get(chat(roomId) + "/pin").then().statusCode(200).body("message", nullValue());
            host.request().delete(chat(roomId) + "/pin").then().statusCode(204);

            TestUser outsider = TestUsers.register();
            outsider.request().get(chat(roomId) + "/pin").then().statusCode(404);
            pin(outsider, roomId, first).statusCode(403).body("code", equalTo("NOT_IN_ROOM"));
        }
    }

    @Test
    void authorsDeleteTheirMessagesAndTheHostAnyone() {
        TestUser host = TestUsers.register();
        TestUser author = TestUsers.register();
        TestUser other = TestUsers.register();
        try (WsClient otherPhone = WsClient.connect(RestAssured.port, other.accessToken())) {
            UUID roomId = RoomFixture.open(host, 50);
            RoomFixture.join(author, roomId).statusCode(200);
            RoomFixture.join(other, roomId).statusCode(200);
            String rude = post(author, roomId, "something rude").statusCode(201).extract().path("id");
            String mine = post(author, roomId, "oops, typo").statusCode(201).extract().path("id");
            pin(host, roomId, rude).statusCode(200);

            other.request().delete(chat(roomId) + "/messages/" + rude).then().statusCode(403)
                    .body("code", equalTo("NOT_ROOM_MODERATOR"));
            host.request().delete(chat(roomId) + "/messages/" + rude).then().statusCode(204);
            assertThat(otherPhone.await("room.message_deleted").path("messageId").asText()).isEqualTo(rude);
            author.request().delete(chat(roomId) + "/messages/" + mine).then().statusCode(204);
            host.request().delete(chat(roomId) + "/messages/" + mine).then().statusCode(404);

            other.request().get(chat(roomId) + "/messages").then().statusCode(200).body("items.size()", equalTo(0));
            other.request().get(chat(roomId) + "/pin").then().statusCode(200).body("message", nullValue());
        }
    }

    /**
     * A deleted account's messages are erased in every room, as if its owner had deleted each: members present, and
     * those who join later, read none of its text, and a pin on one of them goes.
     */
    @Test
    void aDeletedAccountsMessagesAreErasedForEveryoneInTheRoom() {
        TestUser host = TestUsers.register();
        TestUser author = TestUsers.register();
        TestUser member = TestUsers.register();
        try (WsClient memberPhone = WsClient.connect(RestAssured.port, member.accessToken())) {
            UUID roomId = RoomFixture.open(host, 50);
            RoomFixture.join(author, roomId).statusCode(200);
            RoomFixture.join(member, roomId).statusCode(200);
            String secret = "call me on my other number " + UUID.randomUUID();
            String pinned = post(author, roomId, secret).statusCode(201).extract().path("id");
            post(author, roomId, "and say hi").statusCode(201);
            String hosts = post(host, roomId, "welcome").statusCode(201).extract().path("id");
            pin(host, roomId, pinned).statusCode(200);
            memberPhone.await("room.pinned");

            author.request().delete("/api/v1/me").then().statusCode(204);

            TestUser later = TestUsers.register();
            RoomFixture.join(later, roomId).statusCode(200);
            for (TestUser reader : new TestUser[] {member, later}) {
                String page = reader.request().get(chat(roomId) + "/messages").then().statusCode(200).extract()
                        .asString();
                assertThat(page).doesNotContain(secret).doesNotContain("and say hi");
                reader.request().get(chat(roomId) + "/messages").then().body("items.id", contains(hosts));
                reader.request().get(chat(roomId) + "/pin").then().statusCode(200).body("message", nullValue());
            }
            memberPhone.await("room.unpinned");
        }
    }

    @Test
    void aRoomMessageIsReportedLikeADirectMessageAndItsRestrictedAuthorPostsNoMore() {
        TestUser host = TestUsers.register();
        TestUser troll = TestUsers.register();
        UUID roomId = RoomFixture.open(host, 50);
        RoomFixture.join(troll, roomId).statusCode(200);
        String message = post(troll, roomId, "buy followers at ...").statusCode(201).extract().path("id");

        TestUser outsider = TestUsers.register();
        report(outsider, message).statusCode(404);
        report(troll, message).statusCode(400).body("code", equalTo("SELF_REPORT"));
        for (int i = 0; i < 3; i++) {
            TestUser reporter = i == 0 ? host : TestUsers.register();
            if (i > 0) {
                RoomFixture.join(reporter, roomId).statusCode(200);
            }
            report(reporter, message).statusCode(201).body("targetType", equalTo("MESSAGE"));
        }

        post(troll, roomId, "hello?").statusCode(403).body("code", equalTo("ACCOUNT_RESTRICTED"));
        // Direct messages are still reported through the same path.
        TestUser a = TestUsers.register();
        TestUser b = TestUsers.register();
        Social.befriend(a, b);
        String dm = Social.message(a, b, "hey").getString("id");
        report(b, dm).statusCode(201);
    }

    private static String chat(UUID roomId) {
        return "/api/v1/rooms/" + roomId + "/chat";
    }

    private static ValidatableResponse post(TestUser user, UUID roomId, String text) {
        return user.request().body(Map.of("text", text)).post(chat(roomId) + "/messages").then();
    }

    private static ValidatableResponse pin(TestUser user, UUID roomId, String messageId) {
        return user.request().body(Map.of("messageId", messageId)).put(chat(roomId) + "/pin").then();
    }

    private static ValidatableResponse report(TestUser reporter, String messageId) {
        return reporter.request().body(Map.of("targetType", "MESSAGE", "targetId", messageId, "reason", "SPAM"))
                .post("/api/v1/reports").then();
    }
}
