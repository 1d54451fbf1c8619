package app.banter.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import app.banter.platform.error.ApiException;

/** The arithmetic of charging holds, on rows given in memory: no database, no Quarkus. */
class HoldChargingTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final UUID PAYER = UUID.randomUUID();
    private static final UUID EARNER = UUID.randomUUID();
    /** 60 % to the earner, the rest to platform revenue: of a 10-coin minute, 6 and 4. */
    private static final HoldCharge.Split SPLIT = new HoldCharge.Split(
            new HoldCharge.Payee("callee", EARNER, TransferKind.CALL_EARNING), 60,
            new HoldCharge.Payee("platform", SystemAccounts.PLATFORM_REVENUE, TransferKind.CALL_CHARGE));

    @Test
    void aPayoutCapturesItsHoldInFullToPayoutClearing() {
        Hold hold = openHold(500, 500, 0);
        HoldCharging charging = charging(List.of(hold), account(PAYER, 500, 500));

        charging.capture(HoldCharge.capture("payout:1", hold.id(), 500, SystemAccounts.PAYOUT_CLEARING,
                TransferKind.PAYOUT));

        assertThat(charging.transfers()).singleElement().satisfies(transfer -> {
            assertThat(transfer.idempotencyKey()).isEqualTo("payout:1");
            assertThat(transfer).extracting(Transfer::fromAccount, Transfer::toAccount, Transfer::amount,
                    Transfer::holdId, Transfer::reference, Transfer::kind)
                    .containsExactly(PAYER, SystemAccounts.PAYOUT_CLEARING, 500L, hold.id(), "ref",
                            TransferKind.PAYOUT);
        });
        assertThat(charging.changedHolds()).singleElement()
                .extracting(Hold::status, Hold::captured, Hold::closedAt, Hold::expiresAt)
                .containsExactly(Hold.Status.CAPTURED, 500L, NOW, hold.expiresAt());
        assertThat(charging.createdHolds()).isEmpty();
        assertThat(charging.accountChanges()).containsExactlyInAnyOrder(
                new HoldCharging.AccountChange(PAYER, -500, -500),
                new HoldCharging.AccountChange(SystemAccounts.PAYOUT_CLEARING, 500, 0));
    }

    @Test
    void aPartialCaptureLeavesTheRestReservedAndNoMoreThanThatCanBeTaken() {
        Hold hold = openHold(30, 30, 0);
        HoldCharging charging = charging(List.of(hold), account(PAYER, 100, 30));

        charging.capture(HoldCharge.capture("a", hold.id(), 10, SystemAccounts.PLATFORM_REVENUE,
                TransferKind.CALL_CHARGE));

        assertThat(charging.changedHolds()).singleElement().extracting(Hold::status, Hold::captured)
                .containsExactly(Hold.Status.OPEN, 10L);
        assertThatThrownBy(() -> charging.capture(HoldCharge.capture("b", hold.id(), 21,
                SystemAccounts.PLATFORM_REVENUE, TransferKind.CALL_CHARGE)))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("HOLD_EXCEEDED");
    }

    @Test
    void aCaptureOfAClosedOrLapsedHoldIsRefused() {
        Hold captured = new Hold(UUID.randomUUID(), "h1", PAYER, 10, 10, 10, 0, 0, Hold.Status.CAPTURED, null,
                NOW.plusSeconds(60), NOW.minusSeconds(60), NOW.minusSeconds(1));
        Hold lapsed = new Hold(UUID.randomUUID(), "h2", PAYER, 10, 10, 0, 0, 0, Hold.Status.OPEN, null, NOW, NOW,
                null);
        HoldCharging charging = charging(List.of(captured, lapsed), account(PAYER, 100, 10));

        for (Hold hold : List.of(captured, lapsed)) {
            assertThatThrownBy(() -> charging.capture(HoldCharge.capture("c:" + hold.id(), hold.id(), 1,
                    SystemAccounts.PLATFORM_REVENUE, TransferKind.CALL_CHARGE)))
                    .isInstanceOf(ApiException.class).extracting("code").isEqualTo("HOLD_NOT_OPEN");
        }
        assertThat(charging.transfers()).isEmpty();
        assertThat(charging.accountChanges()).isEmpty();
    }

    @Test
    void aRetriedCaptureIsPaidAlreadyAndTheSameKeyForAnotherCaptureIsRefused() {
        Hold hold = openHold(30, 30, 10);
        Transfer earlier = new Transfer(UUID.randomUUID(), "a", TransferKind.CALL_CHARGE, PAYER,
                SystemAccounts.PLATFORM_REVENUE, 10, "ref", hold.id(), NOW.minusSeconds(5));
        HoldCharging charging = new HoldCharging(NOW, List.of(hold), List.of(account(PAYER, 90, 20)),
                List.of(earlier));

        charging.capture(HoldCharge.capture("a", hold.id(), 10, SystemAccounts.PLATFORM_REVENUE,
                TransferKind.CALL_CHARGE));
        assertThatThrownBy(() -> charging.capture(HoldCharge.capture("a", hold.id(), 11,
                SystemAccounts.PLATFORM_REVENUE, TransferKind.CALL_CHARGE)))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(charging.transfers()).isEmpty();
        assertThat(charging.changedHolds()).isEmpty();
    }

    @Test
    void aMinuteIsCountedWithTheNextReservedAheadAndTheExpiryMovedWhenDueAndNoCoinsMove() {
        Hold hold = openHold(10, 10, 0);
        HoldCharging charging = charging(List.of(hold), account(PAYER, 100, 10));

        // The hold expires in an hour; it must stay open a little longer than that.
        HoldPeriod.Result result = charging.count(minute(1, hold, NOW.plusSeconds(3700), NOW.plusSeconds(4200)));

        assertThat(result).isEqualTo(new HoldPeriod.Result(true, hold.id()));
        assertThat(charging.changedHolds()).singleElement()
                .extracting(Hold::status, Hold::amount, Hold::captured, Hold::accrued, Hold::periods,
                        Hold::expiresAt)
                .containsExactly(Hold.Status.OPEN, 20L, 0L, 10L, 1, NOW.plusSeconds(4200));
        assertThat(charging.transfers()).isEmpty();
        assertThat(charging.accountChanges()).containsExactly(new HoldCharging.AccountChange(PAYER, 0, 10));
    }

    @Test
    void aPeriodTheHoldHasCountedIsPaidAndChangesNothing() {
        Hold hold = counted(30, 20, 2, NOW.plusSeconds(3600));
        HoldCharging charging = charging(List.of(hold), account(PAYER, 100, 30));

        assertThat(charging.count(minute(2, hold, NOW, NOW))).isEqualTo(new HoldPeriod.Result(true, hold.id()));
        assertThat(charging.count(minute(1, hold, NOW, NOW))).isEqualTo(new HoldPeriod.Result(true, hold.id()));

        assertThat(charging.changedHolds()).isEmpty();
        assertThat(charging.accountChanges()).isEmpty();
    }

    @Test
    void anExpiryFarEnoughAheadStaysWhereItIs() {
        Hold hold = openHold(10, 10, 0);
        HoldCharging charging = charging(List.of(hold), account(PAYER, 100, 10));

        charging.count(minute(1, hold, NOW.plusSeconds(180), NOW.plusSeconds(600)));

        assertThat(charging.changedHolds()).singleElement().extracting(Hold::expiresAt)
                .isEqualTo(hold.expiresAt());
    }

    @Test
    void aPayerWhoCannotCoverThePriceIsNotChargedAndNothingChanges() {
        // Ten coins reserved, all of them counted for the first minute: the second needs ten more.
        Hold hold = counted(10, 10, 1, NOW.plusSeconds(3600));
        HoldCharging charging = charging(List.of(hold), account(PAYER, 19, 10));

        HoldPeriod.Result result = charging.count(minute(2, hold, NOW, NOW));

        assertThat(result).isEqualTo(new HoldPeriod.Result(false, hold.id()));
        assertThat(charging.changedHolds()).isEmpty();
        assertThat(charging.accountChanges()).isEmpty();
    }

    @Test
    void aClosedHoldIsFollowedByANewOneOnTheSameAccount() {
        Hold closed = new Hold(UUID.randomUUID(), "h", PAYER, 10, 10, 10, 0, 1, Hold.Status.CAPTURED, "ref",
                NOW.plusSeconds(60), NOW.minusSeconds(60), NOW.minusSeconds(1));
        HoldCharging charging = charging(List.of(closed), account(PAYER, 25, 0));

        HoldPeriod.Result result = charging.count(minute(2, closed, NOW.plusSeconds(180), NOW.plusSeconds(600)));

        assertThat(result.paid()).isTrue();
        assertThat(result.holdId()).isNotEqualTo(closed.id());
        assertThat(charging.createdHolds()).singleElement()
                .extracting(Hold::id, Hold::idempotencyKey, Hold::accountId, Hold::placed, Hold::amount,
                        Hold::captured, Hold::accrued, Hold::periods, Hold::status, Hold::reference,
                        Hold::expiresAt)
                .containsExactly(result.holdId(), "m2:hold", PAYER, 10L, 20L, 0L, 10L, 2, Hold.Status.OPEN, "ref",
                        NOW.plusSeconds(600));
        assertThat(charging.changedHolds()).isEmpty();
        assertThat(charging.accountChanges()).containsExactly(new HoldCharging.AccountChange(PAYER, 0, 20));
    }

    @Test
    void aLapsedHoldWithMinutesCountedStaysOpenUntilItIsSettled() {
        Hold lapsed = counted(20, 10, 1, NOW.minusSeconds(1));
        HoldCharging charging = charging(List.of(lapsed), account(PAYER, 100, 20));

        HoldPeriod.Result result = charging.count(minute(2, lapsed, NOW.plusSeconds(180), NOW.plusSeconds(600)));

        assertThat(result).isEqualTo(new HoldPeriod.Result(true, lapsed.id()));
        assertThat(charging.createdHolds()).isEmpty();
        assertThat(charging.changedHolds()).singleElement()
                .extracting(Hold::amount, Hold::accrued, Hold::periods, Hold::expiresAt)
                .containsExactly(30L, 20L, 2, NOW.plusSeconds(600));
    }

    @Test
    void periodsInOneBatchSeeWhatTheEarlierOnesReservedOnTheSamePayer() {
        Hold first = openHold(10, 10, 0);
        Hold second = openHold(10, 10, 0);
        // 15 coins free: the first minute reserves the one after it from them, which leaves too few for the second.
        HoldCharging charging = charging(List.of(first, second), account(PAYER, 35, 20));

        charging.count(minute(1, first, NOW, NOW));
        charging.count(minute(1, second, NOW, NOW));

        assertThat(charging.changedHolds()).extracting(Hold::id, Hold::amount, Hold::accrued)
                .containsExactlyInAnyOrder(tuple(first.id(), 20L, 10L), tuple(second.id(), 10L, 10L));
        assertThat(charging.accountChanges()).containsExactly(new HoldCharging.AccountChange(PAYER, 0, 10));
    }

    @Test
    void aSettlementPaysTheCountedMinutesInOneTransferPerShareAndGivesTheRestBack() {
        Hold hold = counted(40, 30, 3, NOW.plusSeconds(600));
        HoldCharging charging = charging(List.of(hold), account(PAYER, 100, 40), account(EARNER, 0, 0));

        Ledger.Settlement settled = charging.settle("call:1:settle", hold.id(), 0, 10, SPLIT);

        assertThat(settled).isEqualTo(new Ledger.Settlement(0, 3));
        assertThat(charging.transfers())
                .extracting(Transfer::idempotencyKey, Transfer::fromAccount, Transfer::toAccount, Transfer::amount,
                        Transfer::holdId)
                .containsExactly(tuple("call:1:settle:callee", PAYER, EARNER, 18L, hold.id()),
                        tuple("call:1:settle:platform", PAYER, SystemAccounts.PLATFORM_REVENUE, 12L, hold.id()));
        assertThat(charging.changedHolds()).singleElement()
                .extracting(Hold::status, Hold::captured, Hold::accrued, Hold::periods, Hold::closedAt)
                .containsExactly(Hold.Status.RELEASED, 30L, 0L, 3, NOW);
        assertThat(charging.accountChanges()).containsExactlyInAnyOrder(
                new HoldCharging.AccountChange(PAYER, -30, -40),
                new HoldCharging.AccountChange(EARNER, 18, 0),
                new HoldCharging.AccountChange(SystemAccounts.PLATFORM_REVENUE, 12, 0));
    }

    @Test
    void theEarnersShareIsRoundedDownOnceOnAllTheMinutesPaid() {
        // Ten 8-coin minutes at 60 %: 4.8 coins a minute, 48 in all, not 4 a minute (40).
        Hold hold = counted(88, 80, 10, NOW.plusSeconds(600));
        HoldCharging charging = charging(List.of(hold), account(PAYER, 100, 88), account(EARNER, 0, 0));

        assertThat(charging.settle("call:1:settle", hold.id(), 0, 8, SPLIT)).isEqualTo(new Ledger.Settlement(0, 10));

        assertThat(charging.transfers()).extracting(Transfer::idempotencyKey, Transfer::amount)
                .containsExactly(tuple("call:1:settle:callee", 48L), tuple("call:1:settle:platform", 32L));
        // Three minutes after one dropped: 14.4 coins, rounded down once.
        Hold other = counted(32, 32, 4, NOW.plusSeconds(600));
        HoldCharging dropOne = charging(List.of(other), account(PAYER, 100, 32), account(EARNER, 0, 0));
        dropOne.settle("call:2:settle", other.id(), 1, 8, SPLIT);
        assertThat(dropOne.transfers()).extracting(Transfer::amount).containsExactly(14L, 10L);
    }

    @Test
    void aSplitWhoseShareComesToNothingPaysOnlyTheRest() {
        Hold hold = counted(1, 1, 1, NOW.plusSeconds(600));
        HoldCharging charging = charging(List.of(hold), account(PAYER, 100, 1), account(EARNER, 0, 0));

        charging.settle("s", hold.id(), 0, 1, SPLIT);

        assertThat(charging.transfers()).extracting(Transfer::idempotencyKey, Transfer::toAccount, Transfer::amount)
                .containsExactly(tuple("s:platform", SystemAccounts.PLATFORM_REVENUE, 1L));
    }

    @Test
    void minutesThatStartedAfterTheEndAreTakenOffUnpaidAndAHoldCountedInFullIsCaptured() {
        Hold hold = counted(30, 30, 3, NOW.plusSeconds(600));
        HoldCharging dropOne = charging(List.of(hold), account(PAYER, 30, 30), account(EARNER, 0, 0));
        HoldCharging dropAll = charging(List.of(hold), account(PAYER, 30, 30), account(EARNER, 0, 0));
        HoldCharging none = charging(List.of(hold), account(PAYER, 30, 30), account(EARNER, 0, 0));

        assertThat(dropOne.settle("s", hold.id(), 1, 10, SPLIT)).isEqualTo(new Ledger.Settlement(1, 2));
        assertThat(dropAll.settle("s", hold.id(), 5, 10, SPLIT)).isEqualTo(new Ledger.Settlement(3, 0));
        assertThat(none.settle("s", hold.id(), 0, 10, SPLIT)).isEqualTo(new Ledger.Settlement(0, 3));

        assertThat(dropOne.transfers()).extracting(Transfer::amount).containsExactly(12L, 8L);
        assertThat(dropOne.changedHolds()).singleElement().extracting(Hold::status, Hold::captured, Hold::periods)
                .containsExactly(Hold.Status.RELEASED, 20L, 2);
        assertThat(dropOne.accountChanges()).contains(new HoldCharging.AccountChange(PAYER, -20, -30));
        assertThat(dropAll.transfers()).isEmpty();
        assertThat(dropAll.accountChanges()).containsExactly(new HoldCharging.AccountChange(PAYER, 0, -30));
        assertThat(none.changedHolds()).singleElement().extracting(Hold::status, Hold::captured)
                .containsExactly(Hold.Status.CAPTURED, 30L);
    }

    @Test
    void aClosedHoldIsSettledAlready() {
        Hold closed = new Hold(UUID.randomUUID(), "h", PAYER, 10, 30, 30, 0, 3, Hold.Status.CAPTURED, "ref",
                NOW.plusSeconds(600), NOW.minusSeconds(180), NOW.minusSeconds(1));
        HoldCharging charging = charging(List.of(closed), account(PAYER, 100, 0), account(EARNER, 0, 0));

        assertThat(charging.settle("s", closed.id(), 1, 10, SPLIT)).isEqualTo(new Ledger.Settlement(0, 0));
        assertThat(charging.transfers()).isEmpty();
        assertThat(charging.changedHolds()).isEmpty();
        assertThat(charging.accountChanges()).isEmpty();
    }

    private static HoldCharging charging(List<Hold> holds, Account... accounts) {
        return new HoldCharging(NOW, holds, List.of(accounts), List.of());
    }

    private static Hold openHold(long placed, long amount, long captured) {
        return new Hold(UUID.randomUUID(), "hold:" + UUID.randomUUID(), PAYER, placed, amount, captured, 0, 0,
                Hold.Status.OPEN, "ref", NOW.plusSeconds(3600), NOW.minusSeconds(60), null);
    }

    /** An open hold of 10 coins placed and {@code amount} reserved, {@code accrued} counted over {@code periods}. */
    private static Hold counted(long amount, long accrued, int periods, Instant expiresAt) {
        return new Hold(UUID.randomUUID(), "hold:" + UUID.randomUUID(), PAYER, 10, amount, 0, accrued, periods,
                Hold.Status.OPEN, "ref", expiresAt, NOW.minusSeconds(600), null);
    }

    private static Account account(UUID id, long balance, long held) {
        return new Account(id, UUID.randomUUID(), AccountType.COINS, balance, held);
    }

    /** A 10-coin minute keyed m{number}. */
    private static HoldPeriod minute(int number, Hold hold, Instant keepOpenUntil, Instant extendTo) {
        return new HoldPeriod("m" + number, hold.id(), number, 10, keepOpenUntil, extendTo);
    }
}
