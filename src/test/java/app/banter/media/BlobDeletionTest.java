package app.banter.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.Uploads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Deleting blobs against Azurite: blobs the client snapshotted through its upload URL. */
@QuarkusTest
class BlobDeletionTest {

    @Test
    void aSnapshotTakenWithTheUploadUrlDoesNotStopARefusal() {
        TestUser me = TestUsers.register();
        JsonPath ticket = Uploads.issue(me, "CHAT_IMAGE", "image/jpeg", 600);
        String id = ticket.getString("mediaId");
        assertThat(Uploads.put(ticket, "image/jpeg", Uploads.jpeg(599)).statusCode()).isEqualTo(201);
        // A create SAS also allows taking a snapshot; a blob with snapshots is deleted only together with them.
        HttpResponse<String> snapshot = Uploads.send(HttpRequest.newBuilder(
                URI.create(ticket.getString("uploadUrl") + "&comp=snapshot")).timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(snapshot.statusCode()).isEqualTo(201);

        me.request().post("/api/v1/media/" + id + "/complete").then().statusCode(400)
                .body("code", equalTo("MEDIA_SIZE_MISMATCH"));
        me.request().post("/api/v1/media/" + id + "/complete").then().statusCode(409)
                .body("code", equalTo("MEDIA_REJECTED"));
        assertThat(Uploads.blobsNamed("chat-media", id)).as("blob and snapshot deleted").isEmpty();
    }
}
