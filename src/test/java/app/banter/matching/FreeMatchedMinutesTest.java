package app.banter.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import app.banter.call.Call;
import app.banter.call.CallFixture;
import app.banter.call.CallReconciler;
import app.banter.call.CallRepository;
import app.banter.call.CallService;
import app.banter.testsupport.Concurrently;
import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.LiveKitWebhooks;
import app.banter.wallet.Accounts;
import app.banter.wallet.SystemAccounts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Free daily minutes of matched calls (banter.matching.free-minutes-per-day, 5 here): paid by promotions, counted per
 * payer per day in India Standard Time, exactly once per minute; beyond them the caller pays as in any call.
 */
@QuarkusTest
class FreeMatchedMinutesTest {

    @Inject
    MatchingFixture fixture;

    @Inject
    Matcher matcher;

    @Inject
    CallFixture calls;

    @Inject
    CallReconciler reconciler;

    @Inject
    CallRepository callRepository;

    @Inject
    CallService callService;

    @Inject
    FreeMatchedMinutes freeMinutes;

    @Inject
    FreeMinuteStore store;

    @Inject
    Accounts accounts;

    @Inject
    EntityManager em;

    @BeforeEach
    void emptyPool() {
        fixture.clearPool();
    }

    @AfterEach
    void reset() {
        LiveKitStandIn.resetToDefaults();
    }

    @Test
    void theFirstFiveMinutesOfTheDayArePaidByPromotionsAndTheRestByTheCaller() {
        UUID caller = fixture.onlineUser(null);
        UUID callee = fixture.onlineUser(null);
        long promotions = balance(SystemAccounts.PROMOTIONS);

        // 10 s of grace (the skip window) + 6 min 30 s, all on the afternoon of 2 December in India: 7 minutes have
        // started, on one day. Moved back from now, the minutes of a run soon after midnight there would fall on two
        // days, each with its five free minutes.
        Instant afternoon = Instant.parse("2026-12-02T09:00:00Z");
        UUID callId = matchedCallThatLasted(caller, callee, afternoon, Duration.ofSeconds(10 + 390));
        reconciler.reconcile();
        reconciler.reconcile();
        callService.end(caller, callId);
        callService.end(caller, callId);

        Call ended = call(callId);
        assertThat(ended.billedMinutes).isEqualTo(7);
        assertThat(coins(caller)).isEqualTo(100 - 2 * 10);
        assertThat(held(caller)).isZero();
        assertThat(earnings(callee)).isEqualTo(7 * 6);
        assertThat(balance(SystemAccounts.PROMOTIONS)).isEqualTo(promotions - 5 * 10);
        assertThat(freeTransfers(callId, "MATCHED_FREE_MINUTE")).isEqualTo(5);
        assertThat(store.usedOn(caller, freeMinutes.dayOf(ended.minuteStart(1)))).isEqualTo(5);
        assertThat(calls.ledgerSum()).isZero();

        // The same day, another matched call of the same payer: the allowance is spent, the caller pays.
        UUID next = fixture.onlineUser(null);
        long promotionsBeforeSecond = balance(SystemAccounts.PROMOTIONS);
        UUID second = matchedCallThatLasted(caller, next, afternoon.plus(Duration.ofHours(1)),
                Duration.ofSeconds(10 + 70));
        reconciler.reconcile();
        callService.end(next, second);
        assertThat(call(second).billedMinutes).isEqualTo(2);
        assertThat(coins(caller)).isEqualTo(100 - 2 * 10 - 2 * 10);
        assertThat(freeTransfers(second, "MATCHED_FREE_MINUTE")).isZero();
        assertThat(balance(SystemAccounts.PROMOTIONS)).isEqualTo(promotionsBeforeSecond);
        assertThat(calls.ledgerSum()).isZero();
    }

    @Test
    void aFreeMinuteGivenBackAfterALateEndGoesBackToPromotionsAndToTheAllowance() {
        UUID caller = fixture.onlineUser(null);
        UUID callee = fixture.onlineUser(null);
        UUID callId = connectedMatch(caller, callee);
        long promotions = balance(SystemAccounts.PROMOTIONS);
        calls.elapse(callId, Duration.ofSeconds(10 + 150));
        reconciler.reconcile();
        assertThat(call(callId).billedMinutes).isEqualTo(3);

        // LiveKit tells, late, that the callee left 50 s into the call (in the first minute): minutes 2 and 3 never
        // happened.
        Call connected = call(callId);
        LiveKitWebhooks.participant("participant_left", connected.roomName, callee,
                connected.connectedAt.plusSeconds(50)).statusCode(200);
        calls.elapse(callId, Duration.ZERO);
        reconciler.reconcile();

        Call ended = call(callId);
        assertThat(ended.status).isEqualTo(Call.Status.ENDED);
        assertThat(ended.billedMinutes).isEqualTo(1);
        assertThat(coins(caller)).isEqualTo(100);
        assertThat(earnings(callee)).isEqualTo(6);
        assertThat(balance(SystemAccounts.PROMOTIONS)).isEqualTo(promotions - 10);
        assertThat(freeTransfers(callId, "MATCHED_FREE_MINUTE_REVERSAL")).isEqualTo(2);
        assertThat(store.usedOn(caller, freeMinutes.dayOf(ended.minuteStart(1)))).isEqualTo(1);
        assertThat(calls.ledgerSum()).isZero();
    }

    @Test
    void theDayIsIndiaStandardTimeAndEachMinuteIsCountedOnce() {
        UUID caller = fixture.onlineUser(null);
        UUID callee = fixture.onlineUser(null);
        UUID callId = matched(caller, callee);
        // 23:55 to 23:59:50 IST on 2 December is 18:25 to 18:29:50 UTC.
        Instant lateEvening = Instant.parse("2026-12-02T18:25:00Z");
        for (int minute = 1; minute <= 5; minute++) {
            assertThat(claim(callId, minute, caller, lateEvening.plusSeconds(60L * (minute - 1)))).isTrue();
        }
        assertThat(claim(callId, 6, caller, Instant.parse("2026-12-02T18:29:50Z"))).isFalse();
        // 00:00:10 IST on 3 December: a new day, a new allowance.
        assertThat(claim(callId, 7, caller, Instant.parse("2026-12-02T18:30:10Z"))).isTrue();
        // Asked again, a minute gets the answer it got, and counts nothing more.
        assertThat(claim(callId, 3, caller, lateEvening)).isTrue();
        assertThat(claim(callId, 6, caller, Instant.parse("2026-12-02T18:29:50Z"))).isFalse();

        assertThat(QuarkusTransaction.requiringNew().call(() -> store.usedOn(caller, LocalDate.of(2026, 12, 2))))
                .isEqualTo(5);
        assertThat(QuarkusTransaction.requiringNew().call(() -> store.usedOn(caller, LocalDate.of(2026, 12, 3))))
                .isEqualTo(1);
        callService.end(caller, callId);
    }

    @Test
    void concurrentClaimsNeverExceedTheDailyAllowance() {
        UUID caller = fixture.onlineUser(null);
        UUID callee = fixture.onlineUser(null);
        UUID callId = matched(caller, callee);
        Instant at = Instant.parse("2026-12-01T08:00:00Z");

        List<Concurrently.Outcome<Boolean>> outcomes = Concurrently.run(20,
                i -> claim(callId, i + 1, caller, at.plusSeconds(i)));

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes.stream().filter(Concurrently.Outcome::result).count()).isEqualTo(5);
        assertThat(QuarkusTransaction.requiringNew().call(() -> store.usedOn(caller, LocalDate.of(2026, 12, 1))))
                .isEqualTo(5);
        callService.end(caller, callId);
    }

    private boolean claim(UUID callId, int minute, UUID payer, Instant start) {
        return QuarkusTransaction.requiringNew().call(() -> freeMinutes.claim(callId, minute, payer, start));
    }

    /** A match between the two, the first the caller; its call answered but nobody in the room yet. */
    private UUID matched(UUID first, UUID second) {
        fixture.join(first, "hi");
        fixture.join(second, "hi");
        assertThat(matcher.matchOnce()).isEqualTo(1);
        MatchingFixture.Match match = fixture.matchesOf(Set.of(first)).stream()
                .filter(m -> m.calleeId().equals(second)).findFirst().orElseThrow();
        assertThat(match.callerId()).isEqualTo(first);
        return match.callId();
    }

    /**
     * {@link #matched}, both parties in the room from {@code connectedAt}, and the first out of it for good
     * {@code lasting} later (LiveKit lists nobody): the reconciler ends the call there and bills the minutes started by
     * then. Joined and left in the future first, then moved back in one statement: a reconciler pass meanwhile finds
     * no minute due, where a call connected in the past with both in the room would be billed up to now.
     */
    private UUID matchedCallThatLasted(UUID first, UUID second, Instant connectedAt, Duration lasting) {
        UUID callId = matched(first, second);
        LiveKitStandIn.participantsAnyRoom(List.of());
        Instant later = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        LiveKitWebhooks.participant("participant_joined", "call-" + callId, first, later).statusCode(200);
        LiveKitWebhooks.participant("participant_joined", "call-" + callId, second, later).statusCode(200);
        LiveKitWebhooks.participant("participant_left", "call-" + callId, first, later.plus(lasting)).statusCode(200);
        assertThat(call(callId).connectedAt).isEqualTo(later);
        calls.elapse(callId, Duration.between(connectedAt, later));
        return callId;
    }

    /** {@link #matched} with both parties in the room: billing runs. */
    private UUID connectedMatch(UUID first, UUID second) {
        UUID callId = matched(first, second);
        Instant now = Instant.now();
        LiveKitStandIn.participantsAnyRoom(List.of(first.toString(), second.toString()));
        LiveKitWebhooks.participant("participant_joined", "call-" + callId, first, now).statusCode(200);
        LiveKitWebhooks.participant("participant_joined", "call-" + callId, second, now).statusCode(200);
        assertThat(call(callId).connectedAt).isNotNull();
        return callId;
    }

    private Call call(UUID callId) {
        return QuarkusTransaction.requiringNew().call(() -> callRepository.findById(callId));
    }

    private long coins(UUID user) {
        return QuarkusTransaction.requiringNew().call(() -> accounts.find(accounts.coins(user)).orElseThrow())
                .balance();
    }

    private long held(UUID user) {
        return QuarkusTransaction.requiringNew().call(() -> accounts.find(accounts.coins(user)).orElseThrow())
                .held();
    }

    private long earnings(UUID user) {
        return QuarkusTransaction.requiringNew().call(() -> accounts.find(accounts.earnings(user)).orElseThrow())
                .balance();
    }

    private long balance(UUID account) {
        return QuarkusTransaction.requiringNew().call(() -> accounts.find(account).orElseThrow()).balance();
    }

    private long freeTransfers(UUID callId, String kind) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from transfers where reference = ?1 and kind = ?2")
                .setParameter(1, "call:" + callId).setParameter(2, kind).getSingleResult()).longValue());
    }
}
