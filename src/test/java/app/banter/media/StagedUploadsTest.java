package app.banter.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.AzuriteResource;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.Uploads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Uploads land in a private staging container; only a blob that passed its check at completion is copied to where it
 * is read (for avatars and room covers: anonymously, through the CDN).
 */
@QuarkusTest
class StagedUploadsTest {

    private static final byte[] PAGE = "<html><body><script>alert(document.domain)</script></body></html>"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void anUploadThatIsNeverCompletedIsNotServedFromThePublicContainer() {
        TestUser me = TestUsers.register();
        // Declared as a 1-byte PNG avatar; an HTML page of any size is sent as text/html instead.
        JsonPath ticket = Uploads.issue(me, "AVATAR", "image/png", 1);
        String id = ticket.getString("mediaId");
        assertThat(Uploads.put(ticket, "text/html", PAGE).statusCode()).isEqualTo(201);

        String publicUrl = AzuriteResource.blobEndpoint() + "/avatars/" + id;
        assertThat(Uploads.get(publicUrl).statusCode()).as("served anonymously before completion").isEqualTo(404);
        assertThat(ticket.getString("uploadUrl")).contains("/staging/" + id + "?").doesNotContain("/avatars/");
        String staged = ticket.getString("uploadUrl").substring(0, ticket.getString("uploadUrl").indexOf('?'));
        assertThat(Uploads.get(staged).statusCode()).as("the staging container is private").isIn(403, 404);

        me.request().post("/api/v1/media/" + id + "/complete").then().statusCode(400)
                .body("code", equalTo("MEDIA_SIZE_MISMATCH"));
        assertThat(Uploads.get(publicUrl).statusCode()).as("served anonymously after refusal").isEqualTo(404);
        assertThat(Uploads.blobsNamed("staging", id)).as("the refused blob is deleted").isEmpty();
    }

    @Test
    void aRefusedRoomCoverIsNeverPublic() {
        TestUser me = TestUsers.register();
        // The declared size and content type, but the bytes are a page, not a JPEG.
        byte[] page = Arrays.copyOf(PAGE, 400);
        JsonPath ticket = Uploads.issue(me, "ROOM_COVER", "image/jpeg", page.length);
        String id = ticket.getString("mediaId");
        assertThat(Uploads.put(ticket, "image/jpeg", page).statusCode()).isEqualTo(201);
        String publicUrl = AzuriteResource.blobEndpoint() + "/room-covers/" + id;
        assertThat(Uploads.get(publicUrl).statusCode()).isEqualTo(404);
        me.request().post("/api/v1/media/" + id + "/complete").then().statusCode(400)
                .body("code", equalTo("MEDIA_CONTENT_MISMATCH"));
        assertThat(Uploads.get(publicUrl).statusCode()).isEqualTo(404);
        assertThat(Uploads.blobsNamed("room-covers", id)).isEmpty();
        assertThat(Uploads.blobsNamed("staging", id)).isEmpty();
    }

    @Test
    void aCompletedAvatarIsPublishedWithTheCheckedContentTypeAndNoHeadersOfTheClients() {
        TestUser me = TestUsers.register();
        byte[] photo = Uploads.png(1_500);
        JsonPath ticket = Uploads.issue(me, "AVATAR", "image/png", photo.length);
        String id = ticket.getString("mediaId");
        // Accepted as image/png (the check ignores case and parameters), with headers of the client's own choosing.
        HttpResponse<String> put = Uploads.send(HttpRequest.newBuilder(URI.create(ticket.getString("uploadUrl")))
                .timeout(Duration.ofSeconds(10)).header("x-ms-blob-type", "BlockBlob")
                .header("x-ms-blob-content-type", "Image/PNG; charset=utf-8")
                .header("x-ms-blob-content-disposition", "attachment; filename=page.html")
                .header("x-ms-blob-cache-control", "public, max-age=31536000")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(photo)).build());
        assertThat(put.statusCode()).isEqualTo(201);
        String publicUrl = AzuriteResource.blobEndpoint() + "/avatars/" + id;
        assertThat(Uploads.get(publicUrl).statusCode()).isEqualTo(404);

        me.request().post("/api/v1/media/" + id + "/complete").then().statusCode(200)
                .body("status", equalTo("READY"));

        HttpResponse<byte[]> read = Uploads.getBytes(publicUrl);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(photo);
        assertThat(read.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(read.headers().firstValue("Content-Disposition")).isEmpty();
        assertThat(read.headers().firstValue("Cache-Control")).isEmpty();
        assertThat(Uploads.blobsNamed("staging", id)).as("the staged copy is deleted").isEmpty();
        // Completing again answers the same and leaves the published blob as it is.
        me.request().post("/api/v1/media/" + id + "/complete").then().statusCode(200)
                .body("status", equalTo("READY"));
        assertThat(Uploads.getBytes(publicUrl).body()).isEqualTo(photo);
    }
}
