package app.banter.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

import app.banter.testsupport.FirebaseTestClient;
import app.banter.testsupport.LockWaits;
import app.banter.testsupport.StaffUsers;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * A profile edit racing another change to the account: the test holds that change uncommitted (the account's row
 * locked, as the change itself holds it), sends the edit, waits until it waits on the row, and commits. The edit must
 * not write back the account it read before.
 */
@QuarkusTest
class ProfileRacesTest {

    @Inject
    DataSource database;

    @Test
    void anEditRacingTheDeletionLeavesTheAccountDeleted() throws Exception {
        TestUser me = TestUsers.register();
        Response edit = whileHeld(me.id(), """
                update users set status = 'DELETED', phone = null, firebase_uid = null, full_name = 'Deleted user',
                                 bio = null, deleted_at = now(), updated_at = now()
                where id = ?""", me, Map.of("fullName", "Asha Rao", "bio", "Back again"));

        assertThat(edit.statusCode()).as("the edit of the account deleted meanwhile").isEqualTo(404);
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select status, phone, firebase_uid, full_name, bio from users where id = ?")) {
            statement.setObject(1, me.id());
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString("status")).isEqualTo("DELETED");
                assertThat(row.getString("phone")).isNull();
                assertThat(row.getString("firebase_uid")).isNull();
                assertThat(row.getString("full_name")).isEqualTo("Deleted user");
                assertThat(row.getString("bio")).isNull();
            }
        }
        TestUsers.signIn(FirebaseTestClient.phoneIdToken(me.phone())).statusCode(200)
                .body("registrationTicket", notNullValue()).body("accessToken", nullValue());
    }

    @Test
    void anEditRacingARoleRevocationDoesNotRestoreTheRole() throws Exception {
        TestUser moderator = StaffUsers.withRoles(StaffDirectory.MODERATOR);
        Response edit = whileHeld(moderator.id(),
                "update users set roles = array_remove(roles, 'moderator'), updated_at = now() where id = ?",
                moderator, Map.of("bio", "Moderating no more"));

        assertThat(edit.statusCode()).isEqualTo(200);
        assertThat(edit.jsonPath().getList("roles")).isEmpty();
        assertThat(moderator.request().get("/api/v1/me").then().statusCode(200).extract().jsonPath()
                .getList("roles")).as("roles after the edit").isEmpty();
    }

    /**
     * Runs {@code change} on the user's row in a transaction of the test's own, sends the edit, and commits once the
     * edit waits on that row; returns the edit's answer.
     */
    private Response whileHeld(UUID userId, String change, TestUser editor, Map<String, Object> edit)
            throws Exception {
        // A thread of its own: the common pool may have a single thread on a small machine.
        try (Connection held = database.getConnection(); ExecutorService client = Executors.newSingleThreadExecutor()) {
            held.setAutoCommit(false);
            try (PreparedStatement statement = held.prepareStatement(change)) {
                statement.setObject(1, userId);
                assertThat(statement.executeUpdate()).isEqualTo(1);
            }
            CompletableFuture<Response> answer = CompletableFuture.supplyAsync(
                    () -> editor.request().body(edit).patch("/api/v1/me").andReturn(), client);
            await().atMost(Duration.ofSeconds(30)).until(() -> LockWaits.someoneWaitsOn(database, "users"));
            held.commit();
            return answer.get(30, TimeUnit.SECONDS);
        }
    }
}
