package app.banter.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import app.banter.testsupport.RazorpayStandIn;
import app.banter.testsupport.StaffUsers;
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
    void aChargeReportedAfterTheCancellationDoesNotReactivate() {
        long paidEnd = Instant.parse("2027-03-01T00:00:00Z").getEpochSecond();
        long chargedAt = Instant.parse("2027-02-01T00:00:05Z").getEpochSecond();
        long cancelledAt = Instant.parse("2027-02-10T12:00:00Z").getEpochSecond();
        for (boolean inOrder : new boolean[] { true, false }) {
            TestUser me = TestUsers.register();
            String subscriptionId = subscribe(me, "monthly");
            String charged = RazorpayWebhooks.subscriptionEvent("subscription.charged", subscriptionId, "active",
                    paidEnd, chargedAt);
            String cancelled = RazorpayWebhooks.subscriptionEvent("subscription.cancelled", subscriptionId,
                    "cancelled", paidEnd, cancelledAt);
            for (String event : inOrder ? List.of(charged, cancelled) : List.of(cancelled, charged)) {
                RazorpayWebhooks.deliver(event).statusCode(200).body("outcome", equalTo("PROCESSED"));
            }
            me.request().get("/api/v1/subscriptions").then().body("[0].status", equalTo("cancelled"))
                    .body("[0].currentEnd", equalTo("2027-03-01T00:00:00Z"));
            // Either way the charge was made, so the period it paid for is the user's.
            me.request().get("/api/v1/me").then().body("premiumUntil", equalTo("2027-03-01T00:00:00Z"));
        }
    }

    @Test
    void aHaltedPlanMovesOnlyForANewerEvent() {
        TestUser me = TestUsers.register();
        String subscriptionId = subscribe(me, "monthly");
        long end = Instant.parse("2027-03-01T00:00:00Z").getEpochSecond();
        long haltedAt = Instant.parse("2027-03-04T00:00:00Z").getEpochSecond();
        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionEvent("subscription.halted", subscriptionId, "halted",
                end, haltedAt)).statusCode(200);
        // An older charge, delivered late, does not undo the halt.
        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionEvent("subscription.charged", subscriptionId, "active",
                end, haltedAt - 86_400)).statusCode(200);
        me.request().get("/api/v1/subscriptions").then().body("[0].status", equalTo("halted"));
        // A charge after the halt (the customer paid the pending invoice) makes it active again: Razorpay does.
        long nextEnd = Instant.parse("2027-04-01T00:00:00Z").getEpochSecond();
        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionEvent("subscription.charged", subscriptionId, "active",
                nextEnd, haltedAt + 3_600)).statusCode(200);
        me.request().get("/api/v1/subscriptions").then().body("[0].status", equalTo("active"));
        me.request().get("/api/v1/me").then().body("premiumUntil", equalTo("2027-04-01T00:00:00Z"));
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
                .post("/api/v1/webhooks/razorpay").then().statusCode(401);
        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionEvent("subscription.charged", "sub_NotOurs00000001",
                "active", Instant.parse("2030-01-01T00:00:00Z").getEpochSecond())).statusCode(404);
        me.request().get("/api/v1/me").then().body("premiumUntil", nullValue());
        me.request().body(Map.of("plan", "lifetime")).post("/api/v1/subscriptions").then().statusCode(400)
                .body("code", equalTo("UNKNOWN_PLAN"));
        TestUsers.register().request().get("/api/v1/subscriptions").then().body("size()", equalTo(0));
    }

    /**
     * Every request to start a plan creates a subscription at Razorpay, so one user starts only
     * banter.payments.subscriptions-per-hour (5) an hour; the one over it does not reach Razorpay.
     */
    @Test
    void startingPlansIsRateLimitedPerUser() {
        TestUser me = TestUsers.register();
        for (int i = 0; i < 5; i++) {
            subscribe(me, i % 2 == 0 ? "monthly" : "yearly");
        }

        me.request().body(Map.of("plan", "monthly")).post("/api/v1/subscriptions").then().statusCode(429)
                .body("code", equalTo("RATE_LIMITED")).header("Retry-After", notNullValue());
        RazorpayStandIn.server().verify(5, postRequestedFor(urlPathEqualTo("/v1/subscriptions"))
                .withRequestBody(matchingJsonPath("$.notes.user_id", WireMock.equalTo(me.id().toString()))));
        me.request().get("/api/v1/subscriptions").then().body("size()", equalTo(5));
        subscribe(TestUsers.register(), "monthly");
    }

    @Test
    void aRefundedSubscriptionPaymentIsLeftToAPersonAndPremiumTimeStays() {
        TestUser me = TestUsers.register();
        String subscriptionId = subscribe(me, "monthly");
        long end = Instant.parse("2027-04-01T00:00:00Z").getEpochSecond();
        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionEvent("subscription.charged", subscriptionId, "active",
                end)).statusCode(200);

        // The invoice's payment refunded from Razorpay's dashboard: its order and invoice are Razorpay's own.
        String paymentId = RazorpayWebhooks.paymentId();
        String invoiceId = "inv_" + paymentId.substring(4);
        RazorpayWebhooks.deliver(RazorpayWebhooks.refundProcessed("rfnd_" + paymentId.substring(4), paymentId, 29900,
                "order_" + paymentId.substring(4), invoiceId)).statusCode(200).body("outcome", equalTo("IGNORED"));
        me.request().get("/api/v1/me").then().body("premiumUntil", equalTo("2027-04-01T00:00:00Z"));
        StaffUsers.admin().request().get("/api/v1/admin/payment-anomalies?limit=100").then().statusCode(200)
                .body("items.find { it.paymentId == '" + paymentId + "' }.kind", equalTo("UNMATCHED_REFUND"))
                .body("items.find { it.paymentId == '" + paymentId + "' }.details", containsString(invoiceId));
    }

    private static String subscribe(TestUser user, String plan) {
        return user.request().body(Map.of("plan", plan)).post("/api/v1/subscriptions").then().statusCode(201)
                .extract().path("razorpaySubscriptionId");
    }
}
