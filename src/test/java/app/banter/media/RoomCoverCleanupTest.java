package app.banter.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.Uploads;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Room covers are public on the CDN while a room uses them: a room that ends, or whose host deletes their account,
 * releases its cover, and the cleanup deletes it once it is old enough. A live room's cover stays.
 */
@QuarkusTest
class RoomCoverCleanupTest {

    @Inject
    MediaCleanupJob cleanupJob;

    @Inject
    EntityManager entityManager;

    @Test
    void theCoverOfAnEndedRoomIsDeletedByTheCleanupAndALiveRoomsStays() {
        TestUser host = TestUsers.register();
        TestUser otherHost = TestUsers.register();
        Room ended = open(host);
        Room live = open(otherHost);
        host.request().post("/api/v1/rooms/" + ended.id() + "/end").then().statusCode(204);
        MediaRows.age(entityManager, ended.cover(), live.cover());

        cleanupJob.deleteUnusedUploads();

        assertThat(Uploads.get(ended.coverUrl()).statusCode()).as("the ended room's cover").isEqualTo(404);
        assertThat(count(ended.cover())).isZero();
        host.request().get("/api/v1/rooms/" + ended.id()).then().statusCode(200).body("coverUrl", nullValue());
        assertThat(Uploads.get(live.coverUrl()).statusCode()).as("the live room's cover").isEqualTo(200);
        assertThat(count(live.cover())).isEqualTo(1);
    }

    @Test
    void deletingTheAccountReleasesTheCoverOfTheRoomItHosts() {
        TestUser host = TestUsers.register();
        Room room = open(host);
        host.request().delete("/api/v1/me").then().statusCode(204);
        MediaRows.age(entityManager, room.cover());

        cleanupJob.deleteUnusedUploads();

        assertThat(Uploads.get(room.coverUrl()).statusCode()).isEqualTo(404);
        assertThat(count(room.cover())).isZero();
    }

    private record Room(UUID id, UUID cover, String coverUrl) {
    }

    private static Room open(TestUser host) {
        UUID cover = Uploads.completed(host, "ROOM_COVER", "image/png", Uploads.png(900));
        Map<String, Object> request = new HashMap<>(Map.of("title", "Covers", "category", "music", "language", "hi",
                "capacity", 10, "visibility", "PUBLIC", "coverMediaId", cover));
        JsonPath created = host.request().body(request).post("/api/v1/rooms").then().statusCode(201).extract()
                .jsonPath();
        String coverUrl = created.getString("room.coverUrl");
        assertThat(Uploads.get(coverUrl).statusCode()).isEqualTo(200);
        return new Room(UUID.fromString(created.getString("room.id")), cover, coverUrl);
    }

    private long count(UUID mediaId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from media where id = ?1").setParameter(1, mediaId)
                .getSingleResult()).longValue());
    }
}
