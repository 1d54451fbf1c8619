package app.banter.call;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.call.CallFixture.Party;
import app.banter.testsupport.LiveKitStandIn;
import app.banter.wallet.Account;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Per-minute billing, with time moved by back-dating the call: audio costs 10 coins a minute, the callee earns
 * 60 %, the first 5 connected seconds are free, every started minute after that is charged once.
 */
@QuarkusTest
class CallBillingTest {

    @Inject
    CallFixture fixture;

    @Inject
    CallReconciler reconciler;


    @Inject
    BillingQueueRepository queue;

    @Inject
    EntityManager em;

    @AfterEach
    void reset() {
        LiveKitStandIn.resetToDefaults();
    }

    @Test
    void aCallOfThreeMinutesTwentyChargesFourMinutes() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = fixture.connected(caller, callee, "audio".toUpperCase());
            assertThat(fixture.coins(caller.user()).held()).isEqualTo(10);

            fixture.elapse(callId, Duration.ofSeconds(200));
            reconciler.reconcile();
            assertThat(fixture.call(callId).billedMinutes).isEqualTo(4);
            // Counted on the hold, with the fifth minute reserved ahead; paid when the call ends.
            assertThat(fixture.accrued(callId)).isEqualTo(40);
            assertThat(fixture.coins(caller.user())).extracting(Account::balance, Account::held)
                    .containsExactly(100L, 50L);
            assertThat(fixture.earnings(callee.user()).balance()).isZero();

            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200);
            Call ended = fixture.call(callId);
            assertThat(ended.status).isEqualTo(Call.Status.ENDED);
            assertThat(ended.billedMinutes).isEqualTo(4);
            assertThat(ended.coinsCharged).isEqualTo(40);
            assertThat(ended.durationSeconds).isBetween(200, 205);
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(100 - 40);
            assertThat(fixture.coins(caller.user()).held()).isZero();
            assertThat(fixture.earnings(callee.user()).balance()).isEqualTo(4 * 6);
            assertThat(fixture.transfersOf(callId)).isEqualTo(2);
            assertThat(fixture.accrued(callId)).isZero();
            assertThat(fixture.ledgerSum()).isZero();
            JsonNode endedEvent = callee.ws().await("call.ended");
            assertThat(endedEvent.path("coinsCharged").asLong()).isEqualTo(40);
            assertThat(caller.ws().await("call.ended").path("reason").asText()).isEqualTo("HANG_UP");
        }
    }

    @Test
    void theReconcilerEndsTheCallWhenTheCallerCannotPayTheThirdMinute() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            fixture.leaveCoins(caller.user(), 20);
            UUID callId = fixture.connected(caller, callee, "AUDIO");

            fixture.elapse(callId, Duration.ofSeconds(5 + 60 + 30));
            reconciler.reconcile();
            assertThat(fixture.call(callId).status).isEqualTo(Call.Status.ANSWERED);
            assertThat(fixture.call(callId).billedMinutes).isEqualTo(2);

            fixture.elapse(callId, Duration.ofSeconds(31));
            reconciler.reconcile();
            Call ended = fixture.call(callId);
            assertThat(ended.status).isEqualTo(Call.Status.ENDED);
            assertThat(ended.endReason).isEqualTo("INSUFFICIENT_BALANCE");
            assertThat(ended.coinsCharged).isEqualTo(20);
            assertThat(fixture.coins(caller.user()).balance()).isZero();
            assertThat(fixture.coins(caller.user()).held()).isZero();
            assertThat(fixture.earnings(callee.user()).balance()).isEqualTo(12);
            LiveKitStandIn.server().verify(postRequestedFor(urlPathEqualTo(LiveKitStandIn.PATH + "DeleteRoom")));
            assertThat(caller.ws().await("call.ended").path("reason").asText()).isEqualTo("INSUFFICIENT_BALANCE");
            assertThat(callee.ws().await("call.ended").path("reason").asText()).isEqualTo("INSUFFICIENT_BALANCE");
            assertThat(fixture.ledgerSum()).isZero();
        }
    }

    @Test
    void aCallShorterThanTheGraceIsFree() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = fixture.connected(caller, callee, "VIDEO");
            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200);
            assertThat(fixture.call(callId).coinsCharged).isZero();
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(100);
            assertThat(fixture.coins(caller.user()).held()).isZero();
        }
    }

    @Test
    void twoReconcilersAtOnceNeverChargeAMinuteTwice() throws Exception {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = fixture.connected(caller, callee, "AUDIO");
            for (int round = 0; round < 3; round++) {
                fixture.elapse(callId, Duration.ofSeconds(95));
                // Two pods' passes: each pod's gate keeps only its own passes apart.
                CompletableFuture<Integer> one = CompletableFuture.supplyAsync(reconciler::pass);
                CompletableFuture<Integer> two = CompletableFuture.supplyAsync(reconciler::pass);
                one.get(60, TimeUnit.SECONDS);
                two.get(60, TimeUnit.SECONDS);
            }
            // 285 s connected: minutes start at 5, 65, 125, 185, 245 s.
            assertThat(fixture.call(callId).billedMinutes).isEqualTo(5);
            assertThat(fixture.accrued(callId)).isEqualTo(50);
            assertThat(fixture.coins(caller.user()).available()).isEqualTo(40);

            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200);
            assertThat(fixture.transfersOf(callId)).isEqualTo(2);
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(50);
            assertThat(fixture.earnings(callee.user()).balance()).isEqualTo(5 * 6);
            assertThat(fixture.ledgerSum()).isZero();
        }
    }

    @Test
    void aReconcilerKilledMidBatchLosesNoMinute() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = fixture.connected(caller, callee, "AUDIO");
            fixture.elapse(callId, Duration.ofSeconds(130));
            // A reconciler claims the call, then dies before working on it.
            QuarkusTransaction.requiringNew().run(() -> queue.claimDue(Instant.now(),
                    Instant.now().plusSeconds(15), 1000));
            reconciler.reconcile();
            assertThat(fixture.call(callId).billedMinutes).isZero();
            // Its lease runs out; the next pass charges every minute that started meanwhile.
            fixture.elapse(callId, Duration.ofSeconds(0));
            reconciler.reconcile();
            assertThat(fixture.call(callId).billedMinutes).isEqualTo(3);
            assertThat(fixture.accrued(callId)).isEqualTo(30);
            assertThat(fixture.coins(caller.user()).available()).isEqualTo(60);
        }
    }

    @Test
    void oneTickBillsEveryDueCallTogetherAndEndsOnlyTheOneWhoseCallerRanOut() {
        try (Party rich = fixture.online(); Party poor = fixture.online(); Party other = fixture.online();
                Party callee1 = fixture.online(); Party callee2 = fixture.online(); Party callee3 = fixture.online()) {
            fixture.leaveCoins(poor.user(), 10);
            UUID richCall = fixture.connected(rich, callee1, "AUDIO");
            UUID poorCall = fixture.connected(poor, callee2, "AUDIO");
            UUID videoCall = fixture.connected(other, callee3, "VIDEO");
            // Everyone still in their room when the reconciler asks.
            Map<String, List<String>> rooms = Map.of("call-" + richCall, ids(rich, callee1),
                    "call-" + poorCall, ids(poor, callee2), "call-" + videoCall, ids(other, callee3));
            LiveKitStandIn.participantsByRoom(rooms::get);
            // Minutes 1 and 2 started at 5 s and 65 s.
            List.of(richCall, poorCall, videoCall).forEach(id -> fixture.elapse(id, Duration.ofSeconds(70)));

            reconciler.reconcile();

            assertThat(fixture.call(richCall)).extracting(c -> c.status, c -> c.billedMinutes, c -> c.coinsCharged)
                    .containsExactly(Call.Status.ANSWERED, 2, 20L);
            assertThat(fixture.call(videoCall)).extracting(c -> c.status, c -> c.billedMinutes, c -> c.coinsCharged)
                    .containsExactly(Call.Status.ANSWERED, 2, 40L);
            assertThat(fixture.call(poorCall)).extracting(c -> c.status, c -> c.endReason, c -> c.billedMinutes)
                    .containsExactly(Call.Status.ENDED, "INSUFFICIENT_BALANCE", 1);
            // Two minutes counted and the third reserved; the ended call paid its one minute.
            assertThat(fixture.coins(rich.user())).extracting(a -> a.balance(), a -> a.held())
                    .containsExactly(100L, 30L);
            assertThat(fixture.coins(poor.user())).extracting(a -> a.balance(), a -> a.held())
                    .containsExactly(0L, 0L);
            assertThat(fixture.earnings(callee2.user()).balance()).isEqualTo(6);
            assertThat(fixture.accrued(videoCall)).isEqualTo(2 * 20);
            assertThat(callee2.ws().await("call.ended").path("reason").asText()).isEqualTo("INSUFFICIENT_BALANCE");
            assertThat(fixture.ledgerSum()).isZero();
        }
    }

    @Test
    void aBillingBatchThatDiesBeforeItCommitsLosesNoMinute() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = fixture.connected(caller, callee, "AUDIO");
            fixture.elapse(callId, Duration.ofSeconds(130));
            // A batch billed, then its pod dies before the commit.
            assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                assertThat(reconciler.billBatch(List.of(callId), Instant.now()).calls()).isEqualTo(1);
                throw new IllegalStateException("pod killed");
            })).hasMessageContaining("pod killed");
            assertThat(fixture.call(callId).billedMinutes).isZero();
            assertThat(fixture.accrued(callId)).isZero();

            reconciler.reconcile();

            assertThat(fixture.call(callId).billedMinutes).isEqualTo(3);
            assertThat(fixture.accrued(callId)).isEqualTo(30);
            assertThat(fixture.coins(caller.user()).available()).isEqualTo(60);
            assertThat(fixture.ledgerSum()).isZero();
        }
    }

    /**
     * A running call's row is rewritten every minute it is billed and at every participant check; PostgreSQL does that
     * in place (no index entry written) only while no index holds a column those writes change. An index that did
     * would cost the billing tick a quarter to a half more database time at 100,000 calls (V16_2, docs/PERFORMANCE.md).
     */
    @Test
    void noIndexOfCallsHoldsAColumnARunningCallRewrites() {
        List<String> indexes = QuarkusTransaction.requiringNew().call(() -> ((List<?>) em.createNativeQuery(
                "select indexdef from pg_indexes where schemaname = current_schema() and tablename = 'calls'")
                .getResultList()).stream().map(String.class::cast).toList());
        assertThat(indexes).hasSizeGreaterThanOrEqualTo(6).anyMatch(index -> index.contains("calls_active"));
        // And room on each page for the new version.
        assertThat(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select array_to_string(reloptions, ',') from pg_class where oid = 'calls'::regclass")
                .getSingleResult())).isEqualTo("fillfactor=85");
        for (String column : List.of("billed_minutes", "coins_charged", "next_minute_at", "hold_id", "next_check_at",
                "participants_checked_at", "updated_at")) {
            assertThat(indexes).noneMatch(index -> index.matches("(?s).*\\b" + column + "\\b.*"));
        }
    }

    private static List<String> ids(Party caller, Party callee) {
        return List.of(caller.user().id().toString(), callee.user().id().toString());
    }
}
