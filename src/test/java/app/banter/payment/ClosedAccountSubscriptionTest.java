package app.banter.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.testsupport.RazorpayStandIn;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A member who deletes their account, or is banned, can no longer cancel their premium plan themselves: it is
 * cancelled at Razorpay for them, and a charge Razorpay still makes afterwards gives no premium and is left to a person
 * to refund.
 */
@QuarkusTest
class ClosedAccountSubscriptionTest {

    private static final long PAID_END = Instant.parse("2027-01-06T00:00:00Z").getEpochSecond();
    private static final long NEXT_END = Instant.parse("2027-02-05T00:00:00Z").getEpochSecond();

    @Inject
    EntityManager em;

    @Inject
    SubscriptionCancellations cancellations;

    @AfterEach
    void reset() {
        RazorpayStandIn.resetToDefaults();
    }

    @Test
    void deletingTheAccountCancelsItsSubscriptionAtOnceAndALaterChargeGivesNoPremium() {
        TestUser member = TestUsers.register();
        String subscriptionId = activate(member);

        member.request().delete("/api/v1/me").then().statusCode(204);
        assertCancelledAtOnce(subscriptionId, 1);

        // Razorpay had already begun the next cycle's charge: it is made, but the account is gone.
        String paymentId = RazorpayWebhooks.paymentId();
        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionCharged(subscriptionId, paymentId, 9900, NEXT_END,
                Instant.now().getEpochSecond() + 60)).statusCode(200);
        assertThat(premiumUntil(member)).isEqualTo(PAID_END);
        assertThat(anomaliesOf(paymentId)).containsExactly("CHARGE_AFTER_ACCOUNT_CLOSED");

        // Re-registering the phone gives a new account with no subscription of its own.
        TestUser again = TestUsers.register(member.phone(), TestUsers.randomUsername());
        again.request().get("/api/v1/subscriptions").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void banningTheMemberCancelsTheirSubscriptionAtOnce() {
        TestUser member = TestUsers.register();
        String subscriptionId = activate(member);
        TestUser moderator = TestUsers.moderator();

        moderator.request().body(Map.of("reason", "spam")).post("/api/v1/moderation/users/" + member.id() + "/ban")
                .then().statusCode(200);
        assertCancelledAtOnce(subscriptionId, 1);

        // A charge made before the ban, reported late, paid for time the member could use: it counts.
        long beforeTheBan = Instant.now().getEpochSecond() - 86_400;
        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionCharged(subscriptionId, RazorpayWebhooks.paymentId(),
                9900, NEXT_END, beforeTheBan)).statusCode(200);
        assertThat(premiumUntil(member)).isEqualTo(NEXT_END);

        // One made after the ban does not.
        String paymentId = RazorpayWebhooks.paymentId();
        long afterTheBan = Instant.now().getEpochSecond() + 60;
        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionCharged(subscriptionId, paymentId, 9900,
                NEXT_END + 2_592_000, afterTheBan)).statusCode(200);
        assertThat(premiumUntil(member)).isEqualTo(NEXT_END);
        assertThat(anomaliesOf(paymentId)).containsExactly("CHARGE_AFTER_ACCOUNT_CLOSED");
    }

    @Test
    void aCancellationRazorpayDidNotConfirmIsAskedAgainUntilItDoes() {
        TestUser member = TestUsers.register();
        String subscriptionId = activate(member);
        RazorpayStandIn.server().stubFor(post(urlPathMatching("/v1/subscriptions/.*/cancel"))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"code\": \"SERVER_ERROR\", \"description\": \"The server "
                                + "encountered an error. The incident has been reported to admins.\"}}")));

        // Razorpay down does not stop the deletion; it was asked once.
        member.request().delete("/api/v1/me").then().statusCode(204);
        assertCancelledAtOnce(subscriptionId, 1);
        assertThat(cancellationDue(subscriptionId)).isTrue();

        // Before the lease ends nobody asks again; after it, the reconciler does. Still active: not done.
        Instant now = Instant.now();
        cancellations.cancelDue(now);
        assertCancelledAtOnce(subscriptionId, 1);
        RazorpayStandIn.answerCancellationsStillActive();
        cancellations.cancelDue(now.plus(Duration.ofMinutes(10)));
        assertCancelledAtOnce(subscriptionId, 2);
        assertThat(cancellationDue(subscriptionId)).isTrue();

        // Razorpay cancels it: done, and not asked again.
        RazorpayStandIn.resetToDefaults();
        cancellations.cancelDue(now.plus(Duration.ofMinutes(30)));
        assertCancelledAtOnce(subscriptionId, 1);
        assertThat(cancellationDue(subscriptionId)).isFalse();
        cancellations.cancelDue(now.plus(Duration.ofHours(2)));
        assertCancelledAtOnce(subscriptionId, 1);

        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionEvent("subscription.cancelled", subscriptionId,
                "cancelled", PAID_END, Instant.now().getEpochSecond())).statusCode(200);
        String paymentId = RazorpayWebhooks.paymentId();
        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionCharged(subscriptionId, paymentId, 9900, NEXT_END,
                Instant.now().getEpochSecond() + 60)).statusCode(200);
        assertThat(premiumUntil(member)).isEqualTo(PAID_END);
        assertThat(anomaliesOf(paymentId)).containsExactly("CHARGE_AFTER_ACCOUNT_CLOSED");
    }

    @Test
    void aPlanRazorpayNoLongerLetsBeCancelledIsNotAskedAgain() {
        TestUser member = TestUsers.register();
        String subscriptionId = activate(member);
        RazorpayStandIn.refuseCancellations();
        member.request().delete("/api/v1/me").then().statusCode(204);
        assertCancelledAtOnce(subscriptionId, 1);
        assertThat(cancellationDue(subscriptionId)).isFalse();
    }

    /** A monthly plan paid in Checkout: the activation webhook makes the user a member until PAID_END. */
    private String activate(TestUser member) {
        String subscriptionId = member.request().body(Map.of("plan", "monthly")).post("/api/v1/subscriptions").then()
                .statusCode(201).extract().path("razorpaySubscriptionId");
        RazorpayWebhooks.deliver(RazorpayWebhooks.subscriptionEvent("subscription.activated", subscriptionId, "active",
                PAID_END)).statusCode(200);
        assertThat(premiumUntil(member)).isEqualTo(PAID_END);
        return subscriptionId;
    }

    /** Razorpay was asked this many times to cancel the subscription now, not at the end of the cycle. */
    private static void assertCancelledAtOnce(String subscriptionId, int times) {
        RazorpayStandIn.server().verify(times, postRequestedFor(urlPathEqualTo(
                "/v1/subscriptions/" + subscriptionId + "/cancel")));
        RazorpayStandIn.server().verify(times, postRequestedFor(urlPathEqualTo(
                "/v1/subscriptions/" + subscriptionId + "/cancel"))
                .withRequestBody(equalToJson("{\"cancel_at_cycle_end\": 0}")));
    }

    private boolean cancellationDue(String razorpayId) {
        return QuarkusTransaction.requiringNew().call(() -> (Boolean) em.createNativeQuery(
                "select cancel_due_at is not null from subscriptions where razorpay_subscription_id = ?1")
                .setParameter(1, razorpayId).getSingleResult());
    }

    /** The user's premium_until in epoch seconds, read from the database (a deleted user has no session to ask). */
    private long premiumUntil(TestUser user) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select extract(epoch from premium_until)::bigint from users where id = ?1")
                .setParameter(1, user.id()).getSingleResult()).longValue());
    }

    @SuppressWarnings("unchecked")
    private List<String> anomaliesOf(String paymentId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select kind from payment_anomalies where payment_id = ?1 and resolved_at is null")
                .setParameter(1, paymentId).getResultList());
    }
}
