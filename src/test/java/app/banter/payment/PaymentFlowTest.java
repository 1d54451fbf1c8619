package app.banter.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.testsupport.RazorpayStandIn;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Buying coins through the API only, as the app and Razorpay do: the order the service creates with its Razorpay
 * client, the Checkout signature (HMAC-SHA256 of "order_id|payment_id") and the webhook signature (HMAC-SHA256 of
 * the raw body) it checks. Black-box, so that {@link PaymentFlowIT} runs it against the packaged and native
 * application, where JSON binding of the provider's shapes and the crypto providers can fail at run time.
 */
@QuarkusTest
class PaymentFlowTest {

    @AfterEach
    void resetStandIn() {
        RazorpayStandIn.resetToDefaults();
    }

    @Test
    void checkoutSignatureCreditsTheCoinsOnce() {
        TestUser me = TestUsers.register();
        ValidatableResponse order = PurchaseFlowTest.createOrder(me, "coins-250", "key-" + UUID.randomUUID())
                .statusCode(200).body("amount", equalTo(9900)).body("keyId", equalTo(RazorpayStandIn.KEY_ID));
        String orderId = order.extract().path("orderId");
        String purchaseId = order.extract().path("purchaseId");
        RazorpayStandIn.server().verify(postRequestedFor(urlPathEqualTo("/v1/orders")).withRequestBody(equalToJson(
                "{\"amount\": 9900, \"currency\": \"INR\", \"receipt\": \"" + purchaseId + "\"}", true, true)));

        String paymentId = RazorpayWebhooks.paymentId();
        PurchaseFlowTest.verify(me, orderId, paymentId, PurchaseFlowTest.checkoutSignature(RazorpayWebhooks
                .paymentId(), paymentId)).statusCode(400).body("code", equalTo("INVALID_SIGNATURE"));
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(100);

        PurchaseFlowTest.verify(me, orderId, paymentId, PurchaseFlowTest.checkoutSignature(orderId, paymentId))
                .statusCode(200).body("status", equalTo("PAID")).body("coins", equalTo(250));
        // The webhook for the same payment arrives too: verified, and settled already.
        RazorpayWebhooks.deliver(RazorpayWebhooks.captured(orderId, paymentId, 9900)).statusCode(200);
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(100 + 250);
    }

    @Test
    void signedWebhookCreditsAndAForgedOneIsRefused() {
        TestUser me = TestUsers.register();
        String orderId = PurchaseFlowTest.createOrder(me, "coins-100", "key-" + UUID.randomUUID()).statusCode(200)
                .extract().path("orderId");
        String event = RazorpayWebhooks.captured(orderId, RazorpayWebhooks.paymentId(), 4900);

        given().contentType("application/json").header("x-razorpay-event-id", "evt_forged" + System.nanoTime())
                .header("X-Razorpay-Signature", RazorpayWebhooks.sign(event, "not-the-webhook-secret")).body(event)
                .post("/api/v1/webhooks/razorpay").then().statusCode(401).body("code", equalTo("INVALID_WEBHOOK_SIGNATURE"));
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(100);

        String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        RazorpayWebhooks.deliver(event, eventId).statusCode(200);
        RazorpayWebhooks.deliver(event, eventId).statusCode(200);
        assertThat(PurchaseFlowTest.coins(me)).isEqualTo(100 + 100);
    }
}
