package app.banter.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.LockWaits;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** What a deletion must not leave behind when something else happens to the account at the same moment. */
@QuarkusTest
class AccountDeletionRacesTest {

    @Inject
    DataSource database;

    /**
     * The acceptance is held at the pair's lock (which the test holds) while the sender deletes the account: whichever
     * commits first, no friendship with a deleted account may be left.
     */
    @Test
    void aFriendRequestAcceptedWhileTheSenderDeletesTheAccountLeavesNoFriendship() throws Exception {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        String requestId = asha.request().body(Map.of("recipientId", ravi.id())).post("/api/v1/friend-requests")
                .then().statusCode(201).extract().path("id");
        UUID a = asha.id();
        UUID b = ravi.id();
        String pair = a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
        // Threads of their own: the common pool may have a single thread on a small machine, which the waiting
        // acceptance would hold. Declared before the connection, so closed after it: should anything fail before the
        // commit, closing the connection ends its transaction and lets the requests waiting on its lock finish,
        // which closing the threads waits for.
        try (ExecutorService clients = Executors.newFixedThreadPool(2); Connection block = database.getConnection()) {
            block.setAutoCommit(false);
            LockWaits.execute(block, "select pg_advisory_xact_lock(hashtextextended('" + pair + "', 0))");
            CompletableFuture<Integer> accept = CompletableFuture.supplyAsync(() -> ravi.request()
                    .post("/api/v1/friend-requests/" + requestId + "/accept").then().extract().statusCode(), clients);
            await().atMost(Duration.ofSeconds(20)).until(() -> waiting() >= 1);
            CompletableFuture<Integer> delete = CompletableFuture.supplyAsync(() -> asha.request()
                    .delete("/api/v1/me").then().extract().statusCode(), clients);
            await().atMost(Duration.ofSeconds(20)).until(() -> waiting() >= 2);
            block.commit();
            assertThat(accept.get(20, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(delete.get(20, TimeUnit.SECONDS)).isEqualTo(204);
        }
        assertThat(count("select count(*) from friendships where user_id = ? or friend_id = ?", a, a))
                .as("friendships of the deleted account").isZero();
    }

    @Test
    void theSocketClosedByTheDeletionWritesNoLastSeen() throws Exception {
        TestUser asha = TestUsers.register();
        WsClient phone = WsClient.connect(RestAssured.port, asha.accessToken());
        try {
            asha.request().delete("/api/v1/me").then().statusCode(204);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> count("select count(*) from last_seen where user_id = ?", asha.id()) == 0);
        } finally {
            phone.close();
        }
    }

    /** Statements waiting on a lock. */
    private long waiting() throws SQLException {
        return count("select count(*) from pg_stat_activity where wait_event_type = 'Lock'");
    }

    private long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
