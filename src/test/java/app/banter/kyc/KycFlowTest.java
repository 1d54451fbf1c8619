package app.banter.kyc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import app.banter.operator.AuditRows;
import app.banter.testsupport.KycFixture;
import app.banter.testsupport.LogCapture;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.Uploads;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Submissions through the API with the sandbox provider, and what other features read. */
@QuarkusTest
class KycFlowTest {

    private static final String REASON = "Report 1234: payout to a name that is not the profile's";

    @Inject
    KycStatuses statuses;

    @Inject
    KycSubmissionRepository repository;

    @Inject
    EntityManager entityManager;

    @Test
    void anEvenNumberVerifiesAndOtherFeaturesSeeIt() {
        TestUser me = TestUsers.register();
        assertThat(statuses.statusOf(me.id())).isEqualTo(KycStatus.NONE);
        me.request().get("/api/v1/kyc").then().statusCode(200).body("status", equalTo("NONE"))
                .body("maskedNumber", nullValue());
        String pan = KycFixture.randomPan(true);
        me.request().body(KycFixture.pan(pan)).post("/api/v1/kyc").then().statusCode(200)
                .body("status", equalTo("VERIFIED")).body("documentType", equalTo("PAN"))
                .body("maskedNumber", equalTo("XXXXXX" + pan.substring(6))).body("reason", nullValue());
        assertThat(statuses.isVerified(me.id())).isTrue();
        assertThat(statuses.statusOf(me.id())).isEqualTo(KycStatus.VERIFIED);
        me.request().get("/api/v1/kyc").then().statusCode(200).body("status", equalTo("VERIFIED"));
    }

    @Test
    void anOddNumberIsRejectedWithAReason() {
        TestUser me = TestUsers.register();
        me.request().body(KycFixture.pan(KycFixture.randomPan(false))).post("/api/v1/kyc").then().statusCode(200)
                .body("status", equalTo("REJECTED")).body("reason", org.hamcrest.Matchers.notNullValue());
        assertThat(statuses.isVerified(me.id())).isFalse();
        assertThat(statuses.statusOf(me.id())).isEqualTo(KycStatus.REJECTED);
    }

    @Test
    void aDocumentVerifiedOnOneAccountIsRefusedOnAnother() {
        String pan = KycFixture.randomPan(true);
        TestUser first = TestUsers.register();
        first.request().body(KycFixture.pan(pan)).post("/api/v1/kyc").then().statusCode(200)
                .body("status", equalTo("VERIFIED"));
        TestUser second = TestUsers.register();
        // The same PAN typed differently is the same document.
        String typed = pan.toLowerCase().substring(0, 5) + " " + pan.substring(5);
        second.request().body(KycFixture.pan(typed)).post("/api/v1/kyc").then().statusCode(409)
                .body("code", equalTo("DOCUMENT_ALREADY_VERIFIED"));
        assertThat(statuses.statusOf(second.id())).isEqualTo(KycStatus.NONE);
    }

    @Test
    void theNameAndDateOfBirthMustBeTheProfiles() {
        TestUser me = TestUsers.register();
        Map<String, Object> body = new HashMap<>(KycFixture.pan(KycFixture.randomPan(true)));
        body.put("nameOnDocument", "Other Person");
        me.request().body(body).post("/api/v1/kyc").then().statusCode(422).body("code", equalTo("NAME_MISMATCH"));
        body.put("nameOnDocument", "t. person");
        body.put("dateOfBirth", "1998-06-16");
        me.request().body(body).post("/api/v1/kyc").then().statusCode(422)
                .body("code", equalTo("DATE_OF_BIRTH_MISMATCH"));
        body.put("dateOfBirth", "1998-06-15");
        me.request().body(body).post("/api/v1/kyc").then().statusCode(200).body("status", equalTo("VERIFIED"));
    }

    @Test
    void formatRulesAnswerWithTheRuleAndChangeNothing() {
        TestUser me = TestUsers.register();
        Map<String, Object> body = new HashMap<>(KycFixture.pan("ABCXE1234F"));
        me.request().body(body).post("/api/v1/kyc").then().statusCode(400).body("code", equalTo("INVALID_PAN_HOLDER_TYPE"));
        body.put("documentType", "AADHAAR");
        body.put("number", "4987 6543 2112");
        me.request().body(body).post("/api/v1/kyc").then().statusCode(400)
                .body("code", equalTo("INVALID_AADHAAR_CHECK_DIGIT"));
        body.put("documentType", "DRIVING_LICENCE");
        body.put("number", "ZZ-14-2011-0062821");
        me.request().body(body).post("/api/v1/kyc").then().statusCode(400)
                .body("code", equalTo("INVALID_DRIVING_LICENCE_STATE"));
        body.put("documentType", "PASSPORT");
        me.request().body(body).post("/api/v1/kyc").then().statusCode(400);
        assertThat(statuses.statusOf(me.id())).isEqualTo(KycStatus.NONE);
    }

    @Test
    void aadhaarAndLicenceVerifyThroughTheSandboxToo() {
        TestUser me = TestUsers.register();
        Map<String, Object> body = new HashMap<>(KycFixture.pan("x"));
        body.put("documentType", "AADHAAR");
        body.put("number", "2345 6789 0121");
        me.request().body(body).post("/api/v1/kyc").then().statusCode(200).body("status", equalTo("REJECTED"))
                .body("maskedNumber", equalTo("XXXXXXXX0121"));
        body.put("documentType", "DRIVING_LICENCE");
        body.put("number", "KA-01-2015-" + String.format("%07d", new java.security.SecureRandom().nextInt(5_000_000) * 2));
        me.request().body(body).post("/api/v1/kyc").then().statusCode(200).body("status", equalTo("VERIFIED"))
                .body("documentType", equalTo("DRIVING_LICENCE"));
    }

    @Test
    void noResponseOrLogLineCarriesTheNumber() {
        TestUser me = TestUsers.register();
        TestUser other = TestUsers.register();
        String rejected = KycFixture.randomPan(false);
        String verified = KycFixture.randomPan(true);
        String aadhaar = "498765432102";
        List<String> bodies = new ArrayList<>();
        try (LogCapture log = LogCapture.start()) {
            bodies.add(me.request().body(KycFixture.pan(rejected)).post("/api/v1/kyc").then().statusCode(200)
                    .extract().asString());
            Map<String, Object> badAadhaar = new HashMap<>(KycFixture.pan("x"));
            badAadhaar.put("documentType", "AADHAAR");
            badAadhaar.put("number", "498765432112");
            bodies.add(me.request().body(badAadhaar).post("/api/v1/kyc").then().statusCode(400).extract().asString());
            bodies.add(me.request().body(KycFixture.pan(verified)).post("/api/v1/kyc").then().statusCode(200)
                    .extract().asString());
            bodies.add(me.request().get("/api/v1/kyc").then().statusCode(200).extract().asString());
            bodies.add(other.request().body(KycFixture.pan(verified)).post("/api/v1/kyc").then().statusCode(409)
                    .extract().asString());
            Map<String, Object> otherAadhaar = new HashMap<>(KycFixture.pan("x"));
            otherAadhaar.put("documentType", "AADHAAR");
            otherAadhaar.put("number", aadhaar);
            otherAadhaar.put("nameOnDocument", "Wrong Name");
            bodies.add(other.request().body(otherAadhaar).post("/api/v1/kyc").then().statusCode(422).extract()
                    .asString());
            for (String number : List.of(rejected, verified, "498765432112", aadhaar)) {
                assertThat(bodies).allSatisfy(b -> assertThat(b).doesNotContain(number)
                        .doesNotContain(number.substring(0, 6)));
                assertThat(log.lines()).allSatisfy(line -> assertThat(String.valueOf(line.message()))
                        .doesNotContain(number).doesNotContain(number.toLowerCase()));
            }
        }
    }

    @Test
    void kycIsOnlyEverTheCallersOwn() {
        TestUser me = TestUsers.register();
        TestUser other = TestUsers.register();
        KycFixture.verify(me);
        other.request().get("/api/v1/kyc").then().statusCode(200).body("status", equalTo("NONE"))
                .body("maskedNumber", nullValue());
        other.request().get("/api/v1/kyc/" + me.id()).then().statusCode(404);
        io.restassured.RestAssured.given().get("/api/v1/kyc").then().statusCode(401);
    }

    @Test
    void theDocumentImageGoesWithTheSubmissionAndOnlyModeratorsReadIt() {
        TestUser user = TestUsers.register();
        TestUser stranger = TestUsers.register();
        byte[] scan = Uploads.pdf(3000);
        UUID image = Uploads.completed(user, "KYC_DOCUMENT", "application/pdf", scan);
        Map<String, Object> submission = new HashMap<>(KycFixture.pan(KycFixture.randomPan(true)));
        submission.put("documentImageId", image);

        stranger.request().body(submission).post("/api/v1/kyc").then().statusCode(404);
        user.request().body(submission).post("/api/v1/kyc").then().statusCode(200).body("status", equalTo("VERIFIED"));

        String review = "/api/v1/moderation/kyc/" + user.id() + "/document-image";
        user.request().queryParam("reason", "curious").get(review).then().statusCode(403);
        String url = TestUsers.moderator().request().queryParam("reason", REASON).get(review).then().statusCode(200)
                .extract().path("url");
        assertThat(Uploads.getBytes(url).body()).isEqualTo(scan);
        assertThat(AuditRows.count("KYC_DOCUMENT_VIEWED", user.id())).as("the look is audited").isEqualTo(1);
        TestUsers.moderator().request().queryParam("reason", REASON)
                .get("/api/v1/moderation/kyc/" + stranger.id() + "/document-image").then().statusCode(404);
    }

    /** A moderator names why they open someone's identity document, as every operator action names its reason. */
    @Test
    void aLookAtADocumentImageNeedsAReasonAndTheAuditKeepsIt() {
        TestUser user = TestUsers.register();
        UUID image = Uploads.completed(user, "KYC_DOCUMENT", "application/pdf", Uploads.pdf(2000));
        Map<String, Object> submission = new HashMap<>(KycFixture.pan(KycFixture.randomPan(true)));
        submission.put("documentImageId", image);
        user.request().body(submission).post("/api/v1/kyc").then().statusCode(200);
        TestUser moderator = TestUsers.moderator();
        String review = "/api/v1/moderation/kyc/" + user.id() + "/document-image";

        moderator.request().get(review).then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        moderator.request().queryParam("reason", "   ").get(review).then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        moderator.request().queryParam("reason", "x".repeat(301)).get(review).then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        assertThat(AuditRows.count("KYC_DOCUMENT_VIEWED", user.id())).as("no look without a reason").isZero();

        moderator.request().queryParam("reason", "  " + REASON + " ").get(review).then().statusCode(200);
        assertThat(AuditRows.reasons("KYC_DOCUMENT_VIEWED", user.id())).containsExactly(REASON);
    }

    @Test
    void aDeletedAccountLeavesNoDocumentBehindAndTheDocumentMayBeVerifiedAgain() {
        TestUser user = TestUsers.register();
        UUID image = Uploads.completed(user, "KYC_DOCUMENT", "application/pdf", Uploads.pdf(3000));
        String pan = KycFixture.randomPan(true);
        Map<String, Object> submission = new HashMap<>(KycFixture.pan(pan));
        submission.put("documentImageId", image);
        user.request().body(submission).post("/api/v1/kyc").then().statusCode(200).body("status", equalTo("VERIFIED"));

        user.request().delete("/api/v1/me").then().statusCode(204);

        TestUsers.moderator().request().queryParam("reason", REASON)
                .get("/api/v1/moderation/kyc/" + user.id() + "/document-image").then().statusCode(404);
        assertThat(attached(image)).as("the scan is released for the media cleanup").isFalse();
        KycSubmission kept = QuarkusTransaction.requiringNew().call(() -> repository.latestOf(user.id()).orElseThrow());
        assertThat(kept.status).as("kept for the audit of past payouts").isEqualTo(KycStatus.VERIFIED);
        assertThat(kept.decidedAt).isNotNull();
        assertThat(kept.numberHmac).isNull();
        assertThat(kept.numberLast4).isNull();
        assertThat(kept.documentMediaId).isNull();
        // The same person registering again may verify the same document.
        TestUser again = TestUsers.register();
        again.request().body(KycFixture.pan(pan)).post("/api/v1/kyc").then().statusCode(200)
                .body("status", equalTo("VERIFIED"));
    }

    private boolean attached(UUID mediaId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("select attached_at is not null from media where id = ?1")
                .setParameter(1, mediaId).getSingleResult().equals(Boolean.TRUE));
    }
}
