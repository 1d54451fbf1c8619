package app.banter.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.call.CallFixture.Party;
import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A premium member's calls cost 20 % less a minute (banter.premium.call-discount-percent), and billing charges that
 * rate: audio 8 coins instead of 10, video 16 instead of 20; the callee earns their share of what is paid.
 */
@QuarkusTest
class PremiumCallRateTest {

    @Inject
    CallFixture fixture;

    @Inject
    CallReconciler reconciler;


    @Inject
    EntityManager em;

    @AfterEach
    void reset() {
        LiveKitStandIn.resetToDefaults();
    }

    @Test
    void aMemberPaysTheDiscountedRateForEveryBilledMinute() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            premiumUntil(caller.user(), Instant.now().plus(Duration.ofDays(30)));
            UUID callId = fixture.connected(caller, callee, "AUDIO");
            assertThat(fixture.call(callId).ratePerMinute).isEqualTo(8);
            assertThat(fixture.coins(caller.user()).held()).isEqualTo(8);

            fixture.elapse(callId, Duration.ofSeconds(200));
            reconciler.reconcile();
            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200)
                    .body("ratePerMinute", equalTo(8)).body("coinsCharged", equalTo(4 * 8));
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(100 - 4 * 8);
            assertThat(fixture.coins(caller.user()).held()).isZero();
            // 60 % of the 32 coins paid, rounded down once: 19 (19.2), not 4 a minute (16).
            assertThat(fixture.earnings(callee.user()).balance()).isEqualTo(4 * 8 * 60 / 100);
            assertThat(fixture.ledgerSum()).isZero();
        }
    }

    @Test
    void theCalleeEarnsTheirShareOfWhatTheWholeCallPaid() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            premiumUntil(caller.user(), Instant.now().plus(Duration.ofDays(30)));
            UUID callId = fixture.connected(caller, callee, "AUDIO");

            // Minute k starts 5 + 60 (k - 1) seconds after connecting: this is inside the tenth.
            fixture.elapse(callId, Duration.ofSeconds(9 * 60 + 30));
            reconciler.reconcile();
            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200)
                    .body("coinsCharged", equalTo(10 * 8));
            // 4.8 coins a minute at 60 % of 8: 48 for ten minutes, and the platform the other 32.
            assertThat(fixture.earnings(callee.user()).balance()).isEqualTo(48);
            assertThat(fixture.settledTo(callId, "callee")).isEqualTo(48);
            assertThat(fixture.settledTo(callId, "platform")).isEqualTo(32);
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(100 - 80);
            assertThat(fixture.ledgerSum()).isZero();
        }
    }

    @Test
    void videoIsDiscountedTooAndOnlyTheCallerCounts() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            premiumUntil(callee.user(), Instant.now().plus(Duration.ofDays(30)));
            String callId = caller.user().request().body(Map.of("calleeId", callee.user().id(), "type", "VIDEO"))
                    .post("/api/v1/calls").then().statusCode(201).body("call.ratePerMinute", equalTo(20))
                    .extract().path("call.id");
            caller.user().request().post("/api/v1/calls/" + callId + "/cancel").then().statusCode(200);
        }
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            premiumUntil(caller.user(), Instant.now().plus(Duration.ofDays(30)));
            String callId = caller.user().request().body(Map.of("calleeId", callee.user().id(), "type", "VIDEO"))
                    .post("/api/v1/calls").then().statusCode(201).body("call.ratePerMinute", equalTo(16))
                    .extract().path("call.id");
            caller.user().request().post("/api/v1/calls/" + callId + "/cancel").then().statusCode(200);
        }
    }

    @Test
    void anExpiredMembershipPaysTheFullRate() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            premiumUntil(caller.user(), Instant.now().minus(Duration.ofMinutes(1)));
            UUID callId = fixture.connected(caller, callee, "AUDIO");
            assertThat(fixture.call(callId).ratePerMinute).isEqualTo(10);
            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200);
        }
    }

    /** What a verified subscription webhook sets (PremiumSubscriptionTest covers that path). */
    private void premiumUntil(TestUser user, Instant until) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update users set premium_until = ?2 where id = ?1").setParameter(1, user.id())
                .setParameter(2, until).executeUpdate());
    }
}
