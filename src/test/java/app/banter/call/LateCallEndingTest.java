package app.banter.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.call.CallFixture.Party;
import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.LiveKitWebhooks;
import app.banter.wallet.Accounts;
import app.banter.wallet.Ledger;
import app.banter.wallet.SystemAccounts;
import app.banter.wallet.TestWallets;
import app.banter.wallet.TransferKind;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An end learnt a few seconds late, after the reconciler billed a minute that started after it: the call ends when it
 * ended and keeps only the minutes started by then; the later minute is taken off the hold's count and never paid.
 * Audio: 10 coins a minute, 6 to the callee; minute 1 starts 5 s after connecting, minute 2 at 65 s.
 */
@QuarkusTest
class LateCallEndingTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    CallFixture fixture;

    @Inject
    CallReconciler reconciler;


    @Inject
    TestWallets books;

    @Inject
    Ledger ledger;

    @Inject
    Accounts accounts;

    @Inject
    EntityManager em;

    @AfterEach
    void reset() {
        LiveKitStandIn.resetToDefaults();
        books.assertBooksBalance();
    }

    @Test
    void aParticipantLeftWebhookArrivingLateGivesBackTheMinuteThatStartedAfterTheLeave() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = connectedSixtySixSecondsAgo(caller, callee);
            billTwoMinutes(callId);

            // The callee left at 62 s; LiveKit's webhook says so only now, after minute 2 (65 s) was billed.
            LiveKitWebhooks.participant("participant_left", "call-" + callId, callee.user().id(), at62s(callId))
                    .statusCode(200).body("outcome", equalTo("PROCESSED"));
            fixture.elapse(callId, Duration.ofSeconds(21));
            reconciler.reconcile();

            assertEndedWithOneMinute(callId, "PARTICIPANT_LEFT", caller, callee);
        }
    }

    @Test
    void aRoomFinishedWebhookArrivingLateGivesBackTheMinuteThatStartedAfterTheEnd() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = connectedSixtySixSecondsAgo(caller, callee);
            billTwoMinutes(callId);

            LiveKitWebhooks.roomFinished("call-" + callId, at62s(callId))
                    .statusCode(200).body("outcome", equalTo("PROCESSED"));

            assertEndedWithOneMinute(callId, "ROOM_FINISHED", caller, callee);
        }
    }

    @Test
    void aLateLeftWebhookCorrectsTheDepartureTheParticipantCheckNoticedLater() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = connectedSixtySixSecondsAgo(caller, callee);
            // The callee is gone, and no webhook has said so yet.
            LiveKitStandIn.participantsAnyRoom(List.of(caller.user().id().toString()));
            billTwoMinutes(callId);
            // The same pass asked LiveKit (the first participant check was due at 30 s): the callee is out from now.
            await().atMost(WAIT).until(() -> !fixture.call(callId).isCalleePresent());
            Instant noticed = fixture.call(callId).calleeLeftAt;

            LiveKitWebhooks.participant("participant_left", "call-" + callId, callee.user().id(), at62s(callId))
                    .statusCode(200).body("outcome", equalTo("PROCESSED"));
            assertThat(fixture.call(callId).calleeLeftAt).isBefore(noticed);
            fixture.elapse(callId, Duration.ofSeconds(21));
            reconciler.reconcile();

            assertEndedWithOneMinute(callId, "PARTICIPANT_LEFT", caller, callee);
        }
    }

    /**
     * The callee's app died: LiveKit reported their departure at 62 s, and the caller hangs up 15 s later, after minute
     * 2 (65 s) started and before the reconciler would give up on the callee: the call ended when the callee left.
     */
    @Test
    void aHangUpAfterAPartyLeftEndsTheCallWhenTheyLeft() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = calleeLeftAt62s(caller, callee);
            fixture.elapse(callId, Duration.ofSeconds(15));

            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200);

            assertEndedWithOneMinute(callId, "HANG_UP", caller, callee);
        }
    }

    /** As the hang-up: LiveKit closes the room 15 s after the callee left, before the reconciler's give-up. */
    @Test
    void aRoomFinishedAfterAPartyLeftEndsTheCallWhenTheyLeft() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = calleeLeftAt62s(caller, callee);
            fixture.elapse(callId, Duration.ofSeconds(15));

            LiveKitWebhooks.roomFinished("call-" + callId, fixture.call(callId).connectedAt.plusSeconds(77))
                    .statusCode(200).body("outcome", equalTo("PROCESSED"));

            assertEndedWithOneMinute(callId, "ROOM_FINISHED", caller, callee);
        }
    }

    /**
     * Minutes paid in transfers of their own, as the version before counting minutes on the hold paid them (a call
     * billed by one of its pods during a rolling update): a minute that started after the end goes back in refund
     * transfers, and the callee's share from platform revenue when the earnings have left for a payout meanwhile.
     */
    @Test
    void aMinutePaidInTransfersIsGivenBackByThePlatformWhenTheEarningsNoLongerCoverIt() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = connectedSixtySixSecondsAgo(caller, callee);
            billTwoMinutes(callId);
            paidAsTheVersionBefore(callId, caller, callee);
            UUID earnings = QuarkusTransaction.requiringNew().call(() -> accounts.earnings(callee.user().id()));
            ledger.transfer("test:payout:" + callId, earnings, SystemAccounts.PAYOUT_CLEARING, 12,
                    TransferKind.PAYOUT, "test");

            LiveKitWebhooks.roomFinished("call-" + callId, at62s(callId)).statusCode(200);

            assertThat(fixture.call(callId).billedMinutes).isEqualTo(1);
            assertThat(fixture.coins(caller.user())).extracting(a -> a.balance(), a -> a.held())
                    .containsExactly(90L, 0L);
            assertThat(fixture.earnings(callee.user()).balance()).isZero();
            assertThat(refundedFrom(callId, "callee")).isEqualTo(SystemAccounts.PLATFORM_REVENUE);
            assertThat(refundedFrom(callId, "platform")).isEqualTo(SystemAccounts.PLATFORM_REVENUE);
            assertThat(settlementsOf(callId)).isZero();
        }
    }

    /**
     * Turns the two minutes counted on the call's hold into what the version before wrote: captured from the hold
     * and paid in two transfers each, keyed by the minute.
     */
    private void paidAsTheVersionBefore(UUID callId, Party caller, Party callee) {
        QuarkusTransaction.requiringNew().run(() -> {
            UUID coins = accounts.coins(caller.user().id());
            em.createNativeQuery("""
                    update holds set captured = captured + accrued, accrued = 0, periods = 0 where reference = ?1""")
                    .setParameter(1, "call:" + callId).executeUpdate();
            em.createNativeQuery("update accounts set held = held - 20 where id = ?1").setParameter(1, coins)
                    .executeUpdate();
            for (int minute = 1; minute <= 2; minute++) {
                String key = "call:" + callId + ":minute:" + minute;
                ledger.transfer(key + ":callee", coins, accounts.earnings(callee.user().id()), 6,
                        TransferKind.CALL_EARNING, "call:" + callId);
                ledger.transfer(key + ":platform", coins, SystemAccounts.PLATFORM_REVENUE, 4,
                        TransferKind.CALL_CHARGE, "call:" + callId);
            }
        });
    }

    private UUID connectedSixtySixSecondsAgo(Party caller, Party callee) {
        UUID callId = fixture.connected(caller, callee, "AUDIO");
        fixture.elapse(callId, Duration.ofSeconds(66));
        return callId;
    }

    /** Connected 62 s ago, minute 1 billed, and the callee's departure at 62 s just reported by LiveKit. */
    private UUID calleeLeftAt62s(Party caller, Party callee) {
        UUID callId = fixture.connected(caller, callee, "AUDIO");
        fixture.elapse(callId, Duration.ofSeconds(62));
        reconciler.reconcile();
        await().atMost(WAIT).until(() -> fixture.call(callId).billedMinutes == 1);
        LiveKitStandIn.participantsAnyRoom(List.of(caller.user().id().toString()));
        LiveKitWebhooks.participant("participant_left", "call-" + callId, callee.user().id(), at62s(callId))
                .statusCode(200).body("outcome", equalTo("PROCESSED"));
        return callId;
    }

    /** Minutes 1 (5 s) and 2 (65 s), 20 coins, by this reconciler or the scheduled one. */
    private void billTwoMinutes(UUID callId) {
        reconciler.reconcile();
        await().atMost(WAIT).until(() -> fixture.call(callId).billedMinutes == 2);
    }

    /** 62 s into the call, in whole seconds as LiveKit's events carry it: before minute 2 started. */
    private Instant at62s(UUID callId) {
        return fixture.call(callId).connectedAt.plusSeconds(62);
    }

    private void assertEndedWithOneMinute(UUID callId, String reason, Party caller, Party callee) {
        await().atMost(WAIT).until(() -> fixture.call(callId).status == Call.Status.ENDED);
        Call ended = fixture.call(callId);
        assertThat(ended).extracting(c -> c.endReason, c -> c.billedMinutes, c -> c.coinsCharged)
                .containsExactly(reason, 1, 10L);
        assertThat(ended.durationSeconds).isBetween(61, 62);
        assertThat(fixture.coins(caller.user())).extracting(a -> a.balance(), a -> a.held())
                .containsExactly(90L, 0L);
        assertThat(fixture.earnings(callee.user()).balance()).isEqualTo(6);
        assertThat(refundsOf(callId)).as("minute 2 never paid, so nothing to give back").isZero();
        assertThat(settlementsOf(callId)).as("minute 1 paid in the settlement's two shares").isEqualTo(2);
        JsonNode endedEvent = caller.ws().await("call.ended");
        assertThat(endedEvent.path("coinsCharged").asLong()).isEqualTo(10);
        assertThat(fixture.ledgerSum()).isZero();
    }

    private UUID refundedFrom(UUID callId, String share) {
        return QuarkusTransaction.requiringNew().call(() -> (UUID) em.createNativeQuery(
                "select from_account from transfers where idempotency_key = ?1")
                .setParameter(1, "call:" + callId + ":refund:2:" + share).getSingleResult());
    }

    private long settlementsOf(UUID callId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from transfers where idempotency_key like ?1")
                .setParameter(1, "call:" + callId + ":settle:%").getSingleResult()).longValue());
    }

    private long refundsOf(UUID callId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from transfers where idempotency_key like ?1 and kind = 'CALL_REFUND'")
                .setParameter(1, "call:" + callId + ":refund:2:%").getSingleResult()).longValue());
    }
}
