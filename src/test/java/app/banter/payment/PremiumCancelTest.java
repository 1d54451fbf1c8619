package app.banter.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.testsupport.RazorpayStandIn;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/** Premium perks that need no call: the badge on the public profile, and cancelling at the end of the period. */
@QuarkusTest
class PremiumCancelTest {

    private static final long PAID_END = Instant.parse("2099-01-01T00:00:00Z").getEpochSecond();

    @AfterEach
    void reset() {
        RazorpayStandIn.resetToDefaults();
    }

    @Test
    void membersShowTheBadgeOthersDoNot() {
        TestUser member = TestUsers.register();
        TestUser viewer = TestUsers.register();
        viewer.request().get("/api/v1/users/" + member.id()).then().statusCode(200).body("premium", equalTo(false));
        activate(member);
        viewer.request().get("/api/v1/users/" + member.id()).then().statusCode(200).body("premium", equalTo(true));
        viewer.request().queryParam("q", member.username()).get("/api/v1/users").then().statusCode(200)
                .body("items[0].premium", equalTo(true));
        member.request().get("/api/v1/users/" + viewer.id()).then().body("premium", equalTo(false));
    }

    @Test
    void cancellingAsksRazorpayToStopAtTheCycleEndAndKeepsThePaidPeriod() {
        TestUser member = TestUsers.register();
        Subscribed subscribed = activate(member);
        member.request().post("/api/v1/subscriptions/" + subscribed.id() + "/cancel").then().statusCode(200)
                .body("cancelAtPeriodEnd", equalTo(true)).body("status", equalTo("active"))
                .body("currentEnd", equalTo("2099-01-01T00:00:00Z"));
        RazorpayStandIn.server().verify(1, postRequestedFor(urlPathEqualTo(
                "/v1/subscriptions/" + subscribed.razorpayId() + "/cancel"))
                .withRequestBody(equalToJson("{\"cancel_at_cycle_end\": 1}")));
        member.request().get("/api/v1/me").then().body("premiumUntil", equalTo("2099-01-01T00:00:00Z"));
        member.request().get("/api/v1/subscriptions").then().body("[0].cancelAtPeriodEnd", equalTo(true));

        // Again: the same answer, and Razorpay is not asked twice.
        member.request().post("/api/v1/subscriptions/" + subscribed.id() + "/cancel").then().statusCode(200)
                .body("cancelAtPeriodEnd", equalTo(true));
        RazorpayStandIn.server().verify(1, postRequestedFor(urlPathMatching("/v1/subscriptions/.*/cancel")));

        // At the cycle end Razorpay reports the cancellation; premium stays until the paid end, nothing more to cancel.
        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionEvent("subscription.cancelled", subscribed.razorpayId(),
                "cancelled", PAID_END)).statusCode(200);
        member.request().post("/api/v1/subscriptions/" + subscribed.id() + "/cancel").then().statusCode(409)
                .body("code", equalTo("SUBSCRIPTION_ENDED"));
        member.request().get("/api/v1/me").then().body("premiumUntil", equalTo("2099-01-01T00:00:00Z"));
    }

    @Test
    void someoneElsesOrAnUnknownSubscriptionIsNotFound() {
        TestUser member = TestUsers.register();
        TestUser other = TestUsers.register();
        Subscribed subscribed = activate(member);
        other.request().post("/api/v1/subscriptions/" + subscribed.id() + "/cancel").then().statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
        other.request().post("/api/v1/subscriptions/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
        other.request().post("/api/v1/subscriptions/not-an-id/cancel").then().statusCode(400)
                .contentType("application/problem+json");
        RazorpayStandIn.server().verify(0, postRequestedFor(urlPathMatching("/v1/subscriptions/.*/cancel")));
        member.request().get("/api/v1/subscriptions").then().body("[0].cancelAtPeriodEnd", equalTo(false));
    }

    @Test
    void aRazorpayRefusalOrOutageChangesNothing() {
        TestUser member = TestUsers.register();
        Subscribed subscribed = activate(member);
        RazorpayStandIn.refuseCancellations();
        member.request().post("/api/v1/subscriptions/" + subscribed.id() + "/cancel").then().statusCode(409)
                .body("code", equalTo("SUBSCRIPTION_NOT_CANCELLABLE"));
        RazorpayStandIn.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock
                .post(urlPathMatching("/v1/subscriptions/.*/cancel"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
        member.request().post("/api/v1/subscriptions/" + subscribed.id() + "/cancel").then().statusCode(502)
                .body("code", equalTo("PAYMENT_PROVIDER_UNAVAILABLE"));
        member.request().get("/api/v1/subscriptions").then().body("[0].cancelAtPeriodEnd", equalTo(false))
                .body("[0].status", equalTo("active"));
        // Once Razorpay answers again, the retry goes through.
        RazorpayStandIn.resetToDefaults();
        member.request().post("/api/v1/subscriptions/" + subscribed.id() + "/cancel").then().statusCode(200)
                .body("cancelAtPeriodEnd", equalTo(true));
    }

    private record Subscribed(String id, String razorpayId) {
    }

    /** A monthly plan paid in Checkout: the verified activation webhook makes the user a member until 2099. */
    private static Subscribed activate(TestUser user) {
        var created = user.request().body(Map.of("plan", "monthly")).post("/api/v1/subscriptions").then()
                .statusCode(201).extract();
        String razorpayId = created.path("razorpaySubscriptionId");
        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionEvent("subscription.activated", razorpayId, "active",
                PAID_END)).statusCode(200);
        return new Subscribed(created.path("id"), razorpayId);
    }
}
