package app.banter.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class FriendsTest {

    @Test
    void requestWithMessageIsAcceptedIntoAFriendshipBothSeeThenUnfriended() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();

        String requestId = asha.request().body(Map.of("recipientId", ravi.id(), "message", "  Hi, from college!  "))
                .post("/api/v1/friend-requests").then().statusCode(201)
                .body("status", equalTo("PENDING"))
                .body("message", equalTo("Hi, from college!"))
                .body("sender.username", equalTo(asha.username()))
                .body("recipient.id", equalTo(ravi.id().toString()))
                .extract().path("id");

        ravi.request().get("/api/v1/friend-requests/incoming").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", equalTo(requestId)).body("nextCursor", nullValue());
        asha.request().get("/api/v1/friend-requests/outgoing").then().statusCode(200)
                .body("items[0].id", equalTo(requestId));
        asha.request().get("/api/v1/friend-requests/incoming").then().body("items", empty());

        ravi.request().post("/api/v1/friend-requests/" + requestId + "/accept").then().statusCode(200)
                .body("status", equalTo("ACCEPTED")).body("answeredAt", notNullValue());
        asha.request().get("/api/v1/friends").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].user.id", equalTo(ravi.id().toString()));
        ravi.request().get("/api/v1/friends").then().body("items[0].user.id", equalTo(asha.id().toString()));
        ravi.request().get("/api/v1/friend-requests/incoming").then().body("items", empty());

        // Friends already: another request is refused, and answering the old one again too.
        asha.request().body(Map.of("recipientId", ravi.id())).post("/api/v1/friend-requests").then()
                .statusCode(409).body("code", equalTo("ALREADY_FRIENDS"));
        ravi.request().post("/api/v1/friend-requests/" + requestId + "/reject").then().statusCode(409)
                .body("code", equalTo("REQUEST_NOT_PENDING"));

        ravi.request().delete("/api/v1/friends/" + asha.id()).then().statusCode(204);
        asha.request().get("/api/v1/friends").then().body("items", empty());
        ravi.request().delete("/api/v1/friends/" + asha.id()).then().statusCode(404);
    }

    @Test
    void selfDuplicateAndUnknownRecipientsAreRefused() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        asha.request().body(Map.of("recipientId", asha.id())).post("/api/v1/friend-requests").then()
                .statusCode(400).body("code", equalTo("SELF_REQUEST"));
        asha.request().body(Map.of("recipientId", UUID.randomUUID())).post("/api/v1/friend-requests")
                .then().statusCode(404);
        asha.request().body(Map.of("recipientId", ravi.id())).post("/api/v1/friend-requests").then().statusCode(201);
        asha.request().body(Map.of("recipientId", ravi.id())).post("/api/v1/friend-requests").then()
                .statusCode(409).body("code", equalTo("REQUEST_PENDING"));
        asha.request().body(Map.of("recipientId", ravi.id(), "message", "x".repeat(201)))
                .post("/api/v1/friend-requests").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        asha.request().body(Map.of()).post("/api/v1/friend-requests").then().statusCode(400);
    }

    @Test
    void aRequestToSomeoneWhoAlreadyAskedYouMakesYouFriendsOnce() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        String first = asha.request().body(Map.of("recipientId", ravi.id())).post("/api/v1/friend-requests")
                .then().statusCode(201).extract().path("id");
        ravi.request().body(Map.of("recipientId", asha.id())).post("/api/v1/friend-requests").then()
                .statusCode(200).body("id", equalTo(first)).body("status", equalTo("ACCEPTED"));
        asha.request().get("/api/v1/friends").then().body("items", hasSize(1));
        ravi.request().get("/api/v1/friends").then().body("items", hasSize(1));
        asha.request().get("/api/v1/friend-requests/outgoing").then().body("items", empty());
    }

    @Test
    void crossingRequestsSentAtTheSameMomentMakeOneFriendship() throws Exception {
        for (int round = 0; round < 3; round++) {
            TestUser asha = TestUsers.register();
            TestUser ravi = TestUsers.register();
            CompletableFuture<Integer> one = CompletableFuture.supplyAsync(() -> asha.request()
                    .body(Map.of("recipientId", ravi.id())).post("/api/v1/friend-requests").statusCode());
            CompletableFuture<Integer> two = CompletableFuture.supplyAsync(() -> ravi.request()
                    .body(Map.of("recipientId", asha.id())).post("/api/v1/friend-requests").statusCode());
            assertThat(List.of(one.get(60, TimeUnit.SECONDS), two.get(60, TimeUnit.SECONDS)))
                    .containsExactlyInAnyOrder(201, 200);
            asha.request().get("/api/v1/friends").then().body("items", hasSize(1));
            asha.request().get("/api/v1/friend-requests/outgoing").then().body("items", empty());
            ravi.request().get("/api/v1/friend-requests/outgoing").then().body("items", empty());
        }
    }

    @Test
    void onlyTheRecipientAnswersAndOnlyTheSenderCancels() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        TestUser stranger = TestUsers.register();
        String requestId = asha.request().body(Map.of("recipientId", ravi.id())).post("/api/v1/friend-requests")
                .then().statusCode(201).extract().path("id");

        asha.request().post("/api/v1/friend-requests/" + requestId + "/accept").then().statusCode(404);
        stranger.request().post("/api/v1/friend-requests/" + requestId + "/accept").then().statusCode(404);
        stranger.request().post("/api/v1/friend-requests/" + requestId + "/cancel").then().statusCode(404);
        ravi.request().post("/api/v1/friend-requests/" + requestId + "/cancel").then().statusCode(404);

        asha.request().post("/api/v1/friend-requests/" + requestId + "/cancel").then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
        ravi.request().get("/api/v1/friend-requests/incoming").then().body("items", empty());
        ravi.request().post("/api/v1/friend-requests/" + requestId + "/accept").then().statusCode(409);

        String again = asha.request().body(Map.of("recipientId", ravi.id())).post("/api/v1/friend-requests")
                .then().statusCode(201).extract().path("id");
        ravi.request().post("/api/v1/friend-requests/" + again + "/reject").then().statusCode(200)
                .body("status", equalTo("REJECTED"));
        asha.request().get("/api/v1/friends").then().body("items", empty());
    }

    /**
     * A new request notifies its recipient and a cancelled one may be sent again, so send and cancel in a loop would
     * notify someone without end: a sender sends banter.social.friend-requests.per-hour (20) an hour. Requests that
     * reach nobody (refused) or that answer the recipient's own are not counted.
     */
    @Test
    void sendingAndCancellingInALoopIsRateLimited() {
        TestUser pest = TestUsers.register();
        TestUser target = TestUsers.register();
        TestUser admirer = TestUsers.register();
        String theirs = send(admirer, pest).statusCode(201).extract().path("id");
        send(pest, pest).statusCode(400);
        for (int i = 0; i < 20; i++) {
            String requestId = send(pest, target).statusCode(201).extract().path("id");
            send(pest, target).statusCode(409).body("code", equalTo("REQUEST_PENDING"));
            pest.request().post("/api/v1/friend-requests/" + requestId + "/cancel").then().statusCode(200);
        }

        send(pest, target).statusCode(429).body("code", equalTo("RATE_LIMITED"))
                .header("Retry-After", notNullValue());
        target.request().queryParam("limit", 100).get("/api/v1/notifications").then().statusCode(200)
                .body("items.findAll { it.kind == 'friend.request' }.size()", equalTo(20));
        send(pest, admirer).statusCode(200).body("id", equalTo(theirs)).body("status", equalTo("ACCEPTED"));
    }

    private static ValidatableResponse send(TestUser sender, TestUser recipient) {
        return sender.request().body(Map.of("recipientId", recipient.id())).post("/api/v1/friend-requests").then();
    }

    @Test
    void friendsAndRequestsArePagedWithCursors() {
        TestUser me = TestUsers.register();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestUser other = TestUsers.register();
            Social.befriend(other, me);
            expected.add(0, other.id().toString());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> query = new HashMap<>(Map.of("limit", 2));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            var page = me.request().queryParams(query).get("/api/v1/friends").then().statusCode(200)
                    .extract().jsonPath();
            seen.addAll(page.getList("items.user.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(expected);

        me.request().queryParam("cursor", "%%%").get("/api/v1/friends").then().statusCode(400);
        me.request().queryParam("limit", 101).get("/api/v1/friends").then().statusCode(400);
    }
}
