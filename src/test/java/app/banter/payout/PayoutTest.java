package app.banter.payout;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.testsupport.Concurrently;
import app.banter.testsupport.IndianCalendar;
import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.LockWaits;
import app.banter.testsupport.LogCapture;
import app.banter.testsupport.RazorpayXStandIn;
import app.banter.testsupport.StaffUsers;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.wallet.Accounts;
import app.banter.wallet.SystemAccounts;
import app.banter.wallet.TestWallets;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * Withdrawals end to end: through the API, RazorpayX's stand-in and signed RazorpayX webhooks, against the real
 * ledger. Test configuration: at least 5 coins, 100 coins a day, 25 paise a coin; earnings from billed calls, 6 coins
 * a minute.
 */
@QuarkusTest
class PayoutTest {

    private static final String VPA = "asha.rao@okaxis";
    private static final String ACCOUNT = "123456789012";

    @Inject
    PayoutFixture fixture;

    @Inject
    PayoutReconciler reconciler;

    @Inject
    TestWallets books;

    @Inject
    Accounts accounts;

    @Inject
    AgroalDataSource database;

    @AfterEach
    void reset() {
        RazorpayXStandIn.resetToDefaults();
        LiveKitStandIn.resetToDefaults();
        books.assertBooksBalance();
    }

    @Test
    void anUnverifiedUserIsRefused() {
        TestUser user = fixture.earner(10);
        withdraw(user, key(), 20, upi(VPA)).statusCode(403).body("code", equalTo("KYC_REQUIRED"));
        assertThat(fixture.earningsAvailable(user)).isEqualTo(60);
    }

    @Test
    void belowTheMinimumAndMalformedDestinationsAreRefused() {
        TestUser user = fixture.verifiedEarner(10);
        withdraw(user, key(), 4, upi(VPA)).statusCode(400).body("code", equalTo("PAYOUT_BELOW_MINIMUM"));
        withdraw(user, key(), 20, upi("no-handle")).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        withdraw(user, key(), 20, bank("12345678", "HDFC0000053", "Asha Rao")).statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        withdraw(user, key(), 20, bank("1234567890123456789", "HDFC0000053", "Asha Rao")).statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        withdraw(user, key(), 20, bank(ACCOUNT, "HDFC1000053", "Asha Rao")).statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        withdraw(user, key(), 20, Map.of("type", "UPI", "vpa", VPA, "ifsc", "HDFC0000053")).statusCode(400)
                .body("code", equalTo("INVALID_PAYOUT_METHOD"));
        user.request().body(Map.of("coins", 20, "method", upi(VPA))).post("/api/v1/payouts").then().statusCode(400);
        // Coins that would overflow the conversion to paise are bad input, not a server error.
        withdraw(user, key(), Long.MAX_VALUE, upi(VPA)).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        assertThat(fixture.earningsAvailable(user)).isEqualTo(60);
        user.request().get("/api/v1/payouts").then().statusCode(200).body("items", hasSize(0));
        assertThat(RazorpayXStandIn.server().findAll(postRequestedFor(urlPathEqualTo("/v1/payouts")))).isEmpty();
    }

    @Test
    void theDailyLimitCountsWhatIsNotFailedOrReversed() {
        TestUser user = fixture.verifiedEarner(20);
        IndianCalendar.awaitEnoughOfTheDay();
        String first = withdraw(user, key(), 60, upi(VPA)).statusCode(201).extract().path("id");
        withdraw(user, key(), 50, upi(VPA)).statusCode(409).body("code", equalTo("PAYOUT_DAILY_LIMIT_EXCEEDED"));
        assertThat(fixture.earningsAvailable(user)).isEqualTo(60);

        // A failed payout no longer counts: the same 50 coins may go now.
        PayoutFixture.deliver(PayoutFixture.event(fixture.razorpayPayoutId(UUID.fromString(first)), "failed",
                PayoutFixture.now())).statusCode(200).body("outcome", equalTo("PROCESSED"));
        withdraw(user, key(), 50, upi(VPA)).statusCode(201);
    }

    @Test
    void purchasedCoinsCannotBeWithdrawn() {
        // 100 signup coins and 100 bought through Razorpay (order, then the signed payment.captured webhook) sit in
        // COINS, and no earnings yet: the withdrawal finds nothing to take.
        TestUser user = TestUsers.register();
        fixture.verifyKyc(user);
        fixture.buyCoins(user, "coins-100");
        assertThat(user.request().get("/api/v1/wallet").then().statusCode(200).extract().<Integer>path(
                "coins.balance")).isEqualTo(200);
        withdraw(user, key(), 50, upi(VPA)).statusCode(402).body("code", equalTo("INSUFFICIENT_BALANCE"));
        assertThat(user.request().get("/api/v1/wallet").then().statusCode(200).extract().<Integer>path(
                "coins.balance")).isEqualTo(200);
        // With earnings, only those go: 60 of earnings, not the 100 coins beside them.
        TestUser earner = fixture.verifiedEarner(10);
        withdraw(earner, key(), 61, upi(VPA)).statusCode(402);
        withdraw(earner, key(), 60, upi(VPA)).statusCode(201);
        assertThat(fixture.earningsAvailable(earner)).isZero();
    }

    @Test
    void aProcessedPayoutIsCapturedOnceAndLateOrRepeatedEventsChangeNothing() {
        TestUser user = fixture.verifiedEarner(10);
        ExtractableResponse<Response> created = withdraw(user, key(), 40, upi(VPA)).statusCode(201)
                .body("status", equalTo("PROCESSING")).body("amountPaise", equalTo(1000))
                .body("method.destination", equalTo("****.rao@okaxis")).extract();
        UUID payoutId = UUID.fromString(created.path("id"));
        List<RazorpayXStandIn.MadePayout> made = RazorpayXStandIn.payoutsWithReference(payoutId);
        assertThat(made).hasSize(1);
        assertThat(made.get(0).request().path("mode").asText()).isEqualTo("UPI");
        assertThat(made.get(0).request().path("queue_if_low_balance").asBoolean()).isTrue();
        assertThat(made.get(0).request().path("amount").asLong()).isEqualTo(1000);
        long clearing = clearing();

        String razorpayId = fixture.razorpayPayoutId(payoutId);
        long t = PayoutFixture.now();
        String processed = PayoutFixture.event(razorpayId, "processed", t);
        PayoutFixture.deliver(processed, "evt_processed_" + payoutId.toString().substring(0, 8)).statusCode(200)
                .body("outcome", equalTo("PROCESSED"));
        PayoutFixture.deliver(processed, "evt_processed_" + payoutId.toString().substring(0, 8)).statusCode(200)
                .body("outcome", equalTo("DUPLICATE"));
        // RazorpayX's webhooks may come out of order: a processing sent before processed arrives after it.
        PayoutFixture.deliver(PayoutFixture.event(razorpayId, "processing", t - 5)).statusCode(200)
                .body("outcome", equalTo("IGNORED"));
        PayoutFixture.deliver(PayoutFixture.event(razorpayId, "queued", t - 10)).statusCode(200)
                .body("outcome", equalTo("IGNORED"));
        mine(user, payoutId).body("status", equalTo("PROCESSED"));
        assertThat(fixture.earningsBalance(user)).isEqualTo(20);
        assertThat(fixture.earningsAvailable(user)).isEqualTo(20);
        assertThat(clearing() - clearing).isEqualTo(40);

        // The bank returns it: the coins come back from payout clearing, once.
        PayoutFixture.deliver(PayoutFixture.event(razorpayId, "reversed", t + 60)).statusCode(200)
                .body("outcome", equalTo("PROCESSED"));
        PayoutFixture.deliver(PayoutFixture.event(razorpayId, "reversed", t + 61)).statusCode(200)
                .body("outcome", equalTo("IGNORED"));
        PayoutFixture.deliver(PayoutFixture.event(razorpayId, "processed", t + 62)).statusCode(200)
                .body("outcome", equalTo("IGNORED"));
        mine(user, payoutId).body("status", equalTo("REVERSED"));
        assertThat(fixture.earningsAvailable(user)).isEqualTo(60);
        assertThat(clearing()).isEqualTo(clearing);
        // Told once per final state reached, whatever was repeated or came late.
        user.request().get("/api/v1/notifications").then().body("items.kind",
                equalTo(List.of("payout.reversed", "payout.processed", "kyc.verified")));
    }

    @Test
    void aPayoutHoldDoesNotLapseWhileThePayoutIsInFlight() {
        TestUser user = fixture.verifiedEarner(10);
        UUID payoutId = UUID.fromString(withdraw(user, key(), 30, upi(VPA)).statusCode(201)
                .body("status", equalTo("PROCESSING")).extract().path("id"));
        // Queued at RazorpayX for low balance for longer than any hold expiry; the expiry job runs every second here.
        fixture.ageHold(payoutId, 61);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> fixture.earningsAvailable(user) == 30);

        PayoutFixture.deliver(PayoutFixture.event(fixture.razorpayPayoutId(payoutId), "processed",
                PayoutFixture.now())).statusCode(200).body("outcome", equalTo("PROCESSED"));
        mine(user, payoutId).body("status", equalTo("PROCESSED"));
        assertThat(fixture.earningsBalance(user)).isEqualTo(30);
        assertThat(fixture.earningsAvailable(user)).isEqualTo(30);
    }

    @Test
    void aFailedPayoutGivesTheCoinsBack() {
        TestUser user = fixture.verifiedEarner(10);
        UUID payoutId = UUID.fromString(withdraw(user, key(), 30, bank(ACCOUNT, "HDFC0000053", "Asha Rao"))
                .statusCode(201).body("method.destination", equalTo("XXXXXXXX9012"))
                .body("method.ifsc", equalTo("HDFC0000053")).extract().path("id"));
        assertThat(RazorpayXStandIn.payoutsWithReference(payoutId).get(0).request().path("mode").asText())
                .isEqualTo("IMPS");
        assertThat(fixture.earningsAvailable(user)).isEqualTo(30);
        PayoutFixture.deliver(PayoutFixture.event(fixture.razorpayPayoutId(payoutId), "failed", PayoutFixture.now()))
                .statusCode(200).body("outcome", equalTo("PROCESSED"));
        mine(user, payoutId).body("status", equalTo("FAILED")).body("failureReason", equalTo(
                "Beneficiary bank is offline"));
        assertThat(fixture.earningsAvailable(user)).isEqualTo(60);
        assertThat(fixture.earningsBalance(user)).isEqualTo(60);
    }

    @Test
    void aDestinationRazorpayXRefusesFailsAtOnceAndGivesTheCoinsBack() {
        TestUser user = fixture.verifiedEarner(10);
        UUID payoutId = UUID.fromString(withdraw(user, key(), 30, bank(ACCOUNT, "XXXX0000001", "Asha Rao"))
                .statusCode(201).body("status", equalTo("FAILED")).extract().path("id"));
        assertThat(fixture.earningsAvailable(user)).isEqualTo(60);
        // No fund account was made, and the payout is final: the destination in clear is gone all the same.
        assertThat(fixture.destinationInClear(payoutId)).containsOnlyNulls();
        mine(user, payoutId).body("method.destination", equalTo("XXXXXXXX9012"));
    }

    @Test
    void theSameKeyMakesOnePayoutAtRazorpayXAlsoWhenRetriedAtOnce() {
        TestUser user = fixture.verifiedEarner(10);
        String key = key();
        String first = withdraw(user, key, 20, upi(VPA)).statusCode(201).extract().path("id");
        withdraw(user, key, 20, upi(VPA)).statusCode(201).body("id", equalTo(first));
        withdraw(user, key, 25, upi(VPA)).statusCode(409).body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        assertThat(RazorpayXStandIn.payoutsWithReference(UUID.fromString(first))).hasSize(1);

        String concurrentKey = key();
        RazorpayXStandIn.answerAfter(300);
        List<Concurrently.Outcome<ExtractableResponse<Response>>> outcomes = Concurrently.run(10,
                i -> withdraw(user, concurrentKey, 20, upi(VPA)).extract());
        Set<String> ids = outcomes.stream().map(o -> o.result().statusCode() + " " + o.result().path("id"))
                .collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
        assertThat(ids.iterator().next()).startsWith("201 ");
        UUID payoutId = UUID.fromString(outcomes.get(0).result().path("id"));
        assertThat(RazorpayXStandIn.payoutsWithReference(payoutId)).hasSize(1);
        assertThat(RazorpayXStandIn.server().findAll(postRequestedFor(urlPathEqualTo("/v1/payouts"))
                .withHeader("X-Payout-Idempotency", com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                        payoutId.toString())))).hasSize(1);
        assertThat(fixture.earningsAvailable(user)).isEqualTo(20);
    }

    @Test
    void fiftyConcurrentWithdrawalsNeverTakeMoreThanTheEarnings() {
        TestUser user = fixture.verifiedEarner(10);
        List<Concurrently.Outcome<Integer>> outcomes = Concurrently.run(50,
                i -> withdraw(user, key(), 5, upi(VPA)).extract().statusCode());
        Map<Integer, Long> statuses = new HashMap<>();
        outcomes.forEach(o -> statuses.merge(o.result(), 1L, Long::sum));
        assertThat(statuses).containsOnlyKeys(201, 402).containsEntry(201, 12L);
        assertThat(fixture.earningsBalance(user)).isEqualTo(60);
        assertThat(fixture.earningsAvailable(user)).isZero();
        user.request().queryParam("limit", 100).get("/api/v1/payouts").then().statusCode(200)
                .body("items", hasSize(12)).body("nextCursor", nullValue());
    }

    @Test
    void theReconcilerFinishesAPayoutWhoseProviderCallNeverHappenedAndAStuckOne() {
        TestUser user = fixture.verifiedEarner(10);
        RazorpayXStandIn.unavailable(true);
        UUID payoutId = UUID.fromString(withdraw(user, key(), 30, upi(VPA)).statusCode(201)
                .body("status", equalTo("PENDING")).extract().path("id"));
        assertThat(RazorpayXStandIn.payoutsWithReference(payoutId)).isEmpty();
        assertThat(fixture.earningsAvailable(user)).isEqualTo(30);

        RazorpayXStandIn.unavailable(false);
        fixture.makeDue(payoutId);
        reconciler.reconcile();
        mine(user, payoutId).body("status", equalTo("PROCESSING"));
        assertThat(RazorpayXStandIn.payoutsWithReference(payoutId)).hasSize(1);

        // Processed at RazorpayX, and the webhook never came: the reconciler asks.
        RazorpayXStandIn.setStatus(fixture.razorpayPayoutId(payoutId), "processed");
        fixture.makeDue(payoutId);
        reconciler.reconcile();
        mine(user, payoutId).body("status", equalTo("PROCESSED"));
        assertThat(fixture.earningsBalance(user)).isEqualTo(30);
        assertThat(fixture.earningsAvailable(user)).isEqualTo(30);
    }

    @Test
    void aCrashAfterRazorpayXMadeThePayoutIsRecoveredWithoutASecondOne() {
        TestUser user = fixture.verifiedEarner(10);
        UUID payoutId = UUID.fromString(withdraw(user, key(), 30, upi(VPA)).statusCode(201).extract().path("id"));
        String made = fixture.razorpayPayoutId(payoutId);

        // The reconciler repeats the steps; RazorpayX answers the same X-Payout-Idempotency with the same payout.
        fixture.forgetRazorpayAnswer(payoutId);
        fixture.makeDue(payoutId);
        reconciler.reconcile();
        mine(user, payoutId).body("status", equalTo("PROCESSING"));
        assertThat(fixture.razorpayPayoutId(payoutId)).isEqualTo(made);

        // Or RazorpayX's webhook comes first: its reference_id names our payout.
        fixture.forgetRazorpayAnswer(payoutId);
        PayoutFixture.deliver(PayoutFixture.event(made, "processed", PayoutFixture.now())).statusCode(200)
                .body("outcome", equalTo("PROCESSED"));
        mine(user, payoutId).body("status", equalTo("PROCESSED"));
        assertThat(fixture.razorpayPayoutId(payoutId)).isEqualTo(made);
        assertThat(RazorpayXStandIn.payoutsWithReference(payoutId)).hasSize(1);
        assertThat(fixture.earningsBalance(user)).isEqualTo(30);
    }

    @Test
    void aRefusedRepeatOfAPayoutRazorpayXMayHaveMadeKeepsItsCoinsHeldUntilRazorpayXTells() {
        TestUser user = fixture.verifiedEarner(10);
        // RazorpayX makes the payout but answers after our timeout: the request cannot tell, the payout stays PENDING.
        RazorpayXStandIn.answerPayoutsLate(3_000);
        UUID payoutId = UUID.fromString(withdraw(user, key(), 30, upi(VPA)).statusCode(201)
                .body("status", equalTo("PENDING")).extract().path("id"));
        assertThat(RazorpayXStandIn.payoutsWithReference(payoutId)).hasSize(1);

        // The reconciler's repeat is refused, as RazorpayX refuses another body under a key it has seen (our account
        // number changed in between, say): the payout it made is found by its reference_id, and the coins stay held.
        RazorpayXStandIn.answerPayoutsLate(0);
        RazorpayXStandIn.answerPayoutCreationWith(400, "Different request body sent for the same idempotency header");
        fixture.makeDue(payoutId);
        reconciler.reconcile();
        mine(user, payoutId).body("status", equalTo("PROCESSING"));
        assertThat(fixture.earningsAvailable(user)).isEqualTo(30);

        long clearing = clearing();
        String made = RazorpayXStandIn.payoutsWithReference(payoutId).get(0).id();
        PayoutFixture.deliver(PayoutFixture.event(made, "processed", PayoutFixture.now())).statusCode(200)
                .body("outcome", equalTo("PROCESSED"));
        mine(user, payoutId).body("status", equalTo("PROCESSED"));
        assertThat(fixture.earningsBalance(user)).isEqualTo(30);
        assertThat(fixture.earningsAvailable(user)).isEqualTo(30);
        assertThat(clearing() - clearing).isEqualTo(30);
        assertThat(RazorpayXStandIn.payoutsWithReference(payoutId)).hasSize(1);
    }

    @Test
    void aRefusedRepeatGivesTheCoinsBackOnlyOnceRazorpayXHasNoPayoutOfThatReference() {
        TestUser user = fixture.verifiedEarner(10);
        RazorpayXStandIn.answerPayoutCreationWith(503, "The server is currently unable to handle the request");
        UUID payoutId = UUID.fromString(withdraw(user, key(), 30, upi(VPA)).statusCode(201)
                .body("status", equalTo("PENDING")).extract().path("id"));

        // Refused after a create of unknown outcome, and RazorpayX lists no payout of ours: but the first request was
        // sent a moment ago, and RazorpayX may still be making it. Nothing is given back yet.
        RazorpayXStandIn.resetToDefaults();
        RazorpayXStandIn.answerPayoutCreationWith(400, "The fund account id provided is invalid");
        fixture.makeDue(payoutId);
        reconciler.reconcile();
        mine(user, payoutId).body("status", equalTo("PENDING"));
        assertThat(fixture.earningsAvailable(user)).isEqualTo(30);

        // Long after the first request, still refused and still not at RazorpayX: it failed, and the coins come back.
        fixture.ageCreateAttempt(payoutId, Duration.ofHours(1));
        fixture.makeDue(payoutId);
        reconciler.reconcile();
        mine(user, payoutId).body("status", equalTo("FAILED"));
        assertThat(fixture.earningsAvailable(user)).isEqualTo(60);
        assertThat(RazorpayXStandIn.payoutsWithReference(payoutId)).isEmpty();
    }

    @Test
    void aPayoutRazorpayXProcessesAfterItFailedHereIsLeftForAPersonToResolve() {
        TestUser user = fixture.verifiedEarner(10);
        UUID payoutId = UUID.fromString(withdraw(user, key(), 30, upi(VPA)).statusCode(201).extract().path("id"));
        String razorpayId = fixture.razorpayPayoutId(payoutId);
        long t = PayoutFixture.now();
        PayoutFixture.deliver(PayoutFixture.event(razorpayId, "failed", t)).statusCode(200)
                .body("outcome", equalTo("PROCESSED"));
        assertThat(fixture.earningsAvailable(user)).isEqualTo(60);

        // The coins went back (and may be spent): nothing can be captured, so a person is told, once.
        try (LogCapture log = LogCapture.start()) {
            String processed = PayoutFixture.event(razorpayId, "processed", t + 60);
            PayoutFixture.deliver(processed).statusCode(200).body("outcome", equalTo("IGNORED"));
            PayoutFixture.deliver(processed).statusCode(200).body("outcome", equalTo("IGNORED"));
            assertThat(log.lines()).extracting(LogCapture.Line::message)
                    .anyMatch(m -> m != null && m.contains(payoutId.toString()))
                    .noneMatch(m -> m != null && m.contains(VPA));
        }
        mine(user, payoutId).body("status", equalTo("FAILED"));
        assertThat(fixture.earningsAvailable(user)).isEqualTo(60);
        StaffUsers.admin().request().queryParam("limit", 100).get("/api/v1/admin/payment-anomalies").then()
                .statusCode(200)
                .body("items.findAll { it.paymentId == '" + razorpayId + "' }.kind",
                        equalTo(List.of("PAID_OUT_AFTER_FAILURE")))
                .body("items.find { it.paymentId == '" + razorpayId + "' }.details",
                        containsString(payoutId.toString()));
    }

    @Test
    void reconcilerPassesOnTwoPodsNeverSubmitOnePayoutBothAtOnce() {
        TestUser user = fixture.verifiedEarner(10);
        // The first payout was made at RazorpayX and its answer lost: one call finishes it.
        UUID first = UUID.fromString(withdraw(user, key(), 10, upi(VPA)).statusCode(201).extract().path("id"));
        fixture.forgetRazorpayAnswer(first);
        // RazorpayX was down for the second: three calls remain (contact, fund account, payout).
        RazorpayXStandIn.unavailable(true);
        UUID second = UUID.fromString(withdraw(user, key(), 15, upi(VPA)).statusCode(201)
                .body("status", equalTo("PENDING")).extract().path("id"));
        RazorpayXStandIn.unavailable(false);
        // What other tests left due is settled first; then these two are due, the first before the second.
        reconciler.reconcile();
        fixture.makeDue(first, Duration.ofHours(2));
        fixture.makeDue(second, Duration.ofHours(1));
        RazorpayXStandIn.server().resetRequests();
        RazorpayXStandIn.answerAfter(500);

        // Pod A's pass starts with the first payout. While RazorpayX is slow with it, the lease on the second runs out
        // (as it does when a pass outlasts a lease taken for a whole batch), and pod B's pass starts.
        List<Concurrently.Outcome<Integer>> passes = Concurrently.run(2, pod -> {
            if (pod == 1) {
                await().atMost(Duration.ofSeconds(10)).until(() -> fixture.isLeased(first));
                fixture.makeDue(second, Duration.ofHours(1));
            }
            return reconciler.reconcile();
        });
        assertThat(passes).allMatch(Concurrently.Outcome::succeeded);

        for (UUID payoutId : List.of(first, second)) {
            String which = payoutId.equals(first) ? "first" : "second";
            assertThat(RazorpayXStandIn.server().findAll(postRequestedFor(urlPathEqualTo("/v1/payouts"))
                    .withHeader("X-Payout-Idempotency", com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                            payoutId.toString())))).as("asks for the %s payout", which).hasSize(1);
            mine(user, payoutId).body("status", equalTo("PROCESSING"));
        }
        assertThat(RazorpayXStandIn.payoutsWithReference(second)).hasSize(1);
    }

    @Test
    void aReversalWhoseWebhookWasLostIsLearntFromRazorpayXAndAskedAboutByOnePod() {
        TestUser user = fixture.verifiedEarner(10);
        UUID payoutId = UUID.fromString(withdraw(user, key(), 40, upi(VPA)).statusCode(201).extract().path("id"));
        String razorpayId = fixture.razorpayPayoutId(payoutId);
        PayoutFixture.deliver(PayoutFixture.event(razorpayId, "processed", PayoutFixture.now())).statusCode(200)
                .body("outcome", equalTo("PROCESSED"));
        long clearing = clearing();

        // The bank returns it, and RazorpayX's payout.reversed never reaches us. A processed payout is asked about
        // once a day, not at every pass.
        RazorpayXStandIn.setStatus(razorpayId, "reversed");
        reconciler.reconcile();
        mine(user, payoutId).body("status", equalTo("PROCESSED"));
        assertThat(fixture.isReversalCheckedAfter(payoutId, Duration.ofHours(23))).isTrue();

        // A day later, passes on two pods at once while RazorpayX is slow: one of them asks.
        fixture.makeReversalCheckDue(payoutId);
        RazorpayXStandIn.server().resetRequests();
        RazorpayXStandIn.answerAfter(500);
        List<Concurrently.Outcome<Integer>> passes = Concurrently.run(2, pod -> reconciler.reconcile());
        assertThat(passes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(RazorpayXStandIn.server().findAll(getRequestedFor(urlPathEqualTo("/v1/payouts/" + razorpayId))))
                .hasSize(1);

        mine(user, payoutId).body("status", equalTo("REVERSED"))
                .body("failureReason", equalTo("Beneficiary bank is offline"));
        assertThat(fixture.earningsBalance(user)).isEqualTo(60);
        assertThat(fixture.earningsAvailable(user)).isEqualTo(60);
        assertThat(clearing()).isEqualTo(clearing - 40);
        assertThat(fixture.isReversalChecked(payoutId)).isFalse();
        // The webhook coming after all changes nothing.
        PayoutFixture.deliver(PayoutFixture.event(razorpayId, "reversed", PayoutFixture.now())).statusCode(200)
                .body("outcome", equalTo("IGNORED"));
        assertThat(fixture.earningsAvailable(user)).isEqualTo(60);
        user.request().get("/api/v1/notifications").then().body("items.kind",
                equalTo(List.of("payout.reversed", "payout.processed", "kyc.verified")));
    }

    @Test
    void aProcessedPayoutIsAskedAboutOnlyWithinItsReversalWindow() {
        TestUser user = fixture.verifiedEarner(10);
        UUID payoutId = UUID.fromString(withdraw(user, key(), 30, upi(VPA)).statusCode(201).extract().path("id"));
        String razorpayId = fixture.razorpayPayoutId(payoutId);
        PayoutFixture.deliver(PayoutFixture.event(razorpayId, "processed", PayoutFixture.now())).statusCode(200)
                .body("outcome", equalTo("PROCESSED"));
        reconciler.reconcile();

        // Its window ends within the day: this check is its last.
        fixture.endReversalChecksIn(payoutId, Duration.ofHours(1));
        RazorpayXStandIn.server().resetRequests();
        reconciler.reconcile();
        assertThat(RazorpayXStandIn.server().findAll(getRequestedFor(urlPathEqualTo("/v1/payouts/" + razorpayId))))
                .hasSize(1);
        mine(user, payoutId).body("status", equalTo("PROCESSED"));
        assertThat(fixture.isReversalChecked(payoutId)).isFalse();

        // A reversal after the window is left to RazorpayX's webhook: the reconciler no longer asks.
        RazorpayXStandIn.setStatus(razorpayId, "reversed");
        RazorpayXStandIn.server().resetRequests();
        reconciler.reconcile();
        assertThat(RazorpayXStandIn.server().findAll(getRequestedFor(urlPathEqualTo("/v1/payouts/" + razorpayId))))
                .isEmpty();
        mine(user, payoutId).body("status", equalTo("PROCESSED"));
        assertThat(fixture.earningsBalance(user)).isEqualTo(30);
    }

    @Test
    void noResponseOrLogLineShowsAnAccountNumberOrVpa() {
        TestUser user = fixture.verifiedEarner(10);
        try (LogCapture log = LogCapture.start()) {
            StringBuilder bodies = new StringBuilder();
            bodies.append(withdraw(user, key(), 10, bank(ACCOUNT, "HDFC0000053", "Asha Rao")).statusCode(201)
                    .extract().asString());
            bodies.append(withdraw(user, key(), 10, bank(ACCOUNT, "XXXX0000001", "Asha Rao")).statusCode(201)
                    .extract().asString());
            bodies.append(withdraw(user, key(), 10, upi(VPA)).statusCode(201).extract().asString());
            bodies.append(withdraw(user, key(), 10, bank("98765432109", "HDFC1000053", "Asha Rao")).statusCode(400)
                    .extract().asString());
            bodies.append(withdraw(user, key(), 10, Map.of("type", "UPI", "vpa", VPA, "accountNumber", ACCOUNT))
                    .statusCode(400).extract().asString());
            bodies.append(user.request().get("/api/v1/payouts").then().statusCode(200).extract().asString());
            assertThat(bodies.toString()).doesNotContain(ACCOUNT, VPA, "98765432109", "asha.rao");
            assertThat(log.lines()).extracting(LogCapture.Line::message).isNotEmpty()
                    .noneMatch(m -> m != null && (m.contains(ACCOUNT) || m.contains(VPA) || m.contains("asha.rao")
                            || m.contains("98765432109")));
        }
    }

    @Test
    void nobodySeesAnotherUsersPayout() {
        TestUser owner = fixture.verifiedEarner(10);
        String id = withdraw(owner, key(), 10, upi(VPA)).statusCode(201).extract().path("id");
        TestUser other = TestUsers.register();
        other.request().get("/api/v1/payouts/" + id).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        other.request().get("/api/v1/payouts").then().statusCode(200).body("items", hasSize(0));
        mine(owner, UUID.fromString(id)).body("coins", equalTo(10));
    }

    @Test
    void unsignedOrForeignWebhooksChangeNothing() {
        String body = """
                {"entity": "event", "event": "payout.processed", "contains": ["payout"], "payload": {"payout":
                 {"entity": {"id": "pout_Unknown000001", "entity": "payout", "status": "processed",
                 "reference_id": "someone-else", "amount": 100}}}, "created_at": 1795440000}""";
        io.restassured.RestAssured.given().contentType("application/json").header("X-Razorpay-Event-Id", "evt_x")
                .header("X-Razorpay-Signature", "0".repeat(64)).body(body).post("/api/v1/webhooks/razorpayx").then()
                .statusCode(401).body("code", equalTo("INVALID_WEBHOOK_SIGNATURE"));
        PayoutFixture.deliver(body.replace("payout.processed", "transaction.created")).statusCode(200)
                .body("outcome", equalTo("IGNORED"));
    }

    @Test
    void aPayoutEventThatIsNotOursIsAcknowledgedAndChangesNothing() {
        // Payouts made from the same RazorpayX account by someone else: a refusal would be retried by RazorpayX and
        // could get the webhook disabled, ours with it.
        String foreign = """
                {"entity": "event", "event": "payout.processed", "contains": ["payout"], "payload": {"payout":
                 {"entity": {"id": "pout_Unknown000001", "entity": "payout", "status": "processed",
                 "fund_account_id": "fa_Unknown000001", "reference_id": "%s", "amount": 100}}},
                 "created_at": 1795440000}""";
        try (LogCapture log = LogCapture.start()) {
            PayoutFixture.deliver(foreign.formatted("someone-else")).statusCode(200)
                    .body("outcome", equalTo("IGNORED"));
            // A reference that reads as one of our ids but names no payout of ours.
            PayoutFixture.deliver(foreign.formatted(UUID.randomUUID()).replace("pout_Unknown000001",
                    "pout_Unknown000002")).statusCode(200).body("outcome", equalTo("IGNORED"));
            assertThat(log.lines()).filteredOn(line -> line.message() != null
                    && line.message().contains("pout_Unknown00000")).hasSize(2)
                    .allMatch(line -> !line.isWarnOrWorse() && !line.message().contains("someone-else"));
        }
    }

    @Test
    void aSecondPayoutUnderTheReferenceOfOneOfOursIsLeftForAPersonToResolve() {
        TestUser user = fixture.verifiedEarner(10);
        UUID payoutId = UUID.fromString(withdraw(user, key(), 30, upi(VPA)).statusCode(201).extract().path("id"));
        String first = fixture.razorpayPayoutId(payoutId);
        PayoutFixture.deliver(PayoutFixture.event(first, "processed", PayoutFixture.now())).statusCode(200);

        // RazorpayX paid the same reference again, as another payout: money left twice for one hold of coins.
        String second = "pout_Second" + Long.toString(System.nanoTime(), 36);
        String event = """
                {"entity": "event", "event": "payout.processed", "contains": ["payout"], "payload": {"payout":
                 {"entity": {"id": "%s", "entity": "payout", "status": "processed",
                 "fund_account_id": "fa_Unknown000001", "reference_id": "%s", "amount": 750}}},
                 "created_at": %d}""".formatted(second, payoutId, PayoutFixture.now());
        PayoutFixture.deliver(event).statusCode(200).body("outcome", equalTo("IGNORED"));
        PayoutFixture.deliver(event).statusCode(200);

        mine(user, payoutId).body("status", equalTo("PROCESSED"));
        StaffUsers.admin().request().queryParam("limit", 100).get("/api/v1/admin/payment-anomalies").then()
                .statusCode(200)
                .body("items.findAll { it.paymentId == '" + second + "' }.kind", equalTo(List.of("SECOND_PAYOUT")))
                .body("items.find { it.paymentId == '" + second + "' }.details", containsString(first));
    }

    /**
     * RazorpayX's webhook comes while the request that made the payout records it as made: the event finds no payout
     * by its id, waits for the payout's lock by its reference, and then finds that id on it. The event is about that
     * payout, not a second one. The record is held open until the event waits on it, so that it commits in between.
     */
    @Test
    void aPayoutEventThatWaitedForItsPayoutToBeRecordedAsMadeIsApplied() throws Exception {
        TestUser user = fixture.verifiedEarner(10);
        UUID payoutId = UUID.fromString(withdraw(user, key(), 30, upi(VPA)).statusCode(201).extract().path("id"));
        String made = fixture.razorpayPayoutId(payoutId);
        fixture.forgetRazorpayAnswer(payoutId);
        String event = PayoutFixture.event(made, "processed", PayoutFixture.now());

        CompletableFuture<ExtractableResponse<Response>> delivered;
        try (Connection recordMade = database.getConnection()) {
            recordMade.setAutoCommit(false);
            LockWaits.execute(recordMade, "update payouts set razorpay_payout_id = '" + made + "' where id = '"
                    + payoutId + "'");
            delivered = CompletableFuture.supplyAsync(() -> PayoutFixture.deliver(event).extract());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> LockWaits.someoneWaits(database, "select%from payouts"));
            recordMade.commit();
        }

        ExtractableResponse<Response> answer = delivered.get(60, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        assertThat(answer.<String>path("outcome")).isEqualTo("PROCESSED");
        mine(user, payoutId).body("status", equalTo("PROCESSED"));
        assertThat(fixture.earningsBalance(user)).isEqualTo(30);
        StaffUsers.admin().request().queryParam("limit", 100).get("/api/v1/admin/payment-anomalies").then()
                .statusCode(200).body("items.findAll { it.paymentId == '" + made + "' }", empty());
    }

    private long clearing() {
        return QuarkusTransaction.requiringNew()
                .call(() -> accounts.find(SystemAccounts.PAYOUT_CLEARING).orElseThrow().balance());
    }

    private static io.restassured.response.ValidatableResponse withdraw(TestUser user, String key, long coins,
            Map<String, Object> method) {
        return user.request().header("Idempotency-Key", key).body(Map.of("coins", coins, "method", method))
                .post("/api/v1/payouts").then();
    }

    private static io.restassured.response.ValidatableResponse mine(TestUser user, UUID payoutId) {
        return user.request().get("/api/v1/payouts/" + payoutId).then().statusCode(200);
    }

    static Map<String, Object> upi(String vpa) {
        return Map.of("type", "UPI", "vpa", vpa);
    }

    static Map<String, Object> bank(String accountNumber, String ifsc, String holderName) {
        return Map.of("type", "BANK", "accountNumber", accountNumber, "ifsc", ifsc, "holderName", holderName);
    }

    static String key() {
        return UUID.randomUUID().toString();
    }
}
