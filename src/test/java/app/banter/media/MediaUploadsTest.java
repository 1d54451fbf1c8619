package app.banter.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import app.banter.platform.error.ApiException;
import app.banter.testsupport.Uploads;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Uploads against a real Azurite blob service: the rules of issuing, uploading and completing, and the SAS URLs. */
@QuarkusTest
class MediaUploadsTest {

    @Inject
    BlobStorage blobs;

    @Inject
    MediaAttachments attachments;

    @Inject
    MediaCleanupJob cleanupJob;

    @Inject
    EntityManager entityManager;

    @Test
    void uploadThroughTheSasUrlThenComplete() {
        TestUser me = TestUsers.register();
        byte[] photo = Uploads.jpeg(4_000);
        JsonPath ticket = Uploads.issue(me, "CHAT_IMAGE", "image/jpeg", photo.length);
        assertThat(ticket.getString("method")).isEqualTo("PUT");
        assertThat(ticket.getMap("requiredHeaders")).containsEntry("x-ms-blob-type", "BlockBlob")
                .containsEntry("x-ms-blob-content-type", "image/jpeg");
        // Written to the private staging container; completion moves it into the purpose's container.
        assertThat(ticket.getString("uploadUrl")).contains("/staging/" + ticket.getString("mediaId") + "?")
                .contains("sp=c&").contains("sr=b");
        assertThat(Instant.parse(ticket.getString("expiresAt"))).isBetween(Instant.now().plusSeconds(60),
                Instant.now().plus(Duration.ofMinutes(11)));

        assertThat(Uploads.put(ticket, "image/jpeg", photo).statusCode()).isEqualTo(201);
        String id = ticket.getString("mediaId");
        me.request().post("/api/v1/media/" + id + "/complete").then().statusCode(200)
                .body("status", equalTo("READY")).body("size", equalTo(photo.length))
                .body("contentType", equalTo("image/jpeg")).body("purpose", equalTo("CHAT_IMAGE"))
                .body("completedAt", notNullValue());
        // Completing again answers the same.
        me.request().post("/api/v1/media/" + id + "/complete").then().statusCode(200)
                .body("status", equalTo("READY"));
        for (String[] format : new String[][] { { "AVATAR", "image/png" }, { "ROOM_COVER", "image/webp" },
                { "VOICE_MESSAGE", "audio/ogg" }, { "VOICE_MESSAGE", "audio/mp4" },
                { "KYC_DOCUMENT", "application/pdf" } }) {
            byte[] bytes = switch (format[1]) {
                case "image/png" -> Uploads.png(300);
                case "image/webp" -> Uploads.webp(300);
                case "audio/ogg" -> Uploads.oggOpus(300);
                case "audio/mp4" -> Uploads.m4a(300);
                default -> Uploads.pdf(300);
            };
            assertThat(Uploads.completed(me, format[0], format[1], bytes)).isNotNull();
        }
    }

    @Test
    void issuingRefusesTypesSizesAndInputOutsideTheRules() {
        TestUser me = TestUsers.register();
        refused(me, Map.of("purpose", "AVATAR", "contentType", "image/gif", "size", 100), "MEDIA_TYPE_NOT_ALLOWED");
        refused(me, Map.of("purpose", "CHAT_IMAGE", "contentType", "audio/ogg", "size", 100),
                "MEDIA_TYPE_NOT_ALLOWED");
        refused(me, Map.of("purpose", "KYC_DOCUMENT", "contentType", "image/webp", "size", 100),
                "MEDIA_TYPE_NOT_ALLOWED");
        refused(me, Map.of("purpose", "AVATAR", "contentType", "image/jpeg", "size", 5L * 1024 * 1024 + 1),
                "MEDIA_TOO_LARGE");
        refused(me, Map.of("purpose", "VOICE_MESSAGE", "contentType", "audio/aac", "size", 6L * 1024 * 1024),
                "MEDIA_TOO_LARGE");
        refused(me, Map.of("purpose", "AVATAR", "contentType", "image/jpeg", "size", 0), "VALIDATION_FAILED");
        refused(me, Map.of("purpose", "AVATAR", "contentType", "image/jpeg"), "VALIDATION_FAILED");
        refused(me, Map.of("contentType", "image/jpeg", "size", 10), "VALIDATION_FAILED");
        refused(me, Map.of("purpose", "AVATAR", "contentType", "not a type", "size", 10), "VALIDATION_FAILED");
        refused(me, Map.of("purpose", "SELFIE", "contentType", "image/jpeg", "size", 10), null);
        refused(me, Map.of("purpose", "AVATAR", "contentType", "image/jpeg", "size", "10"), null);
        refused(me, Map.of("purpose", "AVATAR", "contentType", "image/jpeg", "size", 10, "container", "avatars"),
                "UNKNOWN_PROPERTY");
        TestUsers.TestUser anonymous = new TestUser(null, null, null, "not-a-token", null);
        anonymous.request().body(Map.of("purpose", "AVATAR", "contentType", "image/jpeg", "size", 10))
                .post("/api/v1/media/uploads").then().statusCode(401);
        me.request().post("/api/v1/media/not-a-uuid/complete").then().statusCode(400);
        assertThat(count("select count(*) from media where owner_id = ?1", me.id())).isZero();
    }

    @Test
    void completeRefusesBlobsThatDifferFromTheDeclarationAndDeletesThem() {
        TestUser me = TestUsers.register();
        // Declared size differs from the blob.
        JsonPath ticket = Uploads.issue(me, "CHAT_IMAGE", "image/jpeg", 5_000);
        assertThat(Uploads.put(ticket, "image/jpeg", Uploads.jpeg(4_999)).statusCode()).isEqualTo(201);
        assertRejected(me, ticket, "MEDIA_SIZE_MISMATCH", MediaPurpose.CHAT_IMAGE);
        // Sent as another content type than declared.
        ticket = Uploads.issue(me, "CHAT_IMAGE", "image/jpeg", 500);
        assertThat(Uploads.put(ticket, "image/png", Uploads.jpeg(500)).statusCode()).isEqualTo(201);
        assertRejected(me, ticket, "MEDIA_TYPE_MISMATCH", MediaPurpose.CHAT_IMAGE);
        // Declared PNG, but the bytes are a JPEG; declared JPEG, but the bytes are text; a PDF that is not one.
        ticket = Uploads.issue(me, "AVATAR", "image/png", 500);
        assertThat(Uploads.put(ticket, "image/png", Uploads.jpeg(500)).statusCode()).isEqualTo(201);
        assertRejected(me, ticket, "MEDIA_CONTENT_MISMATCH", MediaPurpose.AVATAR);
        ticket = Uploads.issue(me, "ROOM_COVER", "image/jpeg", 500);
        assertThat(Uploads.put(ticket, "image/jpeg", Uploads.text(500)).statusCode()).isEqualTo(201);
        assertRejected(me, ticket, "MEDIA_CONTENT_MISMATCH", MediaPurpose.ROOM_COVER);
        ticket = Uploads.issue(me, "KYC_DOCUMENT", "application/pdf", 500);
        assertThat(Uploads.put(ticket, "application/pdf", Uploads.png(500)).statusCode()).isEqualTo(201);
        assertRejected(me, ticket, "MEDIA_CONTENT_MISMATCH", MediaPurpose.KYC_DOCUMENT);
    }

    @Test
    void neverUploadedStaysPendingAndUnusableUntilTheBlobArrives() {
        TestUser me = TestUsers.register();
        byte[] photo = Uploads.png(800);
        JsonPath ticket = Uploads.issue(me, "AVATAR", "image/png", photo.length);
        String id = ticket.getString("mediaId");
        me.request().post("/api/v1/media/" + id + "/complete").then().statusCode(409)
                .body("code", equalTo("MEDIA_NOT_UPLOADED"));
        me.request().body(Map.of("avatarMediaId", id)).patch("/api/v1/me").then().statusCode(400)
                .body("code", equalTo("MEDIA_NOT_READY"));
        me.request().get("/api/v1/me").then().body("avatarUrl", equalTo(null));
        assertThat(Uploads.put(ticket, "image/png", photo).statusCode()).isEqualTo(201);
        me.request().post("/api/v1/media/" + id + "/complete").then().statusCode(200)
                .body("status", equalTo("READY"));
    }

    @Test
    void onlyTheOwnerCompletesAndAttaches() {
        TestUser owner = TestUsers.register();
        TestUser other = TestUsers.register();
        byte[] photo = Uploads.jpeg(600);
        JsonPath ticket = Uploads.issue(owner, "AVATAR", "image/jpeg", photo.length);
        String id = ticket.getString("mediaId");
        assertThat(Uploads.put(ticket, "image/jpeg", photo).statusCode()).isEqualTo(201);
        other.request().post("/api/v1/media/" + id + "/complete").then().statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
        owner.request().post("/api/v1/media/" + id + "/complete").then().statusCode(200);
        other.request().body(Map.of("avatarMediaId", id)).patch("/api/v1/me").then().statusCode(404);
        other.request().get("/api/v1/me").then().body("avatarUrl", equalTo(null));
        owner.request().post("/api/v1/media/" + UUID.randomUUID() + "/complete").then().statusCode(404);
        assertThat(count("select count(*) from media where id = ?1 and attached_at is null", UUID.fromString(id)))
                .isEqualTo(1);
    }

    @Test
    void aWriteSasCreatesItsOneBlobOnceAndCannotReadOrList() {
        TestUser me = TestUsers.register();
        byte[] photo = Uploads.jpeg(700);
        JsonPath ticket = Uploads.issue(me, "CHAT_IMAGE", "image/jpeg", photo.length);
        String uploadUrl = ticket.getString("uploadUrl");
        assertThat(Uploads.put(ticket, "image/jpeg", photo).statusCode()).isEqualTo(201);

        assertThat(Uploads.get(uploadUrl).statusCode()).as("read with the write SAS").isEqualTo(403);
        String sas = uploadUrl.substring(uploadUrl.indexOf('?') + 1);
        String container = uploadUrl.substring(0, uploadUrl.lastIndexOf('/'));
        assertThat(Uploads.get(container + "?restype=container&comp=list&" + sas).statusCode())
                .as("list with the write SAS").isEqualTo(403);
        assertThat(Uploads.put(ticket, "image/jpeg", Uploads.text(700)).statusCode())
                .as("overwrite with the write SAS").isIn(403, 409);
        String otherBlob = container + "/" + UUID.randomUUID() + "?" + sas;
        assertThat(Uploads.send(HttpRequest.newBuilder(URI.create(otherBlob)).header("x-ms-blob-type", "BlockBlob")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(photo)).build()).statusCode())
                .as("another blob with the same SAS").isEqualTo(403);
        // The blob is what was first uploaded.
        me.request().post("/api/v1/media/" + ticket.getString("mediaId") + "/complete").then().statusCode(200);
        MediaRef ref = MediaRef.of(UUID.fromString(ticket.getString("mediaId")), MediaPurpose.CHAT_IMAGE);
        HttpResponse<byte[]> read = Uploads.getBytes(blobs.readUrl(ref, Duration.ofMinutes(1)).url());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(photo);
    }

    @Test
    void aReadSasWorksUntilItExpires() {
        TestUser me = TestUsers.register();
        byte[] note = Uploads.oggOpus(900);
        MediaRef ref = MediaRef.of(Uploads.completed(me, "VOICE_MESSAGE", "audio/ogg", note),
                MediaPurpose.VOICE_MESSAGE);
        // Its expiry is cut to the whole second: 15 s give the read below at least 14 s, on a busy machine too.
        SignedUrl url = blobs.readUrl(ref, Duration.ofSeconds(15));
        assertThat(url.url()).contains("sp=r&");
        HttpResponse<byte[]> before = Uploads.getBytes(url.url());
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.body()).isEqualTo(note);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> Instant.now().isAfter(url.expiresAt().plusSeconds(1)));
        assertThat(Uploads.get(url.url()).statusCode()).as("after expiry").isEqualTo(403);
        // Private containers refuse anonymous reads.
        String bare = url.url().substring(0, url.url().indexOf('?'));
        assertThat(Uploads.get(bare).statusCode()).isIn(403, 404);
    }

    @Test
    void kycDocumentsAreReadByModeratorsOnly() {
        TestUser me = TestUsers.register();
        byte[] document = Uploads.pdf(1_000);
        UUID id = Uploads.completed(me, "KYC_DOCUMENT", "application/pdf", document);
        MediaRef ref = QuarkusTransaction.requiringNew()
                .call(() -> attachments.attach(me.id(), id, MediaPurpose.KYC_DOCUMENT));
        assertThatThrownBy(() -> attachments.readUrl(ref)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> asUser(me.id(), "user", () -> attachments.readUrlForModerator(ref)))
                .isInstanceOf(ApiException.class).hasMessageContaining("not found");
        assertThatThrownBy(() -> attachments.readUrlForModerator(ref)).isInstanceOf(ApiException.class);
        SignedUrl url = asUser(UUID.randomUUID(), "moderator", () -> attachments.readUrlForModerator(ref));
        HttpResponse<byte[]> read = Uploads.getBytes(url.url());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(document);
    }

    @Test
    void cleanupDeletesStaleUploadsWithTheirBlobsAndKeepsAttachedOnes() {
        TestUser me = TestUsers.register();
        JsonPath neverCompleted = Uploads.issue(me, "CHAT_IMAGE", "image/jpeg", 300);
        assertThat(Uploads.put(neverCompleted, "image/jpeg", Uploads.jpeg(300)).statusCode()).isEqualTo(201);
        UUID neverUploaded = UUID.fromString(Uploads.issue(me, "CHAT_IMAGE", "image/jpeg", 300).getString("mediaId"));
        UUID neverAttached = Uploads.completed(me, "CHAT_IMAGE", "image/png", Uploads.png(300));
        UUID attached = Uploads.completed(me, "AVATAR", "image/png", Uploads.png(300));
        me.request().body(Map.of("avatarMediaId", attached.toString())).patch("/api/v1/me").then().statusCode(200);
        UUID fresh = Uploads.completed(me, "CHAT_IMAGE", "image/png", Uploads.png(300));
        UUID stale = UUID.fromString(neverCompleted.getString("mediaId"));
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "update media set created_at = created_at - interval '25 hours' where owner_id = ?1 and id <> ?2")
                .setParameter(1, me.id()).setParameter(2, fresh).executeUpdate());

        cleanupJob.deleteUnusedUploads();

        assertThat(count("select count(*) from media where id in (?1, ?2, ?3)", stale, neverUploaded, neverAttached))
                .isZero();
        assertThat(Uploads.blobsNamed("staging", stale.toString())).isEmpty();
        assertThat(Uploads.blobsNamed("chat-media", neverAttached.toString())).isEmpty();
        assertThat(Uploads.blobsNamed("avatars", attached.toString())).hasSize(1);
        assertThat(Uploads.blobsNamed("chat-media", fresh.toString())).hasSize(1);
        assertThat(count("select count(*) from media where id in (?1, ?2)", attached, fresh)).isEqualTo(2);
    }

    private void assertRejected(TestUser me, JsonPath ticket, String code, MediaPurpose purpose) {
        String id = ticket.getString("mediaId");
        me.request().post("/api/v1/media/" + id + "/complete").then().statusCode(400).body("code", equalTo(code))
                .body("detail", containsString("deleted"));
        assertThat(Uploads.blobsNamed("staging", id)).as("the refused blob is deleted").isEmpty();
        assertThat(Uploads.blobsNamed(purpose.container(), id)).as("nor was it ever moved into place").isEmpty();
        me.request().post("/api/v1/media/" + id + "/complete").then().statusCode(409)
                .body("code", equalTo("MEDIA_REJECTED"));
        if (purpose == MediaPurpose.AVATAR) {
            me.request().body(Map.of("avatarMediaId", id)).patch("/api/v1/me").then().statusCode(400)
                    .body("code", equalTo("MEDIA_NOT_READY"));
        }
    }

    private static void refused(TestUser me, Map<String, Object> body, String code) {
        var response = me.request().body(new HashMap<>(body)).post("/api/v1/media/uploads").then().statusCode(400);
        if (code != null) {
            response.body("code", equalTo(code));
        }
    }

    private long count(String sql, Object... parameters) {
        return MediaRows.count(entityManager, sql, parameters);
    }

    /** Runs {@code action} in a request whose signed-in user has {@code role}, as the KYC review endpoint would. */
    private static <T> T asUser(UUID userId, String role, java.util.function.Supplier<T> action) {
        ManagedContext request = Arc.container().requestContext();
        boolean activated = !request.isActive();
        if (activated) {
            request.activate();
        }
        try {
            Arc.container().instance(CurrentIdentityAssociation.class).get().setIdentity(QuarkusSecurityIdentity
                    .builder().setPrincipal(new QuarkusPrincipal(userId.toString())).addRole(role).build());
            return action.get();
        } finally {
            if (activated) {
                request.terminate();
            }
        }
    }
}
