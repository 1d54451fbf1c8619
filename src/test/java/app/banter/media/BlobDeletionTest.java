package app.banter.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;

import app.banter.platform.error.ApiException;
import app.banter.platform.telemetry.ProviderSpans;
import app.banter.testsupport.LogCapture;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.Uploads;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Deleting blobs against Azurite: blobs the client snapshotted through its upload URL, and a blob that cannot be
 * deleted (the cleanup goes on without it and tries it again later).
 */
@QuarkusTest
class BlobDeletionTest {

    @Inject
    MediaCleanupJob cleanupJob;

    @Inject
    EntityManager entityManager;

    @Inject
    MediaAttachments attachments;

    @Inject
    MediaConfig config;

    @Inject
    ProviderSpans spans;

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
        assertThat(Uploads.blobsNamed("staging", id)).as("blob and snapshot deleted").isEmpty();
        assertThat(Uploads.blobsNamed("chat-media", id)).isEmpty();
    }

    @Test
    void aBlobThatCannotBeDeletedIsLeftForLaterAndTheOthersAreDeleted() {
        TestUser me = TestUsers.register();
        // Snapshotted through its upload URL, never completed.
        JsonPath snapshotted = Uploads.issue(me, "AVATAR", "image/png", 500);
        assertThat(Uploads.put(snapshotted, "image/png", Uploads.png(500)).statusCode()).isEqualTo(201);
        assertThat(Uploads.send(HttpRequest.newBuilder(URI.create(snapshotted.getString("uploadUrl")
                + "&comp=snapshot")).PUT(HttpRequest.BodyPublishers.noBody()).build()).statusCode())
                .isEqualTo(201);
        // Held by a lease (taken here with the account key): Blob Storage refuses to delete it while the lease lasts.
        JsonPath leased = Uploads.issue(me, "CHAT_IMAGE", "image/jpeg", 500);
        assertThat(Uploads.put(leased, "image/jpeg", Uploads.jpeg(500)).statusCode()).isEqualTo(201);
        BlobLeaseClient lease = new BlobLeaseClientBuilder().blobClient(Uploads.account()
                .getBlobContainerClient(container(leased)).getBlobClient(leased.getString("mediaId"))).buildClient();
        lease.acquireLease(-1);
        UUID neverUploaded = UUID.fromString(Uploads.issue(me, "CHAT_IMAGE", "image/jpeg", 300).getString("mediaId"));
        UUID snapshottedId = UUID.fromString(snapshotted.getString("mediaId"));
        UUID leasedId = UUID.fromString(leased.getString("mediaId"));
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "update media set created_at = created_at - interval '25 hours' where owner_id = ?1")
                .setParameter(1, me.id()).executeUpdate());

        try (LogCapture log = LogCapture.start()) {
            cleanupJob.deleteUnusedUploads();
            assertThat(log.warnings()).anySatisfy(line -> assertThat(line.message()).contains(leasedId.toString()));
            assertThat(log.lines()).noneSatisfy(line -> assertThat(line.message()).contains("sig="));
        }

        assertThat(count("select count(*) from media where id in (?1, ?2)", snapshottedId, neverUploaded)).isZero();
        assertThat(Uploads.blobsNamed(container(snapshotted), snapshottedId.toString()))
                .as("the blob and its snapshot are deleted").isEmpty();
        assertThat(count("select count(*) from media where id = ?1", leasedId)).isEqualTo(1);
        assertThat(Uploads.blobsNamed(container(leased), leasedId.toString())).hasSize(1);

        // Once the blob can be deleted, a later run (after the retry delay) deletes it.
        lease.releaseLease();
        cleanupJob.deleteUnusedUploads();
        assertThat(count("select count(*) from media where id = ?1", leasedId)).as("not retried at once")
                .isEqualTo(1);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "update media set cleanup_retry_at = now() - interval '1 second' where id = ?1")
                .setParameter(1, leasedId).executeUpdate());
        cleanupJob.deleteUnusedUploads();
        assertThat(count("select count(*) from media where id = ?1", leasedId)).isZero();
        assertThat(Uploads.blobsNamed(container(leased), leasedId.toString())).isEmpty();
    }

    /**
     * Blob Storage fails half-way through a batch (a 5xx after its retries): the upload whose blob the batch deleted
     * before cannot be attached, pointing at nothing, and the one it failed on keeps its blob and is not attached
     * either, since the cleanup has taken it.
     */
    @Test
    void aBatchFailingHalfWayLeavesNoUploadAttachableWithoutItsBlob() {
        TestUser me = TestUsers.register();
        UUID deletedFirst = Uploads.completed(me, "AVATAR", "image/png", Uploads.png(400));
        UUID failing = Uploads.completed(me, "AVATAR", "image/png", Uploads.png(400));
        // The first is the older: the batch deletes its blob before it reaches the second.
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                update media set created_at = now() - case when id = ?1 then interval '26 hours'
                                                           else interval '25 hours' end
                where owner_id = ?2""").setParameter(1, deletedFirst).setParameter(2, me.id()).executeUpdate());
        QuarkusMock.installMockForType(new BlobStorage(config, spans) {
            @Override
            boolean delete(MediaRef ref) {
                if (ref.id().equals(failing)) {
                    throw new ApiException(502, "MEDIA_STORAGE_UNAVAILABLE", "Media storage did not answer");
                }
                return super.delete(ref);
            }
        }, BlobStorage.class);

        assertThatThrownBy(cleanupJob::deleteUnusedUploads).isInstanceOf(ApiException.class);

        String container = MediaPurpose.AVATAR.container();
        assertThat(Uploads.blobsNamed(container, deletedFirst.toString())).isEmpty();
        assertThatThrownBy(() -> attach(me, deletedFirst)).as("attaching the upload whose blob is gone")
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(Uploads.blobsNamed(container, failing.toString())).as("the blob it failed on").hasSize(1);
        assertThatThrownBy(() -> attach(me, failing)).as("attaching the upload taken for deletion")
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    /**
     * An upload released while something still references it (a profile's avatar written back by an edit that raced
     * the avatar's replacement) is the oldest of its batch: the cleanup keeps it, blob and all, and deletes the others.
     */
    @Test
    void anUploadStillReferencedIsKeptWithItsBlobAndTheOthersAreDeleted() {
        TestUser me = TestUsers.register();
        UUID avatar = Uploads.completed(me, "AVATAR", "image/png", Uploads.png(400));
        String avatarUrl = me.request().body(Map.of("avatarMediaId", avatar)).patch("/api/v1/me").then()
                .statusCode(200).extract().path("avatarUrl");
        UUID unused = Uploads.completed(me, "AVATAR", "image/png", Uploads.png(400));
        UUID neverUploaded = UUID.fromString(Uploads.issue(me, "CHAT_IMAGE", "image/jpeg", 300).getString("mediaId"));
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("update media set attached_at = null where id = ?1")
                    .setParameter(1, avatar).executeUpdate();
            entityManager.createNativeQuery("""
                    update media set created_at = now() - case when id = ?1 then interval '26 hours'
                                                               else interval '25 hours' end
                    where owner_id = ?2""").setParameter(1, avatar).setParameter(2, me.id()).executeUpdate();
        });

        try (LogCapture log = LogCapture.start()) {
            cleanupJob.deleteUnusedUploads();
            assertThat(log.warnings()).anySatisfy(line -> assertThat(line.message()).contains(avatar.toString()));
        }

        assertThat(count("select count(*) from media where id in (?1, ?2)", unused, neverUploaded)).isZero();
        assertThat(Uploads.blobsNamed(MediaPurpose.AVATAR.container(), unused.toString())).isEmpty();
        assertThat(count("select count(*) from media where id = ?1", avatar)).isEqualTo(1);
        assertThat(Uploads.blobsNamed(MediaPurpose.AVATAR.container(), avatar.toString())).hasSize(1);
        assertThat(Uploads.get(avatarUrl).statusCode()).as("the avatar the profile shows").isEqualTo(200);
        // Attached again, as the profile uses it, so that later runs leave it alone.
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "update media set attached_at = now(), cleanup_retry_at = null where id = ?1")
                .setParameter(1, avatar).executeUpdate());
    }

    private void attach(TestUser owner, UUID mediaId) {
        QuarkusTransaction.requiringNew().run(() -> attachments.attach(owner.id(), mediaId, MediaPurpose.AVATAR));
    }

    /** The container the ticket's URL writes to. */
    private static String container(JsonPath ticket) {
        String path = URI.create(ticket.getString("uploadUrl")).getPath();
        String[] parts = path.split("/");
        return parts[parts.length - 2];
    }

    private long count(String sql, Object... parameters) {
        return MediaRows.count(entityManager, sql, parameters);
    }
}
