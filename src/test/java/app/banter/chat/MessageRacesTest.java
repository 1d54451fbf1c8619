package app.banter.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
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

import app.banter.testsupport.LockWaits;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.Uploads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** An edit of a direct message racing its deletion. */
@QuarkusTest
class MessageRacesTest {

    @Inject
    DataSource database;

    /**
     * The deletion is held uncommitted (the message erased and its upload released, the message's row locked as the
     * deletion holds it) while the edit is sent: the edit waits for it, then finds the message deleted.
     */
    @Test
    void anEditRacingTheDeletionLeavesTheMessageAndItsPhotoDeleted() throws Exception {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        UUID photo = Uploads.completed(asha, "CHAT_IMAGE", "image/jpeg", Uploads.jpeg(2_000));
        JsonPath sent = asha.request().body(Map.of("recipientId", ravi.id(), "mediaId", photo, "text", "sunset"))
                .post("/api/v1/messages").then().statusCode(201).extract().jsonPath();
        UUID messageId = UUID.fromString(sent.getString("id"));

        Response edit;
        try (Connection held = database.getConnection(); ExecutorService client = Executors.newSingleThreadExecutor()) {
            held.setAutoCommit(false);
            update(held, "update messages set body = null, media_url = null, media_id = null, deleted_at = now() "
                    + "where id = ?", messageId);
            update(held, "update media set attached_at = null where id = ?", photo);
            CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> asha.request()
                    .body(Map.of("text", "sunset, edited")).patch("/api/v1/messages/" + messageId).andReturn(), client);
            await().atMost(Duration.ofSeconds(30)).until(() -> LockWaits.someoneWaitsOn(database, "messages"));
            held.commit();
            edit = answer.get(30, TimeUnit.SECONDS);
        }

        assertThat(edit.statusCode()).isEqualTo(409);
        assertThat(edit.jsonPath().getString("code")).isEqualTo("MESSAGE_DELETED");
        ravi.request().get("/api/v1/conversations/" + sent.getString("conversationId") + "/messages").then()
                .statusCode(200).body("items[0].id", equalTo(messageId.toString()))
                .body("items[0].deleted", equalTo(true)).body("items[0].text", nullValue())
                .body("items[0].mediaId", nullValue());
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select count(*) from messages where media_id = ?")) {
            statement.setObject(1, photo);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                assertThat(row.getLong(1)).as("messages using the released upload").isZero();
            }
        }
    }

    private static void update(Connection connection, String sql, UUID id) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, id);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }
}
