package app.banter.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.operator.AuditRows;
import app.banter.testsupport.Concurrently;
import app.banter.testsupport.RazorpayStandIn;
import app.banter.testsupport.StaffUsers;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.wallet.TestWallets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Purchases in REVIEW resolved through the operator API: a credit goes through the settlement's keyed ledger
 * transfer once however many resolutions race, a refund goes to Razorpay once, and each leaves one audit row.
 */
@QuarkusTest
class PurchaseReviewTest {

    private static final String ADMIN = "/api/v1/admin";

    @Inject
    TestWallets wallets;

    @Inject
    EntityManager em;

    @AfterEach
    void resetStandIn() {
        RazorpayStandIn.resetToDefaults();
    }

    /** An order for coins-250 (Rs 99) paid with Rs 49: held in REVIEW with an AMOUNT_MISMATCH anomaly. */
    private record Reviewed(TestUser buyer, String purchaseId, String orderId, String paymentId) {
    }

    private static Reviewed underpaid() {
        TestUser buyer = TestUsers.register();
        ValidatableResponse order = PurchaseFlowTest.createOrder(buyer, "coins-250", "k-" + UUID.randomUUID())
                .statusCode(200);
        String orderId = order.extract().path("orderId");
        String paymentId = RazorpayWebhooks.paymentId();
        RazorpayWebhooks.deliver(RazorpayWebhooks.captured(orderId, paymentId, 4900)).statusCode(200);
        String purchaseId = order.extract().path("purchaseId");
        buyer.request().get("/api/v1/payments/purchases/" + purchaseId).then().body("status",
                Matchers.equalTo("REVIEW"));
        return new Reviewed(buyer, purchaseId, orderId, paymentId);
    }

    private static ValidatableResponse resolve(TestUser admin, String purchaseId, String action) {
        return admin.request().body(Map.of("action", action, "reason", "checked with the buyer"))
                .post(ADMIN + "/purchases/" + purchaseId + "/resolve").then();
    }

    @Test
    void concurrentCreditResolutionsCreditOnce() {
        TestUser admin = StaffUsers.admin();
        Reviewed review = underpaid();
        admin.request().get(ADMIN + "/purchases/review?limit=100").then().statusCode(200)
                .body("items.id", hasItem(review.purchaseId()))
                .body("items.find { it.id == '" + review.purchaseId() + "' }.paymentId",
                        Matchers.equalTo(review.paymentId()))
                .body("items.find { it.id == '" + review.purchaseId() + "' }.amount", Matchers.equalTo(9900));
        String anomalyId = admin.request().get(ADMIN + "/payment-anomalies?limit=100").then().statusCode(200)
                .body("items.find { it.purchaseId == '" + review.purchaseId() + "' }.kind",
                        Matchers.equalTo("AMOUNT_MISMATCH"))
                .extract().path("items.find { it.purchaseId == '" + review.purchaseId() + "' }.id");

        List<Concurrently.Outcome<Map<String, Object>>> outcomes = Concurrently.run(8,
                i -> resolve(admin, review.purchaseId(), "CREDIT").statusCode(200).extract().path(""));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        assertThat(outcomes).filteredOn(o -> Boolean.TRUE.equals(o.result().get("changed"))).hasSize(1);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.result().get("status")).isEqualTo("PAID"));
        assertThat(PurchaseFlowTest.coins(review.buyer())).isEqualTo(100 + 250);
        assertThat(wallets.transfersWithKey("coin-purchase:" + review.purchaseId())).isEqualTo(1);
        wallets.assertBooksBalance();
        assertThat(AuditRows.count("PURCHASE_CREDITED", review.purchaseId())).isEqualTo(1);

        review.buyer().request().get("/api/v1/payments/purchases/" + review.purchaseId()).then()
                .body("status", Matchers.equalTo("PAID"));
        admin.request().get(ADMIN + "/purchases/review?limit=100").then()
                .body("items.id", not(hasItem(review.purchaseId())));
        admin.request().get(ADMIN + "/payment-anomalies?status=RESOLVED&limit=100").then()
                .body("items.find { it.id == '" + anomalyId + "' }.resolution", Matchers.equalTo("CREDITED"))
                .body("items.find { it.id == '" + anomalyId + "' }.resolvedBy", Matchers.equalTo(admin.id().toString()));

        // The other decision on a resolved purchase is refused; Razorpay is never asked.
        resolve(admin, review.purchaseId(), "REFUND").statusCode(409).body("code", Matchers.equalTo("ALREADY_RESOLVED"));
        RazorpayStandIn.server().verify(0, postRequestedFor(urlPathMatching("/v1/payments/.*/refund")));
        assertThat(PurchaseFlowTest.coins(review.buyer())).isEqualTo(350);
    }

    @Test
    void refundGoesToRazorpayOnceAndItsWebhookChangesNothingMore() {
        TestUser admin = StaffUsers.admin();
        Reviewed review = underpaid();
        String refundId = "rfnd_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        RazorpayStandIn.refundsPayment(review.paymentId(), 4900, refundId, 300);

        List<Concurrently.Outcome<Map<String, Object>>> outcomes = Concurrently.run(4,
                i -> resolve(admin, review.purchaseId(), "REFUND").statusCode(200).extract().path(""));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        assertThat(outcomes).filteredOn(o -> Boolean.TRUE.equals(o.result().get("changed"))).singleElement()
                .satisfies(o -> {
                    assertThat(o.result().get("refundId")).isEqualTo(refundId);
                    assertThat(o.result().get("refundedPaise")).isEqualTo(4900);
                    assertThat(o.result().get("status")).isEqualTo("REFUNDED");
                });
        RazorpayStandIn.server().verify(1, postRequestedFor(urlPathEqualTo("/v1/payments/" + review.paymentId()
                + "/refund"))
                .withHeader("Authorization", equalTo("Basic " + Base64.getEncoder()
                        .encodeToString((RazorpayStandIn.KEY_ID + ":" + RazorpayStandIn.KEY_SECRET).getBytes())))
                .withHeader("X-Refund-Idempotency", equalTo("banter-review-refund-" + review.purchaseId()))
                .withRequestBody(matchingJsonPath("$.speed", equalTo("normal")))
                .withRequestBody(matchingJsonPath("$.receipt", equalTo(review.purchaseId())))
                .withRequestBody(notContaining("\"amount\"")));
        assertThat(AuditRows.count("PURCHASE_REFUNDED", review.purchaseId())).isEqualTo(1);

        // Razorpay then reports the refund: already applied, so no coins move and no anomaly is recorded.
        RazorpayWebhooks.deliver(RazorpayWebhooks.refundProcessed(refundId, review.paymentId(), 4900)).statusCode(200);
        assertThat(PurchaseFlowTest.coins(review.buyer())).isEqualTo(100);
        review.buyer().request().get("/api/v1/payments/purchases/" + review.purchaseId()).then()
                .body("status", Matchers.equalTo("REFUNDED"));
        admin.request().get(ADMIN + "/payment-anomalies?limit=100").then()
                .body("items.purchaseId", not(hasItem(review.purchaseId())));
        wallets.assertBooksBalance();
        resolve(admin, review.purchaseId(), "CREDIT").statusCode(409).body("code", Matchers.equalTo("ALREADY_RESOLVED"));
    }

    @Test
    void refundsFromRazorpayCountAgainstAPurchaseInReviewAndStopItsCredit() {
        TestUser admin = StaffUsers.admin();
        Reviewed review = underpaid();
        // Refunded from Razorpay's dashboard in two parts: nothing was credited, so nothing comes back.
        RazorpayWebhooks.deliver(RazorpayWebhooks.refundProcessed("rfnd_" + System.nanoTime(), review.paymentId(),
                2000)).statusCode(200);
        review.buyer().request().get("/api/v1/payments/purchases/" + review.purchaseId()).then()
                .body("status", Matchers.equalTo("REVIEW"));
        assertThat(refundedPaise(review.purchaseId())).isEqualTo(2000);
        RazorpayWebhooks.deliver(RazorpayWebhooks.refundProcessed("rfnd_" + System.nanoTime(), review.paymentId(),
                2900)).statusCode(200);
        review.buyer().request().get("/api/v1/payments/purchases/" + review.purchaseId()).then()
                .body("status", Matchers.equalTo("REFUNDED"));
        assertThat(refundedPaise(review.purchaseId())).isEqualTo(4900);

        // All that was paid went back: no coins for it.
        resolve(admin, review.purchaseId(), "CREDIT").statusCode(409)
                .body("code", Matchers.equalTo("PURCHASE_REFUNDED"));
        assertThat(PurchaseFlowTest.coins(review.buyer())).isEqualTo(100);
        assertThat(AuditRows.count("PURCHASE_CREDITED", review.purchaseId())).isZero();
        admin.request().get(ADMIN + "/payment-anomalies?limit=100").then()
                .body("items.findAll { it.purchaseId == '" + review.purchaseId() + "' }.kind",
                        Matchers.contains("AMOUNT_MISMATCH"));
        wallets.assertBooksBalance();
    }

    /**
     * 4,900 paise paid for an order of 9,900 (250 coins), half of it refunded while in review: the operator's credit
     * gives the coins of what is still paid, and the refund of the rest takes back exactly those.
     */
    @Test
    void aCreditAfterAPartialRefundGivesTheCoinsOfWhatIsStillPaidAndTheLastRefundTakesThemAllBack() {
        TestUser admin = StaffUsers.admin();
        Reviewed review = underpaid();
        RazorpayWebhooks.deliver(RazorpayWebhooks.refundProcessed("rfnd_" + System.nanoTime(), review.paymentId(),
                2450)).statusCode(200);

        resolve(admin, review.purchaseId(), "CREDIT").statusCode(200).body("coinsCredited", Matchers.equalTo(125));
        assertThat(PurchaseFlowTest.coins(review.buyer())).isEqualTo(100 + 125);

        RazorpayWebhooks.deliver(RazorpayWebhooks.refundProcessed("rfnd_" + System.nanoTime(), review.paymentId(),
                2450)).statusCode(200);
        review.buyer().request().get("/api/v1/payments/purchases/" + review.purchaseId()).then()
                .body("status", Matchers.equalTo("REFUNDED"));
        assertThat(PurchaseFlowTest.coins(review.buyer())).isEqualTo(100);
        wallets.assertBooksBalance();
    }

    /** 5,000 paise paid for an order of 4,900 (100 coins) and credited: refunding the 100 paid above it takes no coin. */
    @Test
    void refundingWhatWasPaidAboveTheOrderTakesNoCoins() {
        TestUser admin = StaffUsers.admin();
        TestUser buyer = TestUsers.register();
        ValidatableResponse order = PurchaseFlowTest.createOrder(buyer, "coins-100", "k-" + UUID.randomUUID())
                .statusCode(200);
        String purchaseId = order.extract().path("purchaseId");
        String paymentId = RazorpayWebhooks.paymentId();
        RazorpayWebhooks.deliver(RazorpayWebhooks.captured(order.extract().path("orderId"), paymentId, 5000))
                .statusCode(200);
        resolve(admin, purchaseId, "CREDIT").statusCode(200).body("coinsCredited", Matchers.equalTo(100));
        assertThat(PurchaseFlowTest.coins(buyer)).isEqualTo(200);

        RazorpayWebhooks.deliver(RazorpayWebhooks.refundProcessed("rfnd_" + System.nanoTime(), paymentId, 100))
                .statusCode(200);
        assertThat(PurchaseFlowTest.coins(buyer)).isEqualTo(200);
        buyer.request().get("/api/v1/payments/purchases/" + purchaseId).then().body("status", Matchers.equalTo("PAID"));

        RazorpayWebhooks.deliver(RazorpayWebhooks.refundProcessed("rfnd_" + System.nanoTime(), paymentId, 4900))
                .statusCode(200);
        assertThat(PurchaseFlowTest.coins(buyer)).isEqualTo(100);
        buyer.request().get("/api/v1/payments/purchases/" + purchaseId).then()
                .body("status", Matchers.equalTo("REFUNDED"));
        wallets.assertBooksBalance();
    }

    /**
     * Razorpay refunded the payment (an operator's REFUND whose commit failed after Razorpay answered, or a refund from
     * its dashboard) and the refund is not recorded here yet: a CREDIT would give coins for money returned.
     */
    @Test
    void aCreditWaitsForARefundRazorpayMadeThatIsNotRecordedHere() {
        TestUser admin = StaffUsers.admin();
        Reviewed review = underpaid();
        RazorpayStandIn.paymentRefunded(review.paymentId(), 4900, 4900);
        resolve(admin, review.purchaseId(), "CREDIT").statusCode(409)
                .body("code", Matchers.equalTo("REFUND_NOT_RECORDED"));
        assertThat(PurchaseFlowTest.coins(review.buyer())).isEqualTo(100);
        assertThat(AuditRows.count("PURCHASE_CREDITED", review.purchaseId())).isZero();
        review.buyer().request().get("/api/v1/payments/purchases/" + review.purchaseId()).then()
                .body("status", Matchers.equalTo("REVIEW"));

        // Once its webhook records it, nothing is left to credit.
        RazorpayWebhooks.deliver(RazorpayWebhooks.refundProcessed("rfnd_" + System.nanoTime(), review.paymentId(),
                4900)).statusCode(200);
        resolve(admin, review.purchaseId(), "CREDIT").statusCode(409)
                .body("code", Matchers.equalTo("PURCHASE_REFUNDED"));
        assertThat(PurchaseFlowTest.coins(review.buyer())).isEqualTo(100);
        wallets.assertBooksBalance();
    }

    @Test
    void razorpayFailureChangesNothing() {
        TestUser admin = StaffUsers.admin();
        Reviewed review = underpaid();
        RazorpayStandIn.server().stubFor(post(urlPathMatching("/v1/payments/.*/refund")).willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"code": "BAD_REQUEST_ERROR", "description": "The refund amount provided is \
                        greater than amount captured", "source": "business", "step": "payment_initiation",
                         "reason": "input_validation_failed", "metadata": {}}}""")));
        resolve(admin, review.purchaseId(), "REFUND").statusCode(502)
                .body("code", Matchers.equalTo("PAYMENT_PROVIDER_UNAVAILABLE"));
        review.buyer().request().get("/api/v1/payments/purchases/" + review.purchaseId()).then()
                .body("status", Matchers.equalTo("REVIEW"));
        assertThat(AuditRows.count("PURCHASE_REFUNDED", review.purchaseId())).isZero();
        // Once Razorpay answers, the same resolution goes through.
        RazorpayStandIn.refundsPayment(review.paymentId(), 4900, "rfnd_RetryWorks0001", 0);
        resolve(admin, review.purchaseId(), "REFUND").statusCode(200).body("changed", Matchers.equalTo(true));
    }

    @Test
    void anomaliesAreDismissedOnceAndNotInsteadOfAReview() {
        TestUser admin = StaffUsers.admin();
        Reviewed review = underpaid();
        String mismatch = anomalyOf(admin, review.purchaseId(), "AMOUNT_MISMATCH");
        admin.request().body(Map.of("reason", "looked")).post(ADMIN + "/payment-anomalies/" + mismatch + "/dismiss")
                .then().statusCode(409).body("code", Matchers.equalTo("PURCHASE_IN_REVIEW"));

        // A second payment for the order, once it is settled, is an anomaly to look at and close.
        resolve(admin, review.purchaseId(), "CREDIT").statusCode(200);
        RazorpayWebhooks.deliver(RazorpayWebhooks.captured(review.orderId(), RazorpayWebhooks.paymentId(), 9900))
                .statusCode(200);
        String second = anomalyOf(admin, review.purchaseId(), "SECOND_PAYMENT");
        admin.request().body(Map.of("reason", "refunded from the dashboard"))
                .post(ADMIN + "/payment-anomalies/" + second + "/dismiss").then().statusCode(200)
                .body("changed", Matchers.equalTo(true)).body("anomaly.resolution", Matchers.equalTo("DISMISSED"));
        admin.request().body(Map.of("reason", "again")).post(ADMIN + "/payment-anomalies/" + second + "/dismiss")
                .then().statusCode(200).body("changed", Matchers.equalTo(false));
        admin.request().body(Map.of("reason", "")).post(ADMIN + "/payment-anomalies/" + second + "/dismiss")
                .then().statusCode(400);
        assertThat(AuditRows.count("ANOMALY_DISMISSED", second)).isEqualTo(1);
        assertThat(PurchaseFlowTest.coins(review.buyer())).isEqualTo(350);
        wallets.assertBooksBalance();
    }

    @Test
    void onlyPurchasesInReviewAreResolved() {
        TestUser admin = StaffUsers.admin();
        TestUser buyer = TestUsers.register();
        String purchaseId = PurchaseFlowTest.createOrder(buyer, "coins-100", "k-" + UUID.randomUUID())
                .statusCode(200).extract().path("purchaseId");
        resolve(admin, purchaseId, "CREDIT").statusCode(409).body("code", Matchers.equalTo("NOT_IN_REVIEW"));
        assertThat(PurchaseFlowTest.coins(buyer)).isEqualTo(100);
        assertThat(AuditRows.count("PURCHASE_CREDITED", purchaseId)).isZero();
    }

    private long refundedPaise(String purchaseId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select refunded_paise from purchases where id = ?1").setParameter(1, UUID.fromString(purchaseId))
                .getSingleResult()).longValue());
    }

    private static String anomalyOf(TestUser admin, String purchaseId, String kind) {
        return admin.request().get(ADMIN + "/payment-anomalies?limit=100").then().statusCode(200).extract()
                .path("items.find { it.purchaseId == '" + purchaseId + "' && it.kind == '" + kind + "' }.id");
    }
}
