package app.banter.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.AzuriteResource;
import app.banter.testsupport.Concurrently;
import app.banter.testsupport.LockWaits;
import app.banter.testsupport.Social;
import app.banter.testsupport.SqlStatements;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class DirectMessagesTest {

    @Inject
    ChatService chat;

    @Inject
    AgroalDataSource database;

    @Test
    void friendsExchangeTextImagesAndRepliesAndSeeUnreadCounts() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);

        JsonPath first = Social.message(asha, ravi, "  namaste  ");
        assertThat(first.getString("text")).isEqualTo("namaste");
        assertThat(first.getString("kind")).isEqualTo("TEXT");
        // Time-ordered (version 7): each message's id lands on the last page of the messages' primary key.
        assertThat(UUID.fromString(first.getString("id")).version()).isEqualTo(7);
        String conversationId = first.getString("conversationId");
        String image = ravi.request().body(Map.of("recipientId", asha.id(), "mediaUrl",
                AzuriteResource.blobEndpoint() + "/avatars/p.jpg", "text", "look", "replyToId", first.getString("id")))
                .post("/api/v1/messages").then().statusCode(201)
                .body("kind", equalTo("IMAGE")).body("replyToId", equalTo(first.getString("id")))
                .body("conversationId", equalTo(conversationId)).extract().path("id");
        Social.message(ravi, asha, "are you there?");

        asha.request().get("/api/v1/conversations").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(conversationId))
                .body("items[0].peer.id", equalTo(ravi.id().toString()))
                .body("items[0].lastMessage.text", equalTo("are you there?"))
                .body("items[0].unreadCount", equalTo(2));
        // Writing in a conversation means having read it up to there.
        ravi.request().get("/api/v1/conversations").then().body("items[0].unreadCount", equalTo(0));

        asha.request().body(Map.of("messageId", image)).post("/api/v1/conversations/" + conversationId + "/read")
                .then().statusCode(200).body("userId", equalTo(asha.id().toString()));
        asha.request().get("/api/v1/conversations").then().body("items[0].unreadCount", equalTo(1));
        // A read mark never moves back.
        asha.request().body(Map.of("messageId", first.getString("id")))
                .post("/api/v1/conversations/" + conversationId + "/read").then().statusCode(200);
        asha.request().get("/api/v1/conversations").then().body("items[0].unreadCount", equalTo(1));

        asha.request().get("/api/v1/conversations/" + conversationId + "/messages").then().statusCode(200)
                .body("items", hasSize(3)).body("items[0].text", equalTo("are you there?"))
                .body("items[2].text", equalTo("namaste"));
    }

    @Test
    void replyToAMessageOfAnotherConversationIsNotFound() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        TestUser meera = TestUsers.register();
        Social.befriend(asha, ravi);
        Social.befriend(asha, meera);
        String elsewhere = Social.message(asha, meera, "hi meera").getString("id");
        asha.request().body(Map.of("recipientId", ravi.id(), "text", "hi", "replyToId", elsewhere))
                .post("/api/v1/messages").then().statusCode(404);
    }

    @Test
    void onlyTheSenderEditsOrDeletesAndDeletionKeepsThePlace() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        JsonPath message = Social.message(asha, ravi, "helo");
        String id = message.getString("id");

        ravi.request().body(Map.of("text", "hacked")).patch("/api/v1/messages/" + id).then().statusCode(404);
        ravi.request().delete("/api/v1/messages/" + id).then().statusCode(404);
        asha.request().body(Map.of("text", "hello")).patch("/api/v1/messages/" + id).then().statusCode(200)
                .body("text", equalTo("hello")).body("editedAt", notNullValue());
        asha.request().body(Map.of("text", " ")).patch("/api/v1/messages/" + id).then().statusCode(400);

        asha.request().delete("/api/v1/messages/" + id).then().statusCode(204);
        ravi.request().get("/api/v1/conversations/" + message.getString("conversationId") + "/messages").then()
                .body("items", hasSize(1)).body("items[0].deleted", equalTo(true))
                .body("items[0].text", nullValue());
        asha.request().body(Map.of("text", "again")).patch("/api/v1/messages/" + id).then().statusCode(409)
                .body("code", equalTo("MESSAGE_DELETED"));
        // Deleting again answers as the first delete did (a retry after a lost answer); it is still only the sender's.
        asha.request().delete("/api/v1/messages/" + id).then().statusCode(204);
        ravi.request().delete("/api/v1/messages/" + id).then().statusCode(404);
        ravi.request().get("/api/v1/conversations").then().body("items[0].unreadCount", equalTo(0));
    }

    @Test
    void aBlockEndsEditsAndReadReceiptsAcrossIt() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        JsonPath first = Social.message(ravi, asha, "first");
        JsonPath second = Social.message(ravi, asha, "second");
        String conversationId = first.getString("conversationId");
        try (WsClient raviPhone = WsClient.connect(RestAssured.port, ravi.accessToken())) {
            asha.request().body(Map.of("messageId", first.getString("id")))
                    .post("/api/v1/conversations/" + conversationId + "/read").then().statusCode(200);
            raviPhone.await("message.read");

            Social.block(asha, ravi);
            asha.request().body(Map.of("messageId", second.getString("id")))
                    .post("/api/v1/conversations/" + conversationId + "/read").then().statusCode(200);
            raviPhone.assertNone("message.read", Duration.ofMillis(500));
        }
        ravi.request().body(Map.of("text", "new words")).patch("/api/v1/messages/" + second.getString("id")).then()
                .statusCode(404);
        ravi.request().delete("/api/v1/messages/" + second.getString("id")).then().statusCode(204);
    }

    /**
     * An edit reaches the peer as a new message does, so it is held to the rules of sending one now: nothing from a
     * restricted sender, nor from someone the peer no longer takes messages from (unfriended, DMs for friends only).
     * Deleting stays possible.
     */
    @Test
    void editingFollowsTheRulesOfSendingNow() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        TestUser meera = TestUsers.register();
        Social.befriend(asha, ravi);
        Social.befriend(meera, ravi);
        String fromAsha = Social.message(asha, ravi, "hello").getString("id");
        String fromMeera = Social.message(meera, ravi, "hi").getString("id");
        try (WsClient raviPhone = WsClient.connect(RestAssured.port, ravi.accessToken())) {
            TestUsers.moderator().request().body(Map.of("reason", "spam"))
                    .post("/api/v1/moderation/users/" + asha.id() + "/restrict").then().statusCode(200);
            asha.request().body(Map.of("text", "new words")).patch("/api/v1/messages/" + fromAsha).then()
                    .statusCode(403).body("code", equalTo("ACCOUNT_RESTRICTED"));

            ravi.request().delete("/api/v1/friends/" + meera.id()).then().statusCode(204);
            meera.request().body(Map.of("text", "new words")).patch("/api/v1/messages/" + fromMeera).then()
                    .statusCode(403).body("code", equalTo("DMS_FRIENDS_ONLY"));
            raviPhone.assertNone("message.edited", Duration.ofMillis(500));

            ravi.request().body(Map.of("dmsOpenToEveryone", true)).put("/api/v1/me/privacy").then().statusCode(200);
            meera.request().body(Map.of("text", "hi again")).patch("/api/v1/messages/" + fromMeera).then()
                    .statusCode(200).body("text", equalTo("hi again"));
            assertThat(raviPhone.await("message.edited").path("message").path("text").asText())
                    .isEqualTo("hi again");
        }
        asha.request().delete("/api/v1/messages/" + fromAsha).then().statusCode(204);
        ravi.request().get("/api/v1/conversations").then().statusCode(200)
                .body("items.find { it.peer.id == '" + asha.id() + "' }.lastMessage.deleted", equalTo(true));
    }

    @Test
    void aReadMarkWrittenAfterAConcurrentSendKeepsWhatTheSendMoved() throws Exception {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        JsonPath opening = Social.message(ravi, asha, "hi");
        String conversationId = opening.getString("conversationId");
        String ravisReadMark = "case when user_low = '" + ravi.id() + "' then low_read_seq else high_read_seq end";

        // The send's update holds the conversation row while asha's read mark, already past its reads, waits on it.
        try (Connection send = database.getConnection()) {
            send.setAutoCommit(false);
            LockWaits.execute(send, "select 1 from conversations where id = '" + conversationId + "' for update");
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> asha.request()
                    .body(Map.of("messageId", opening.getString("id")))
                    .post("/api/v1/conversations/" + conversationId + "/read").then().extract().statusCode());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> LockWaits.someoneWaits(database, "update conversations"));
            LockWaits.execute(send, "update conversations set last_message_at = '2030-01-01T00:00:00Z', "
                    + "low_read_seq = low_read_seq + case when user_low = '" + ravi.id() + "' then 100 else 0 end, "
                    + "high_read_seq = high_read_seq + case when user_high = '" + ravi.id() + "' then 100 else 0 end "
                    + "where id = '" + conversationId + "'");
            send.commit();
            assertThat(read.get(20, TimeUnit.SECONDS)).isEqualTo(200);
        }
        try (Connection check = database.getConnection(); Statement statement = check.createStatement();
                ResultSet row = statement.executeQuery("select last_message_at = '2030-01-01T00:00:00Z', "
                        + ravisReadMark + " >= 100 from conversations where id = '" + conversationId + "'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getBoolean(1)).as("last message time kept").isTrue();
            assertThat(row.getBoolean(2)).as("the other member's read mark kept").isTrue();
        }
    }



    @Test
    void anotherPairsConversationIsNotFound() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        TestUser snoop = TestUsers.register();
        Social.befriend(asha, ravi);
        JsonPath message = Social.message(asha, ravi, "private");
        String conversationId = message.getString("conversationId");

        snoop.request().get("/api/v1/conversations/" + conversationId + "/messages").then().statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
        snoop.request().body(Map.of("messageId", message.getString("id")))
                .post("/api/v1/conversations/" + conversationId + "/read").then().statusCode(404);
        snoop.request().get("/api/v1/conversations").then().body("items", empty());
        snoop.request().get("/api/v1/conversations/" + UUID.randomUUID() + "/messages").then()
                .statusCode(404);
    }

    @Test
    void strangersMayMessageOnlyWhenTheRecipientOpenedDms() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        asha.request().body(Map.of("recipientId", ravi.id(), "text", "hi")).post("/api/v1/messages").then()
                .statusCode(403).body("code", equalTo("DMS_FRIENDS_ONLY"));
        ravi.request().get("/api/v1/me/privacy").then().statusCode(200).body("dmsOpenToEveryone", equalTo(false));
        ravi.request().body(Map.of("dmsOpenToEveryone", true)).put("/api/v1/me/privacy").then().statusCode(200)
                .body("dmsOpenToEveryone", equalTo(true));
        Social.message(asha, ravi, "hi");
        // Opening one's own DMs does not open the other's.
        ravi.request().body(Map.of("recipientId", asha.id(), "text", "hey")).post("/api/v1/messages").then()
                .statusCode(403);
        asha.request().body(Map.of("recipientId", asha.id(), "text", "me")).post("/api/v1/messages").then()
                .statusCode(400).body("code", equalTo("SELF_MESSAGE"));
    }

    @Test
    void emptyOverlongAndMalformedMessagesAreRefused() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        asha.request().body(Map.of("recipientId", ravi.id(), "text", "   ")).post("/api/v1/messages").then()
                .statusCode(400).body("code", equalTo("EMPTY_MESSAGE"));
        asha.request().body(Map.of("recipientId", ravi.id(), "text", "x".repeat(1001))).post("/api/v1/messages")
                .then().statusCode(400).body("code", equalTo("MESSAGE_TOO_LONG"));
        asha.request().body(Map.of("recipientId", ravi.id(), "mediaUrl", "javascript:alert(1)"))
                .post("/api/v1/messages").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        Social.message(asha, ravi, "x".repeat(1000));
    }

    @Test
    void sendingIsLimitedPerMinute() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        for (int i = 0; i < 30; i++) {
            Social.message(asha, ravi, "spam " + i);
        }
        asha.request().body(Map.of("recipientId", ravi.id(), "text", "one more")).post("/api/v1/messages").then()
                .statusCode(429).body("code", equalTo("RATE_LIMITED")).header("Retry-After", notNullValue());
        // The refused message was not stored.
        String conversationId = ravi.request().get("/api/v1/conversations").then().extract()
                .path("items[0].id");
        ravi.request().get("/api/v1/conversations/" + conversationId + "/messages").then()
                .body("items[0].text", equalTo("spam 29"));
    }

    @Test
    void messagesArePagedNewestFirst() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        String conversationId = null;
        for (int i = 0; i < 7; i++) {
            conversationId = Social.message(asha, ravi, "m" + i).getString("conversationId");
        }
        List<String> texts = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> query = new HashMap<>(Map.of("limit", 3));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            JsonPath page = ravi.request().queryParams(query)
                    .get("/api/v1/conversations/" + conversationId + "/messages").then().statusCode(200)
                    .extract().jsonPath();
            texts.addAll(page.getList("items.text"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(texts).containsExactly("m6", "m5", "m4", "m3", "m2", "m1", "m0");
    }

    @Test
    void conversationsArePagedByLatestActivityWithTheirPeerAndNewestMessage() {
        TestUser asha = TestUsers.register();
        List<TestUser> friends = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestUser friend = TestUsers.register();
            Social.befriend(asha, friend);
            Social.message(friend, asha, "first from " + i);
            Social.message(friend, asha, "hello from " + i);
            friends.add(friend);
        }
        // The oldest conversation becomes the most recent one.
        Social.message(asha, friends.get(0), "back to you");

        List<JsonPath> pages = conversationPages(asha, 2);
        List<String> peers = pages.stream().flatMap(page -> page.<String>getList("items.peer.id").stream()).toList();
        List<String> lastTexts = pages.stream()
                .flatMap(page -> page.<String>getList("items.lastMessage.text").stream()).toList();
        for (JsonPath page : pages) {
            assertThat(page.getList("items.lastMessage.conversationId")).isEqualTo(page.getList("items.id"));
        }
        assertThat(peers).containsExactly(friends.get(0).id().toString(), friends.get(4).id().toString(),
                friends.get(3).id().toString(), friends.get(2).id().toString(), friends.get(1).id().toString());
        assertThat(lastTexts).containsExactly("back to you", "hello from 4", "hello from 3", "hello from 2",
                "hello from 1");
        JsonPath first = asha.request().get("/api/v1/conversations").then().extract().jsonPath();
        // Writing in the first conversation read it; the others have two unread each.
        assertThat(first.getList("items.unreadCount", Integer.class)).containsExactly(0, 2, 2, 2, 2);
        assertThat(first.getString("items[1].peer.username")).isEqualTo(friends.get(4).username());
        // A page is one statement, whatever its length: no query per conversation for its peer or messages.
        var page = SqlStatements.record(() -> chat.conversations(asha.id(), null, 20));
        assertThat(page.result().items()).hasSize(5);
        assertThat(page.statements()).as(String.join("\n", page.statements())).hasSize(1);
    }

    @Test
    void aPageMergesTheConversationsWhereTheUserIsTheLowerMemberWithThoseWhereTheyAreTheHigher() {
        // A conversation stores its pair with the smaller id first, and a page is read from both sides at once: the
        // peers here are three of each, their conversations' activity alternating between the sides.
        TestUser asha = TestUsers.register();
        List<TestUser> lower = new ArrayList<>();
        List<TestUser> higher = new ArrayList<>();
        while (lower.size() < 3 || higher.size() < 3) {
            TestUser peer = TestUsers.register();
            List<TestUser> side = MessageStore.Pair.of(asha.id(), peer.id()).low().equals(peer.id()) ? lower : higher;
            if (side.size() < 3) {
                side.add(peer);
            }
        }
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (TestUser peer : List.of(lower.get(i), higher.get(i))) {
                Social.befriend(asha, peer);
                Social.message(peer, asha, "hello");
                newestFirst.addFirst(peer.id().toString());
            }
        }

        for (int limit : List.of(1, 2, 4, 20)) {
            List<String> peers = conversationPages(asha, limit).stream()
                    .flatMap(page -> page.<String>getList("items.peer.id").stream()).toList();
            assertThat(peers).as("pages of %d", limit).containsExactlyElementsOf(newestFirst);
        }
    }

    /** Every page of the user's conversations, following the cursors. */
    private static List<JsonPath> conversationPages(TestUser user, int limit) {
        List<JsonPath> pages = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> query = new HashMap<>(Map.of("limit", limit));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            JsonPath page = user.request().queryParams(query).get("/api/v1/conversations").then().statusCode(200)
                    .extract().jsonPath();
            pages.add(page);
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return pages;
    }

    @Test
    void bothSendingTheirFirstMessagesAtOnceShareOneConversationAndKeepTheirReadMarks() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);

        // Concurrent first sends create the pair's conversation once; concurrent sends in it lose no read mark.
        List<Concurrently.Outcome<String>> sent = Concurrently.run(8, i -> (i % 2 == 0
                ? Social.message(asha, ravi, "a" + i) : Social.message(ravi, asha, "r" + i)).getString("conversationId"));
        assertThat(sent).allMatch(Concurrently.Outcome::succeeded);
        assertThat(sent.stream().map(Concurrently.Outcome::result).distinct()).hasSize(1);

        asha.request().get("/api/v1/conversations").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].id", equalTo(sent.getFirst().result()));
        String conversationId = sent.getFirst().result();
        asha.request().get("/api/v1/conversations/" + conversationId + "/messages").then().body("items", hasSize(8));
        // Each read mark is at least the sender's own newest message: the other side's newer messages are unread.
        List<String> texts = asha.request().get("/api/v1/conversations/" + conversationId + "/messages").then()
                .extract().jsonPath().getList("items.text");
        long unreadForAsha = texts.stream().takeWhile(t -> t.startsWith("r")).count();
        long unreadForRavi = texts.stream().takeWhile(t -> t.startsWith("a")).count();
        asha.request().get("/api/v1/conversations").then().body("items[0].unreadCount", equalTo((int) unreadForAsha));
        ravi.request().get("/api/v1/conversations").then().body("items[0].unreadCount", equalTo((int) unreadForRavi));
    }
}
