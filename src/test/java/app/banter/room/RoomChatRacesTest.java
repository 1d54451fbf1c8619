package app.banter.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The host's pin racing the deletion of the message it pins. */
@QuarkusTest
class RoomChatRacesTest {

    @Inject
    DataSource database;

    /**
     * The author's deletion is held uncommitted (the message erased, its row locked as the deletion holds it) while the
     * host pins the message: the pin waits for it and then finds no message to pin, and nothing stays pinned.
     */
    @Test
    void aPinRacingTheDeletionOfItsMessageLeavesNothingPinned() throws Exception {
        TestUser host = TestUsers.register();
        TestUser listener = TestUsers.register();
        UUID roomId = RoomFixture.open(host, 50);
        RoomFixture.join(listener, roomId).statusCode(200);
        UUID messageId = UUID.fromString(listener.request().body(Map.of("text", "pin me"))
                .post(chat(roomId) + "/messages").then().statusCode(201).extract().path("id"));

        Response pin;
        try (Connection held = database.getConnection(); ExecutorService client = Executors.newSingleThreadExecutor()) {
            held.setAutoCommit(false);
            try (PreparedStatement statement = held.prepareStatement(
                    "update room_messages set body = null, deleted_at = now(), deleted_by = ? where id = ?")) {
                statement.setObject(1, listener.id());
                statement.setObject(2, messageId);
                assertThat(statement.executeUpdate()).isEqualTo(1);
            }
            CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> host.request()
                    .body(Map.of("messageId", messageId)).put(chat(roomId) + "/pin").andReturn(), client);
            // Before the fix the pin did not wait: it pinned the message the deletion was erasing.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> answer.isDone() || LockWaits.someoneWaitsOn(database, "room_messages"));
            held.commit();
            pin = answer.get(30, TimeUnit.SECONDS);
        }

        assertThat(pin.statusCode()).as("pinning the message deleted meanwhile").isEqualTo(404);
        listener.request().get(chat(roomId) + "/pin").then().statusCode(200).body("message", nullValue());
    }

    private static String chat(UUID roomId) {
        return "/api/v1/rooms/" + roomId + "/chat";
    }
}
