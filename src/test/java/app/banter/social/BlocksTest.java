package app.banter.social;

import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/** A block is enforced in every place two people meet. */
@QuarkusTest
class BlocksTest {

    @Test
    void blockingEndsTheFriendshipAndPendingRequestsAndIsListed() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        TestUser meera = TestUsers.register();
        Social.befriend(asha, ravi);
        meera.request().body(Map.of("recipientId", asha.id())).post("/api/v1/friend-requests").then().statusCode(201);

        Social.block(asha, ravi);
        Social.block(asha, ravi);
        Social.block(asha, meera);
        asha.request().get("/api/v1/friends").then().body("items", empty());
        ravi.request().get("/api/v1/friends").then().body("items", empty());
        asha.request().get("/api/v1/friend-requests/incoming").then().body("items", empty());
        asha.request().get("/api/v1/blocks").then().statusCode(200).body("items", hasSize(2))
                .body("items[0].user.id", equalTo(meera.id().toString()))
                .body("items[1].user.id", equalTo(ravi.id().toString()));

        asha.request().put("/api/v1/blocks/" + asha.id()).then().statusCode(400).body("code", equalTo("SELF_BLOCK"));
        asha.request().put("/api/v1/blocks/" + UUID.randomUUID()).then().statusCode(404);

        asha.request().delete("/api/v1/blocks/" + ravi.id()).then().statusCode(204);
        asha.request().delete("/api/v1/blocks/" + ravi.id()).then().statusCode(404);
        asha.request().get("/api/v1/blocks").then().body("items", hasSize(1));
    }

    @Test
    void blockedUsersCannotSendFriendRequestsEitherWay() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.block(asha, ravi);
        // The blocked user sees the blocker as not found; the blocker is told to unblock first.
        ravi.request().body(Map.of("recipientId", asha.id())).post("/api/v1/friend-requests").then()
                .statusCode(404).body("code", equalTo("NOT_FOUND"));
        asha.request().body(Map.of("recipientId", ravi.id())).post("/api/v1/friend-requests").then()
                .statusCode(409).body("code", equalTo("USER_BLOCKED"));
    }

    @Test
    void blockedUsersCannotMessageEitherWayEvenWithOpenDms() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        Social.message(ravi, asha, "hello");
        asha.request().body(Map.of("dmsOpenToEveryone", true)).put("/api/v1/me/privacy").then().statusCode(200);
        Social.block(asha, ravi);

        ravi.request().body(Map.of("recipientId", asha.id(), "text", "why?")).post("/api/v1/messages").then()
                .statusCode(404);
        asha.request().body(Map.of("recipientId", ravi.id(), "text", "bye")).post("/api/v1/messages").then()
                .statusCode(409).body("code", equalTo("USER_BLOCKED"));
    }

    @Test
    void blockedUsersDoNotFindOrSeeEachOther() {
        String prefix = "blk" + Long.toString(System.nanoTime(), 36).substring(0, 6);
        TestUser asha = TestUsers.register(TestUsers.randomPhone(), prefix + "a");
        TestUser ravi = TestUsers.register(TestUsers.randomPhone(), prefix + "r");
        ravi.request().queryParam("q", prefix).get("/api/v1/users").then()
                .body("items.id", hasItem(asha.id().toString()));
        ravi.request().get("/api/v1/users/" + asha.id()).then().statusCode(200);

        Social.block(asha, ravi);
        ravi.request().queryParam("q", prefix).get("/api/v1/users").then()
                .body("items.id", not(hasItem(asha.id().toString())));
        ravi.request().get("/api/v1/users/" + asha.id()).then().statusCode(404);
        asha.request().queryParam("q", prefix).get("/api/v1/users").then()
                .body("items.id", not(hasItem(ravi.id().toString())));
        asha.request().get("/api/v1/users/" + ravi.id()).then().statusCode(404);

        asha.request().delete("/api/v1/blocks/" + ravi.id()).then().statusCode(204);
        ravi.request().get("/api/v1/users/" + asha.id()).then().statusCode(200);
    }
}
