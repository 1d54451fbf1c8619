package app.banter.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.testsupport.Concurrently;
import app.banter.testsupport.RazorpayStandIn;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Buying coins: order, Checkout verification, the ledger credit, and what a retry or failure does. */
@QuarkusTest
class PurchaseFlowTest {

    @Inject
    PurchaseReconciler reconciler;

    @AfterEach
    void resetStandIn() {
        RazorpayStandIn.resetToDefaults();
    }

    @Test
    void packagesComeFromConfiguration() {
        TestUser me = TestUsers.register();
        me.request().get("/api/v1/payments/packages").then().statusCode(200)
                .body("id", Matchers.contains("coins-100", "coins-250", "coins-600", "coins-1500"))
                .body("coins", Matchers.contains(100, 250, 600, 1500))
                .body("pricePaise", Matchers.contains(4900, 9900, 24900, 49900));
    }

    @Test
    void orderVerifyCredit() {
        TestUser me = TestUsers.register();
        ValidatableResponse order = createOrder(me, "coins-250", "key-" + UUID.randomUUID()).statusCode(200)
                .body("amount", Matchers.equalTo(9900)).body("currency", Matchers.equalTo("INR"))
                .body("keyId", Matchers.equalTo(RazorpayStandIn.KEY_ID)).body("status", Matchers.equalTo("CREATED"));
        String orderId = order.extract().path("orderId");
        String purchaseId = order.extract().path("purchaseId");
        RazorpayStandIn.server().verify(postRequestedFor(urlPathEqualTo("/v1/orders"))
                .withHeader("Authorization", equalTo("Basic " + Base64.getEncoder()
                        .encodeToString((RazorpayStandIn.KEY_ID + ":" + RazorpayStandIn.KEY_SECRET).getBytes())))
                .withRequestBody(equalToJson("{\"amount\": 9900, \"currency\": \"INR\", \"receipt\": \"" + purchaseId
                        + "\"}", true, true)));

        String paymentId = RazorpayWebhooks.paymentId();
        verify(me, orderId, paymentId, checkoutSignature(orderId, paymentId)).statusCode(200)
                .body("status", Matchers.equalTo("PAID")).body("coins", Matchers.equalTo(250));
        assertThat(coins(me)).isEqualTo(100 + 250);

        // Verifying again (the app retrying) credits nothing more.
        verify(me, orderId, paymentId, checkoutSignature(orderId, paymentId)).statusCode(200);
        assertThat(coins(me)).isEqualTo(350);
        me.request().get("/api/v1/wallet/transactions").then().statusCode(200)
                .body("items.findAll { it.kind == 'COIN_PURCHASE' }", hasSize(1));
        me.request().get("/api/v1/payments/purchases/" + purchaseId).then().statusCode(200)
                .body("status", Matchers.equalTo("PAID"));
        me.request().get("/api/v1/payments/purchases").then().statusCode(200)
                .body("items.id", Matchers.hasItem(purchaseId));
    }

    @Test
    void sameIdempotencyKeyReturnsTheSameOrder() {
        TestUser me = TestUsers.register();
        String key = "key-" + UUID.randomUUID();
        String first = createOrder(me, "coins-100", key).statusCode(200).extract().path("orderId");
        String again = createOrder(me, "coins-100", key).statusCode(200).extract().path("orderId");
        assertThat(again).isEqualTo(first);
        RazorpayStandIn.server().verify(1, postRequestedFor(urlPathEqualTo("/v1/orders")));
        createOrder(me, "coins-600", key).statusCode(409).body("code", Matchers.equalTo("IDEMPOTENCY_KEY_REUSED"));
        // Keys are per user: another user's identical key is a different purchase.
        TestUser other = TestUsers.register();
        String theirs = createOrder(other, "coins-100", key).statusCode(200).extract().path("orderId");
        assertThat(theirs).isNotEqualTo(first);
    }

    @Test
    void concurrentFirstRequestsWithOneKeyMakeOneRazorpayOrder() {
        TestUser me = TestUsers.register();
        String key = "key-" + UUID.randomUUID();
        RazorpayStandIn.answerOrdersAfter(500);
        List<Concurrently.Outcome<Map<String, Object>>> answers = Concurrently.run(8,
                thread -> createOrder(me, "coins-250", key).statusCode(200).extract().<Map<String, Object>>path(""));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.failure()).isNull());
        Map<String, Object> first = answers.get(0).result();
        assertThat(first.get("orderId").toString()).startsWith("order_");
        assertThat(answers).allSatisfy(answer -> assertThat(answer.result()).isEqualTo(first));
        RazorpayStandIn.server().verify(1, postRequestedFor(urlPathEqualTo("/v1/orders"))
                .withRequestBody(matchingJsonPath("$.receipt", equalTo(first.get("purchaseId").toString()))));
        me.request().get("/api/v1/payments/purchases").then().body("items", hasSize(1));
    }

    @Test
    void badOrderRequests() {
        TestUser me = TestUsers.register();
        me.request().body(Map.of("packageId", "coins-100")).post("/api/v1/payments/orders").then().statusCode(400)
                .body("violations[0].field", Matchers.equalTo("idempotencyKey"));
        createOrder(me, "coins-999999", "k1").statusCode(400).body("code", Matchers.equalTo("UNKNOWN_PACKAGE"));
        createOrder(me, "coins-100", "bad key with spaces").statusCode(400);
        RazorpayStandIn.server().verify(0, postRequestedFor(urlPathEqualTo("/v1/orders")));
    }

    /**
     * Every new order is a Razorpay order and a purchase the reconciler asks about for a day, so one user starts only
     * banter.payments.orders-per-hour (10) an hour; the one over it reaches neither. A retry with a key already used
     * is the same order, neither counted nor refused.
     */
    @Test
    void newOrdersAreRateLimitedPerUserButARetryOfAnOrderIsNot() {
        TestUser me = TestUsers.register();
        int before = ordersAskedOfRazorpay();
        String firstKey = "key-" + UUID.randomUUID();
        String first = createOrder(me, "coins-100", firstKey).statusCode(200).extract().path("orderId");
        for (int i = 1; i < 10; i++) {
            createOrder(me, "coins-100", "key-" + UUID.randomUUID()).statusCode(200);
        }

        createOrder(me, "coins-100", "key-" + UUID.randomUUID()).statusCode(429)
                .body("code", Matchers.equalTo("RATE_LIMITED")).header("Retry-After", Matchers.notNullValue());
        assertThat(ordersAskedOfRazorpay()).isEqualTo(before + 10);
        me.request().queryParam("limit", 100).get("/api/v1/payments/purchases").then().body("items", hasSize(10));

        createOrder(me, "coins-100", firstKey).statusCode(200).body("orderId", Matchers.equalTo(first));
        assertThat(ordersAskedOfRazorpay()).isEqualTo(before + 10);
        createOrder(TestUsers.register(), "coins-100", "key-" + UUID.randomUUID()).statusCode(200);
    }

    @Test
    void providerFailureLeavesAPurchaseThatARetryFinishes() {
        TestUser me = TestUsers.register();
        RazorpayStandIn.server().stubFor(post(urlPathEqualTo("/v1/orders")).willReturn(aResponse().withStatus(500)
                .withBody("{\"error\": {\"code\": \"SERVER_ERROR\"}}")));
        String key = "key-" + UUID.randomUUID();
        createOrder(me, "coins-100", key).statusCode(502)
                .body("code", Matchers.equalTo("PAYMENT_PROVIDER_UNAVAILABLE"));
        me.request().get("/api/v1/payments/purchases").then().body("items", hasSize(1))
                .body("items[0].status", Matchers.equalTo("PENDING"));

        RazorpayStandIn.resetToDefaults();
        createOrder(me, "coins-100", key).statusCode(200).body("status", Matchers.equalTo("CREATED"))
                .body("orderId", Matchers.startsWith("order_"));
        me.request().get("/api/v1/payments/purchases").then().body("items", hasSize(1))
                .body("items[0].status", Matchers.equalTo("CREATED"));
    }

    @Test
    void databaseFailureAfterTheProviderCallLeavesAPurchaseThatARetryFinishes() {
        TestUser me = TestUsers.register();
        String takenOrderId = createOrder(me, "coins-100", "key-" + UUID.randomUUID()).statusCode(200)
                .extract().path("orderId");
        // Razorpay answers with an order id our database cannot store (it already belongs to a purchase), so the
        // write after the provider call fails.
        RazorpayStandIn.server().stubFor(post(urlPathEqualTo("/v1/orders")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": \"" + takenOrderId
                        + "\", \"entity\": \"order\", \"amount\": 4900, \"currency\": \"INR\", \"status\": \"created\"}")));
        String key = "key-" + UUID.randomUUID();
        createOrder(me, "coins-100", key).statusCode(500).body("code", Matchers.equalTo("INTERNAL_ERROR"));

        RazorpayStandIn.resetToDefaults();
        String orderId = createOrder(me, "coins-100", key).statusCode(200).extract().path("orderId");
        assertThat(orderId).isNotEqualTo(takenOrderId);
        me.request().get("/api/v1/payments/purchases").then().body("items", hasSize(2));
    }

    @Test
    void invalidCheckoutSignatureChangesNothing() {
        TestUser me = TestUsers.register();
        String orderId = createOrder(me, "coins-100", "k-" + UUID.randomUUID()).extract().path("orderId");
        String paymentId = RazorpayWebhooks.paymentId();
        verify(me, orderId, paymentId, checkoutSignature(orderId, RazorpayWebhooks.paymentId())).statusCode(400)
                .body("code", Matchers.equalTo("INVALID_SIGNATURE"));
        verify(me, orderId, paymentId, "zz").statusCode(400).body("code", Matchers.equalTo("VALIDATION_FAILED"));
        assertThat(coins(me)).isEqualTo(100);
    }

    @Test
    void nobodyTouchesSomeoneElsesPurchase() {
        TestUser me = TestUsers.register();
        TestUser other = TestUsers.register();
        ValidatableResponse order = createOrder(me, "coins-100", "k-" + UUID.randomUUID());
        String orderId = order.extract().path("orderId");
        String purchaseId = order.extract().path("purchaseId");
        String paymentId = RazorpayWebhooks.paymentId();
        other.request().get("/api/v1/payments/purchases/" + purchaseId).then().statusCode(404);
        other.request().get("/api/v1/payments/purchases").then().body("items", hasSize(0));
        // Even with a valid signature, verifying someone else's order credits nobody.
        verify(other, orderId, paymentId, checkoutSignature(orderId, paymentId)).statusCode(404);
        assertThat(coins(other)).isEqualTo(100);
        assertThat(coins(me)).isEqualTo(100);
    }

    @Test
    void reconcilerSettlesAnOrderWhoseWebhookNeverCame() {
        TestUser me = TestUsers.register();
        String orderId = createOrder(me, "coins-600", "k-" + UUID.randomUUID()).extract().path("orderId");
        String paymentId = RazorpayWebhooks.paymentId();
        RazorpayStandIn.server().stubFor(get(urlPathEqualTo("/v1/orders/" + orderId + "/payments"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"entity": "collection", "count": 2, "items": [
                          {"id": "pay_FailedAttempt01", "entity": "payment", "amount": 24900, "currency": "INR",
                           "status": "failed", "order_id": "%s", "method": "card", "captured": false},
                          {"id": "%s", "entity": "payment", "amount": 24900, "currency": "INR",
                           "status": "captured", "order_id": "%s", "method": "upi", "captured": true}]}"""
                        .formatted(orderId, paymentId, orderId))));
        reconciler.reconcile();
        // A scheduled pass may have claimed the purchase first; either way it is settled once.
        await().atMost(Duration.ofSeconds(30)).until(() -> coins(me) == 700);
        reconciler.reconcile();
        me.request().get("/api/v1/wallet/transactions").then()
                .body("items.findAll { it.kind == 'COIN_PURCHASE' }", hasSize(1));
    }

    static ValidatableResponse createOrder(TestUser user, String packageId, String key) {
        return user.request().header("Idempotency-Key", key).body(Map.of("packageId", packageId))
                .post("/api/v1/payments/orders").then();
    }

    private static int ordersAskedOfRazorpay() {
        return RazorpayStandIn.server().findAll(postRequestedFor(urlPathEqualTo("/v1/orders"))).size();
    }

    static ValidatableResponse verify(TestUser user, String orderId, String paymentId, String signature) {
        return user.request().body(Map.of("orderId", orderId, "paymentId", paymentId, "signature", signature))
                .post("/api/v1/payments/verify").then();
    }

    /** What Razorpay Checkout hands the app: HMAC-SHA256 of "order_id|payment_id" with the key secret. */
    static String checkoutSignature(String orderId, String paymentId) {
        return RazorpayWebhooks.sign(orderId + "|" + paymentId, RazorpayStandIn.KEY_SECRET);
    }

    static long coins(TestUser user) {
        return user.request().get("/api/v1/wallet").then().statusCode(200).extract().<Integer>path("coins.balance");
    }
}
