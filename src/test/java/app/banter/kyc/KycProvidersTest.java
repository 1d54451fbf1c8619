package app.banter.kyc;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import app.banter.kyc.provider.DocumentCheck;
import app.banter.kyc.provider.KarzaKycProvider;
import app.banter.kyc.provider.ProviderDecision;
import app.banter.kyc.provider.ProviderUnavailable;
import app.banter.testsupport.KarzaStandIn;
import app.banter.testsupport.KycFixture;
import app.banter.testsupport.SignzyStandIn;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.Uploads;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The Karza and Signzy adapters against stand-ins answering their documented shapes, Signzy as the configured
 * provider: decisions at once, pending ones settled by callbacks (replayed, reordered) or by the poller, rejection and
 * resubmission within the daily limit.
 */
@QuarkusTest
@TestProfile(KycProvidersTest.WithSignzy.class)
class KycProvidersTest {

    public static class WithSignzy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(KarzaStandIn.config());
            config.putAll(SignzyStandIn.config());
            config.put("banter.kyc.provider", "signzy");
            config.put("banter.kyc.poller.pending-timeout", "0s");
            config.put("banter.kyc.poller.interval", "1h");
            return config;
        }
    }

    @Inject
    KycSubmissionRepository repository;

    @Inject
    KycSubmissions submissions;

    @Inject
    KycStatuses statuses;

    @Inject
    KycPoller poller;

    @Inject
    KarzaKycProvider karza;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void reset() {
        SignzyStandIn.resetToDefaults();
        KarzaStandIn.resetToDefaults();
    }

    @Test
    void signzyVerifiesThroughAnIdentityObjectAndASnoop() {
        TestUser me = TestUsers.register();
        String pan = KycFixture.randomPan(true);
        me.request().body(KycFixture.pan(pan)).post("/api/v1/kyc").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("VERIFIED"));
        SignzyStandIn.client().verifyThat(postRequestedFor(urlPathEqualTo(
                "/api/v2/patrons/" + SignzyStandIn.PATRON_ID + "/identities"))
                .withHeader("Authorization", equalTo(SignzyStandIn.ACCESS_TOKEN))
                .withRequestBody(matchingJsonPath("$.type", equalTo("individualPan"))));
        SignzyStandIn.client().verifyThat(postRequestedFor(urlPathEqualTo("/api/v2/snoops"))
                .withRequestBody(matchingJsonPath("$.task", equalTo("verification")))
                .withRequestBody(matchingJsonPath("$.essentials.number", equalTo(pan))));
        assertThat(statuses.isVerified(me.id())).isTrue();
    }

    @Test
    void callbacksAreDeduplicatedAndALateOrDifferentOneNeverUndoesTheDecision() {
        SignzyStandIn.answerPending();
        TestUser me = TestUsers.register();
        me.request().body(KycFixture.pan(KycFixture.randomPan(true))).post("/api/v1/kyc").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("PENDING"));
        String itemId = reference(me);
        // A still-pending callback changes nothing.
        deliverSignzy(SignzyStandIn.callback(itemId, "snoop1", null)).statusCode(200)
                .body("outcome", org.hamcrest.Matchers.equalTo("IGNORED"));
        deliverSignzy(SignzyStandIn.callback(itemId, "snoop1", true)).statusCode(200)
                .body("outcome", org.hamcrest.Matchers.equalTo("PROCESSED"));
        deliverSignzy(SignzyStandIn.callback(itemId, "snoop1", true)).statusCode(200)
                .body("outcome", org.hamcrest.Matchers.equalTo("DUPLICATE"));
        // Reordered: the pending one arriving after the decision, and a contradicting one.
        deliverSignzy(SignzyStandIn.callback(itemId, "snoop0", null)).statusCode(200)
                .body("outcome", org.hamcrest.Matchers.equalTo("IGNORED"));
        deliverSignzy(SignzyStandIn.callback(itemId, "snoop2", false)).statusCode(200)
                .body("outcome", org.hamcrest.Matchers.equalTo("IGNORED"));
        me.request().get("/api/v1/kyc").then().body("status", org.hamcrest.Matchers.equalTo("VERIFIED"));
        assertThat(statuses.statusOf(me.id())).isEqualTo(KycStatus.VERIFIED);
    }

    @Test
    void callbacksAreAuthenticatedAndNameTheirProviderAndSubmission() {
        String body = SignzyStandIn.callback("0123456789abcdef01234567", "snoopX", true);
        given().contentType(ContentType.JSON).body(body).post("/api/v1/webhooks/kyc/signzy").then().statusCode(401)
                .body("code", org.hamcrest.Matchers.equalTo("INVALID_WEBHOOK_SIGNATURE"));
        given().contentType(ContentType.JSON).auth().preemptive().basic("signzy", "wrong").body(body)
                .post("/api/v1/webhooks/kyc/signzy").then().statusCode(401);
        // Karza's token does not open Signzy's door.
        given().contentType(ContentType.JSON).auth().preemptive().basic("signzy", KarzaStandIn.WEBHOOK_TOKEN)
                .body(body).post("/api/v1/webhooks/kyc/signzy").then().statusCode(401);
        deliverSignzy(body).statusCode(404);
        given().contentType(ContentType.JSON).auth().preemptive().basic("acme", "x").body(body)
                .post("/api/v1/webhooks/kyc/acme").then().statusCode(404);
        given().contentType(ContentType.JSON).auth().preemptive().basic("sandbox", "x").body(body)
                .post("/api/v1/webhooks/kyc/sandbox").then().statusCode(404);
        deliverSignzy("{\"itemId\": \"x\"}").statusCode(400).body("code", org.hamcrest.Matchers.equalTo("INVALID_EVENT"));
    }

    @Test
    void thePollerSettlesSubmissionsWhoseCallbackNeverCame() {
        SignzyStandIn.answerPending();
        TestUser me = TestUsers.register();
        me.request().body(KycFixture.pan(KycFixture.randomPan(true))).post("/api/v1/kyc").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("PENDING"));
        String itemId = reference(me);
        poller.pollDue();
        assertThat(statuses.statusOf(me.id())).isEqualTo(KycStatus.PENDING);
        SignzyStandIn.identityVerified(itemId, false);
        // The first poll leased it; a new lease is due only after retry-every, so make it due again.
        QuarkusTransaction.requiringNew().run(() -> repository.update("pollAfter = ?1 where providerReference = ?2",
                java.time.Instant.now().minusSeconds(1), itemId));
        assertThat(poller.pollDue()).isGreaterThanOrEqualTo(1);
        assertThat(statuses.statusOf(me.id())).isEqualTo(KycStatus.REJECTED);
    }

    @Test
    void aRejectedUserResubmitsWithinTheDailyLimitAndAVerifiedOneCannotChange() {
        SignzyStandIn.answerVerification("false", "Number not found");
        TestUser me = TestUsers.register();
        for (int i = 0; i < 3; i++) {
            me.request().body(KycFixture.pan(KycFixture.randomPan(true))).post("/api/v1/kyc").then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("REJECTED"))
                    .body("reason", org.hamcrest.Matchers.containsString("Number not found"));
        }
        me.request().body(KycFixture.pan(KycFixture.randomPan(true))).post("/api/v1/kyc").then().statusCode(429)
                .body("code", org.hamcrest.Matchers.equalTo("KYC_SUBMISSION_LIMIT")).header("Retry-After",
                        org.hamcrest.Matchers.notNullValue());

        SignzyStandIn.answerVerification("true", "");
        TestUser other = TestUsers.register();
        other.request().body(KycFixture.pan(KycFixture.randomPan(false))).post("/api/v1/kyc").then()
                .statusCode(200).body("status", org.hamcrest.Matchers.equalTo("VERIFIED"));
        other.request().body(KycFixture.pan(KycFixture.randomPan(true))).post("/api/v1/kyc").then().statusCode(409)
                .body("code", org.hamcrest.Matchers.equalTo("KYC_ALREADY_VERIFIED"));
    }

    @Test
    void aProviderFailureSubmitsNothing() {
        SignzyStandIn.client().register(com.github.tomakehurst.wiremock.client.WireMock
                .post(urlPathEqualTo("/api/v2/snoops"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
        TestUser me = TestUsers.register();
        me.request().body(KycFixture.pan(KycFixture.randomPan(true))).post("/api/v1/kyc").then().statusCode(502)
                .body("code", org.hamcrest.Matchers.equalTo("KYC_PROVIDER_UNAVAILABLE"));
        assertThat(statuses.statusOf(me.id())).isEqualTo(KycStatus.NONE);
    }

    @Test
    void karzaVerifiesPanAndLicenceInItsShapes() {
        String pan = KycFixture.randomPan(true);
        ProviderDecision found = karza.verify(check(DocumentType.PAN, pan, "Test Person"));
        assertThat(found.status()).isEqualTo(KycStatus.VERIFIED);
        assertThat(found.holderName()).isEqualTo("TEST PERSON");
        KarzaStandIn.client().verifyThat(postRequestedFor(urlPathEqualTo("/v2/pan"))
                .withHeader("x-karza-key", equalTo(KarzaStandIn.API_KEY))
                .withRequestBody(matchingJsonPath("$.consent", equalTo("Y")))
                .withRequestBody(matchingJsonPath("$.pan", equalTo(pan))));
        KarzaStandIn.answerPan("101", null);
        assertThat(karza.verify(check(DocumentType.PAN, pan, "Test Person")).holderName()).isNull();
        KarzaStandIn.answerPan("102", null);
        assertThat(karza.verify(check(DocumentType.PAN, pan, "Test Person")).status()).isEqualTo(KycStatus.REJECTED);
        KarzaStandIn.answerPan("103", null);
        assertThat(karza.verify(check(DocumentType.PAN, pan, "Test Person")).reason()).contains("No record");
        KarzaStandIn.answerPan("108", null);
        assertThatThrownBy(() -> karza.verify(check(DocumentType.PAN, pan, "Test Person")))
                .isInstanceOf(ProviderUnavailable.class).message().doesNotContain(pan);

        ProviderDecision licence = karza.verify(check(DocumentType.DRIVING_LICENCE, "MH1420110062821", "Test Person"));
        assertThat(licence.status()).isEqualTo(KycStatus.VERIFIED);
        assertThat(licence.holderName()).isEqualTo("TEST PERSON");
        KarzaStandIn.client().verifyThat(postRequestedFor(urlPathEqualTo("/v3/dl"))
                .withRequestBody(matchingJsonPath("$.dlNo", equalTo("MH1420110062821")))
                .withRequestBody(matchingJsonPath("$.dob", equalTo("15-06-1998"))));
        assertThat(karza.supports(DocumentType.AADHAAR)).isFalse();
    }

    @Test
    void aKarzaCallbackSettlesAKarzaSubmission() {
        TestUser me = TestUsers.register();
        UUID id = submissions.open(me.id(), DocumentType.PAN, UUID.randomUUID().toString().replace("-", ""), "234F",
                KarzaKycProvider.NAME, null);
        String requestId = UUID.randomUUID().toString();
        submissions.recordAnswer(id, ProviderDecision.pending(requestId, java.time.Instant.now()));
        String body = "{\"request_id\": \"" + requestId + "\", \"result\": {\"name\": \"TEST PERSON\"}, "
                + "\"status-code\": \"101\", \"clientData\": {\"caseId\": \"" + id + "\"}}";
        given().contentType(ContentType.JSON).auth().preemptive().basic("karza", SignzyStandIn.WEBHOOK_TOKEN)
                .body(body).post("/api/v1/webhooks/kyc/karza").then().statusCode(401);
        given().contentType(ContentType.JSON).auth().preemptive().basic("karza", KarzaStandIn.WEBHOOK_TOKEN)
                .body(body).post("/api/v1/webhooks/kyc/karza").then().statusCode(200)
                .body("outcome", org.hamcrest.Matchers.equalTo("PROCESSED"));
        given().contentType(ContentType.JSON).auth().preemptive().basic("karza", KarzaStandIn.WEBHOOK_TOKEN)
                .body(body).post("/api/v1/webhooks/kyc/karza").then().statusCode(200)
                .body("outcome", org.hamcrest.Matchers.equalTo("DUPLICATE"));
        assertThat(statuses.isVerified(me.id())).isTrue();
    }

    @Test
    void aVerifiedAnswerCountsOnlyWhenTheNameOnRecordIsTheProfiles() {
        TestUser me = TestUsers.register();
        // Signzy found the PAN, registered to someone else: the number exists, but it is not this user's.
        SignzyStandIn.answerVerification("true", "Verification completed with positive result", "RAVI KUMAR");
        me.request().body(KycFixture.pan(KycFixture.randomPan(true))).post("/api/v1/kyc").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("REJECTED"))
                .body("reason", org.hamcrest.Matchers.containsString("not the name on your profile"));
        // Verified, but naming no one: nothing ties the number to the user.
        SignzyStandIn.answerVerification("true", "Verification completed with positive result", null);
        me.request().body(KycFixture.pan(KycFixture.randomPan(true))).post("/api/v1/kyc").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("REJECTED"))
                .body("reason", org.hamcrest.Matchers.containsString("could not be confirmed"));
        assertThat(statuses.isVerified(me.id())).isFalse();
        SignzyStandIn.answerVerification("true", "Verification completed with positive result", "T. PERSON");
        me.request().body(KycFixture.pan(KycFixture.randomPan(true))).post("/api/v1/kyc").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("VERIFIED"));
    }

    @Test
    void documentsWhoseCheckNamesNoHolderAreNotOfferedThroughSignzy() {
        TestUser me = TestUsers.register();
        Map<String, Object> aadhaar = new HashMap<>(KycFixture.pan("x"));
        aadhaar.put("documentType", "AADHAAR");
        aadhaar.put("number", "2345 6789 0121");
        me.request().body(aadhaar).post("/api/v1/kyc").then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", org.hamcrest.Matchers.equalTo("DOCUMENT_TYPE_NOT_SUPPORTED"));
        Map<String, Object> licence = new HashMap<>(aadhaar);
        licence.put("documentType", "DRIVING_LICENCE");
        licence.put("number", "KA-01-2015-0062820");
        me.request().body(licence).post("/api/v1/kyc").then().statusCode(422)
                .body("code", org.hamcrest.Matchers.equalTo("DOCUMENT_TYPE_NOT_SUPPORTED"));
        SignzyStandIn.client().verifyThat(exactly(0), postRequestedFor(urlPathEqualTo(
                "/api/v2/patrons/" + SignzyStandIn.PATRON_ID + "/identities")));
        assertThat(statuses.statusOf(me.id())).isEqualTo(KycStatus.NONE);
    }

    @Test
    void aKarzaCallbackVerifiesOnlyWithTheHoldersNameOnTheProfile() {
        TestUser nameless = TestUsers.register();
        String first = openAtKarza(nameless);
        deliverKarza("{\"request_id\": \"" + first + "\", \"result\": {}, \"status-code\": \"101\"}").statusCode(200)
                .body("outcome", org.hamcrest.Matchers.equalTo("PROCESSED"));
        nameless.request().get("/api/v1/kyc").then().body("status", org.hamcrest.Matchers.equalTo("REJECTED"))
                .body("reason", org.hamcrest.Matchers.containsString("could not be confirmed"));

        TestUser other = TestUsers.register();
        String second = openAtKarza(other);
        deliverKarza("{\"request_id\": \"" + second + "\", \"result\": {\"name\": \"RAVI KUMAR\"}, "
                + "\"status-code\": \"101\"}").statusCode(200);
        other.request().get("/api/v1/kyc").then().body("status", org.hamcrest.Matchers.equalTo("REJECTED"));
        assertThat(statuses.isVerified(nameless.id())).isFalse();
        assertThat(statuses.isVerified(other.id())).isFalse();
    }

    @Test
    void aSubmissionNoProviderDecidesIsRejectedAfterTheMaximumAge() {
        SignzyStandIn.answerPending();
        TestUser me = TestUsers.register();
        UUID image = Uploads.completed(me, "KYC_DOCUMENT", "application/pdf", Uploads.pdf(2000));
        Map<String, Object> submission = new HashMap<>(KycFixture.pan(KycFixture.randomPan(true)));
        submission.put("documentImageId", image);
        me.request().body(submission).post("/api/v1/kyc").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("PENDING"));
        poller.pollDue();
        me.request().body(KycFixture.pan(KycFixture.randomPan(true))).post("/api/v1/kyc").then().statusCode(409)
                .body("code", org.hamcrest.Matchers.equalTo("KYC_PENDING"));

        // No callback in a day and more, and Signzy still says nothing when asked.
        QuarkusTransaction.requiringNew().run(() -> repository.update("createdAt = ?1 where userId = ?2",
                Instant.now().minus(Duration.ofHours(25)), me.id()));
        poller.pollDue();
        me.request().get("/api/v1/kyc").then().body("status", org.hamcrest.Matchers.equalTo("REJECTED"))
                .body("reason", org.hamcrest.Matchers.containsString("no decision"));
        assertThat(attached(image)).as("the image of the closed submission is released").isFalse();
        TestUsers.moderator().request().queryParam("reason", "Checking the closed submission")
                .get("/api/v1/moderation/kyc/" + me.id() + "/document-image").then().statusCode(404);

        SignzyStandIn.answerVerification("true", "");
        me.request().body(KycFixture.pan(KycFixture.randomPan(true))).post("/api/v1/kyc").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("VERIFIED"));
    }

    @Test
    void aSubmissionDroppedForWantOfAnAnswerReleasesItsImage() {
        TestUser me = TestUsers.register();
        UUID image = Uploads.completed(me, "KYC_DOCUMENT", "application/pdf", Uploads.pdf(2000));
        // As when the pod died between recording the submission and Signzy's answer.
        UUID id = submissions.open(me.id(), DocumentType.PAN, UUID.randomUUID().toString().replace("-", ""), "234F",
                "signzy", image);
        QuarkusTransaction.requiringNew().run(() -> repository.update("createdAt = ?1 where id = ?2",
                Instant.now().minus(Duration.ofHours(1)), id));
        poller.pollDue();
        assertThat(QuarkusTransaction.requiringNew().call(() -> repository.findByIdOptional(id))).isEmpty();
        assertThat(attached(image)).as("the image of the dropped submission is released").isFalse();
        me.request().get("/api/v1/kyc").then().body("status", org.hamcrest.Matchers.equalTo("NONE"));
    }

    private static DocumentCheck check(DocumentType type, String number, String name) {
        return new DocumentCheck(UUID.randomUUID(), type, number, name, LocalDate.of(1998, 6, 15));
    }

    private String reference(TestUser user) {
        return QuarkusTransaction.requiringNew().call(() -> repository.latestOf(user.id()).orElseThrow().providerReference);
    }

    /** A PAN submission of the user waiting for Karza's callback; returns Karza's request id. */
    private String openAtKarza(TestUser user) {
        UUID id = submissions.open(user.id(), DocumentType.PAN, UUID.randomUUID().toString().replace("-", ""), "234F",
                KarzaKycProvider.NAME, null);
        String requestId = UUID.randomUUID().toString();
        submissions.recordAnswer(id, ProviderDecision.pending(requestId, Instant.now()));
        return requestId;
    }

    private static ValidatableResponse deliverKarza(String body) {
        return given().contentType(ContentType.JSON).auth().preemptive().basic("karza", KarzaStandIn.WEBHOOK_TOKEN)
                .body(body).post("/api/v1/webhooks/kyc/karza").then();
    }

    private boolean attached(UUID mediaId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("select attached_at is not null from media where id = ?1")
                .setParameter(1, mediaId).getSingleResult().equals(Boolean.TRUE));
    }

    private static ValidatableResponse deliverSignzy(String body) {
        return given().contentType(ContentType.JSON).auth().preemptive().basic("signzy", SignzyStandIn.WEBHOOK_TOKEN)
                .body(body).post("/api/v1/webhooks/kyc/signzy").then();
    }
}
