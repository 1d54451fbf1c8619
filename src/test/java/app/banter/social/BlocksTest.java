package app.banter.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.LockWaits;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** A block is enforced in every place two people meet. */
@QuarkusTest
class BlocksTest {

    @Inject
    AgroalDataSource database;

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

    @Test
    void aFriendRequestRacingABlockIsRefused() throws Exception {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        String pair = asha.id().compareTo(ravi.id()) < 0 ? asha.id() + ":" + ravi.id() : ravi.id() + ":" + asha.id();
        // Asha's block holds the pair's lock while it commits; Ravi's request waits on it.
        try (Connection block = database.getConnection()) {
            block.setAutoCommit(false);
            LockWaits.execute(block, "select pg_advisory_xact_lock(hashtextextended('" + pair + "', 0))");
            CompletableFuture<Integer> request = CompletableFuture.supplyAsync(() -> ravi.request()
                    .body(Map.of("recipientId", asha.id())).post("/api/v1/friend-requests").then().extract()
                    .statusCode());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> LockWaits.someoneWaits(database, "select 1 from (select pg_advisory_xact_lock"));
            LockWaits.execute(block, "insert into blocks (blocker_id, blocked_id, created_at) values ('" + asha.id()
                    + "', '" + ravi.id() + "', now())");
            block.commit();
            assertThat(request.get(20, TimeUnit.SECONDS)).isEqualTo(404);
        }
        asha.request().get("/api/v1/friend-requests/incoming").then().body("items", empty());
    }
}
