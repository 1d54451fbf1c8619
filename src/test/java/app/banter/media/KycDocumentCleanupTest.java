package app.banter.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.KycFixture;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.Uploads;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * A user's KYC keeps the document image of their newest submission only: submitting again releases the image of the
 * earlier, rejected submission, and the cleanup deletes its blob from the private container.
 */
@QuarkusTest
class KycDocumentCleanupTest {

    private static final String CONTAINER = MediaPurpose.KYC_DOCUMENT.container();

    @Inject
    MediaCleanupJob cleanupJob;

    @Inject
    EntityManager entityManager;

    @Test
    void submittingAgainReleasesTheRejectedSubmissionsImageAndTheCleanupDeletesIt() {
        TestUser user = TestUsers.register();
        byte[] firstScan = Uploads.pdf(2100);
        UUID first = Uploads.completed(user, "KYC_DOCUMENT", "application/pdf", firstScan);
        submit(user, KycFixture.randomPan(false), first).body("status", equalTo("REJECTED"));
        assertThat(attached(first)).as("the rejected submission's image, while it is the newest").isTrue();

        byte[] secondScan = Uploads.pdf(2200);
        UUID second = Uploads.completed(user, "KYC_DOCUMENT", "application/pdf", secondScan);
        submit(user, KycFixture.randomPan(true), second).body("status", equalTo("VERIFIED"));

        assertThat(attached(first)).as("the earlier submission's image").isFalse();
        assertThat(attached(second)).as("the verified submission's image").isTrue();
        String url = TestUsers.moderator().request().queryParam("reason", "Payout review")
                .get("/api/v1/moderation/kyc/" + user.id() + "/document-image").then().statusCode(200)
                .extract().path("url");
        assertThat(Uploads.getBytes(url).body()).isEqualTo(secondScan);

        MediaRows.age(entityManager, first, second);
        cleanupJob.deleteUnusedUploads();

        assertThat(Uploads.blobsNamed(CONTAINER, first.toString())).as("the earlier image's blob").isEmpty();
        assertThat(count(first)).isZero();
        assertThat(Uploads.blobsNamed(CONTAINER, second.toString())).as("the verified image's blob").hasSize(1);
        assertThat(count(second)).isEqualTo(1);
    }

    private static ValidatableResponse submit(TestUser user, String pan, UUID image) {
        Map<String, Object> submission = new HashMap<>(KycFixture.pan(pan));
        submission.put("documentImageId", image);
        return user.request().body(submission).post("/api/v1/kyc").then().statusCode(200);
    }

    private boolean attached(UUID mediaId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("select attached_at is not null from media where id = ?1")
                .setParameter(1, mediaId).getSingleResult().equals(Boolean.TRUE));
    }

    private long count(UUID mediaId) {
        return MediaRows.count(entityManager, "select count(*) from media where id = ?1", mediaId);
    }
}
