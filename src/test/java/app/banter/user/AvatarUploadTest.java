package app.banter.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.AzuriteResource;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.Uploads;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** A profile's avatar as an upload: PATCH /me with avatarMediaId, read by anyone through the CDN URL. */
@QuarkusTest
class AvatarUploadTest {

    @Inject
    EntityManager entityManager;

    @Test
    void anUploadedAvatarBecomesTheProfilesCdnUrlAndReplacingItReleasesTheOldOne() {
        TestUser me = TestUsers.register();
        TestUser viewer = TestUsers.register();
        byte[] photo = Uploads.png(2_000);
        UUID first = Uploads.completed(me, "AVATAR", "image/png", photo);

        String avatarUrl = me.request().body(Map.of("avatarMediaId", first.toString())).patch("/api/v1/me").then()
                .statusCode(200).body("avatarUrl", equalTo(AzuriteResource.blobEndpoint() + "/avatars/" + first))
                .extract().path("avatarUrl");
        viewer.request().get("/api/v1/users/" + me.id()).then().statusCode(200).body("avatarUrl", equalTo(avatarUrl));
        // Public: the CDN (here the emulator's account URL) serves it without any signature.
        HttpResponse<byte[]> read = Uploads.getBytes(avatarUrl);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(photo);
        assertThat(read.headers().firstValue("Content-Type")).contains("image/png");

        // Single use: the same upload cannot be attached again, by anyone.
        me.request().body(Map.of("avatarMediaId", first.toString())).patch("/api/v1/me").then().statusCode(400)
                .body("code", equalTo("MEDIA_ALREADY_USED"));
        viewer.request().body(Map.of("avatarMediaId", first.toString())).patch("/api/v1/me").then().statusCode(404);

        UUID second = Uploads.completed(me, "AVATAR", "image/jpeg", Uploads.jpeg(1_500));
        me.request().body(Map.of("avatarMediaId", second.toString())).patch("/api/v1/me").then().statusCode(200)
                .body("avatarUrl", equalTo(AzuriteResource.blobEndpoint() + "/avatars/" + second));
        assertThat(attached(first)).as("the replaced avatar is released for the cleanup").isFalse();
        assertThat(attached(second)).isTrue();

        // The app saving the whole profile sends back the avatarUrl it was shown: the upload stays in use.
        String secondUrl = AzuriteResource.blobEndpoint() + "/avatars/" + second;
        me.request().body(Map.of("avatarUrl", secondUrl, "bio", "saved")).patch("/api/v1/me").then().statusCode(200)
                .body("avatarUrl", equalTo(secondUrl));
        assertThat(attached(second)).as("the avatar shown, kept for the CDN").isTrue();

        // An avatar given as a URL (of our media) replaces an uploaded one too.
        String given = AzuriteResource.blobEndpoint() + "/avatars/" + first;
        me.request().body(Map.of("avatarUrl", given)).patch("/api/v1/me").then()
                .statusCode(200).body("avatarUrl", equalTo(given));
        assertThat(attached(second)).isFalse();
    }

    /** Any other host would learn the address of everyone whose app shows the avatar. */
    @Test
    void anAvatarUrlOutsideOurMediaIsRefusedAndChangesNothing() {
        TestUser me = TestUsers.register();
        String ours = AzuriteResource.blobEndpoint();
        String host = URI.create(ours).getHost();
        String authority = URI.create(ours).getAuthority();
        // Elsewhere, on a host whose name begins as ours does, and with our host as mere user info.
        for (String elsewhere : List.of("https://cdn.example/a.png", "https://tracker.example/pixel.gif?u=1",
                ours.replace(host, host + ".evil.example") + "/avatars/a.png",
                ours.replace(authority, authority + "@evil.example") + "/avatars/a.png")) {
            me.request().body(Map.of("avatarUrl", elsewhere, "bio", "changed?")).patch("/api/v1/me").then()
                    .statusCode(400).body("code", equalTo("VALIDATION_FAILED"))
                    .body("violations.field", hasItem("avatarUrl"));
        }
        me.request().get("/api/v1/me").then().statusCode(200).body("avatarUrl", equalTo(null))
                .body("bio", equalTo(null));
    }

    @Test
    void wrongPurposeBothAtOnceAndUnknownIdsAreRefusedAndChangeNothing() {
        TestUser me = TestUsers.register();
        UUID chatImage = Uploads.completed(me, "CHAT_IMAGE", "image/jpeg", Uploads.jpeg(500));
        me.request().body(Map.of("avatarMediaId", chatImage.toString(), "bio", "changed?")).patch("/api/v1/me")
                .then().statusCode(400).body("code", equalTo("MEDIA_WRONG_PURPOSE"));
        UUID avatar = Uploads.completed(me, "AVATAR", "image/jpeg", Uploads.jpeg(500));
        me.request().body(Map.of("avatarMediaId", avatar.toString(), "avatarUrl",
                AzuriteResource.blobEndpoint() + "/avatars/" + chatImage))
                .patch("/api/v1/me").then().statusCode(400);
        me.request().body(Map.of("avatarMediaId", UUID.randomUUID().toString())).patch("/api/v1/me").then()
                .statusCode(404);
        me.request().body(Map.of("avatarMediaId", "not-a-uuid")).patch("/api/v1/me").then().statusCode(400);
        me.request().get("/api/v1/me").then().body("avatarUrl", equalTo(null)).body("bio", equalTo(null));
        assertThat(attached(chatImage)).isFalse();
        assertThat(attached(avatar)).isFalse();
    }

    @Test
    void deletingTheAccountReleasesTheAvatar() {
        TestUser me = TestUsers.register();
        UUID avatar = Uploads.completed(me, "AVATAR", "image/webp", Uploads.webp(500));
        me.request().body(Map.of("avatarMediaId", avatar.toString())).patch("/api/v1/me").then().statusCode(200);
        me.request().delete("/api/v1/me").then().statusCode(204);
        assertThat(attached(avatar)).isFalse();
    }

    private boolean attached(UUID mediaId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("select attached_at is not null from media where id = ?1")
                .setParameter(1, mediaId).getSingleResult().equals(Boolean.TRUE));
    }
}
