package app.banter.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.RazorpayStandIn;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/** Premium through Razorpay subscriptions: only verified webhooks grant or stop premium time. */
@QuarkusTest
class PremiumSubscriptionTest {

    @Test
    void chargedExtendsAndCancelledStopsExtending() {
        TestUser me = TestUsers.register();
        String subscriptionId = me.request().body(Map.of("plan", "monthly")).post("/api/v1/subscriptions").then()
                .statusCode(201).body("status", equalTo("created")).body("shortUrl", equalTo("https://rzp.io/i/test"))
                .extract().path("razorpaySubscriptionId");
        RazorpayStandIn.server().verify(postRequestedFor(urlPathEqualTo("/v1/subscriptions"))
                .withRequestBody(equalToJson("{\"plan_id\": \"plan_monthly_local\", \"total_count\": 120}", true, true)));
        me.request().get("/api/v1/me").then().body("premiumUntil", nullValue());

        long firstEnd = Instant.parse("2027-01-01T00:00:00Z").getEpochSecond();
        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionEvent("subscription.activated", subscriptionId,
                "active", firstEnd)).statusCode(200);
        me.request().get("/api/v1/me").then().body("premiumUntil", equalTo("2027-01-01T00:00:00Z"));

        long secondEnd = Instant.parse("2027-02-01T00:00:00Z").getEpochSecond();
        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionEvent("subscription.charged", subscriptionId,
                "active", secondEnd)).statusCode(200);
        me.request().get("/api/v1/me").then().body("premiumUntil", equalTo("2027-02-01T00:00:00Z"));
        // A late, out-of-order charge for an earlier period never shortens premium.
        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionEvent("subscription.charged", subscriptionId,
                "active", firstEnd)).statusCode(200);
        me.request().get("/api/v1/me").then().body("premiumUntil", equalTo("2027-02-01T00:00:00Z"));

        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionEvent("subscription.cancelled", subscriptionId,
                "cancelled", secondEnd)).statusCode(200);
        me.request().get("/api/v1/me").then().body("premiumUntil", equalTo("2027-02-01T00:00:00Z"));
        me.request().get("/api/v1/subscriptions").then().statusCode(200).body("[0].status", equalTo("cancelled"));
    }

    @Test
    void onlyVerifiedEventsForKnownSubscriptionsCount() {
        TestUser me = TestUsers.register();
        String subscriptionId = me.request().body(Map.of("plan", "yearly")).post("/api/v1/subscriptions").then()
                .statusCode(201).extract().path("razorpaySubscriptionId");
        String forged = RazorpayWebhooks.subscriptionEvent("subscription.charged", subscriptionId, "active",
                Instant.parse("2030-01-01T00:00:00Z").getEpochSecond());
        given().contentType("application/json").header("x-razorpay-event-id", "evt_forged1")
                .header("X-Razorpay-Signature", RazorpayWebhooks.sign(forged, "guessed-secret")).body(forged)
                .post("/api/v1/webhooks/razorpay").then().statusCode(400);
        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionEvent("subscription.charged", "sub_NotOurs00000001",
                "active", Instant.parse("2030-01-01T00:00:00Z").getEpochSecond())).statusCode(404);
        me.request().get("/api/v1/me").then().body("premiumUntil", nullValue());
        me.request().body(Map.of("plan", "lifetime")).post("/api/v1/subscriptions").then().statusCode(400)
                .body("code", equalTo("UNKNOWN_PLAN"));
        TestUsers.register().request().get("/api/v1/subscriptions").then().body("size()", equalTo(0));
    }
}
