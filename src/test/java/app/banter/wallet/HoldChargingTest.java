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

    @Test
    void aPayoutCapturesItsHoldInFullToPayoutClearing() {
        Hold hold = openHold(500, 500, 0);
        HoldCharging charging = charging(List.of(hold), account(PAYER, 500, 500));

        HoldCharge.Result result = charging.charge(HoldCharge.capture("payout:1", hold.id(), 500,
                SystemAccounts.PAYOUT_CLEARING, TransferKind.PAYOUT));

        assertThat(result).isEqualTo(new HoldCharge.Result(true, hold.id()));
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

        charging.charge(HoldCharge.capture("a", hold.id(), 10, SystemAccounts.PLATFORM_REVENUE,
                TransferKind.CALL_CHARGE));

        assertThat(charging.changedHolds()).singleElement().extracting(Hold::status, Hold::captured)
                .containsExactly(Hold.Status.OPEN, 10L);
        assertThatThrownBy(() -> charging.charge(HoldCharge.capture("b", hold.id(), 21,
                SystemAccounts.PLATFORM_REVENUE, TransferKind.CALL_CHARGE)))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("HOLD_EXCEEDED");
    }

    @Test
    void aCaptureOfAClosedOrLapsedHoldIsRefused() {
        Hold captured = new Hold(UUID.randomUUID(), "h1", PAYER, 10, 10, 10, Hold.Status.CAPTURED, null,
                NOW.plusSeconds(60), NOW.minusSeconds(60), NOW.minusSeconds(1));
        Hold lapsed = new Hold(UUID.randomUUID(), "h2", PAYER, 10, 10, 0, Hold.Status.OPEN, null, NOW, NOW, null);
        HoldCharging charging = charging(List.of(captured, lapsed), account(PAYER, 100, 10));

        for (Hold hold : List.of(captured, lapsed)) {
            assertThatThrownBy(() -> charging.charge(HoldCharge.capture("c:" + hold.id(), hold.id(), 1,
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

        assertThat(charging.charge(HoldCharge.capture("a", hold.id(), 10, SystemAccounts.PLATFORM_REVENUE,
                TransferKind.CALL_CHARGE))).isEqualTo(new HoldCharge.Result(true, hold.id()));
        assertThatThrownBy(() -> charging.charge(HoldCharge.capture("a", hold.id(), 11,
                SystemAccounts.PLATFORM_REVENUE, TransferKind.CALL_CHARGE)))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(charging.transfers()).isEmpty();
        assertThat(charging.changedHolds()).isEmpty();
    }

    @Test
    void aMinuteIsSplitInSharesAndTheNextIsReservedAheadWithTheExpiryMovedWhenDue() {
        Hold hold = openHold(10, 10, 0);
        HoldCharging charging = charging(List.of(hold), account(PAYER, 100, 10), account(EARNER, 0, 0));

        // The hold expires in an hour; it must stay open a little longer than that.
        HoldCharge.Result result = charging.charge(minute("m1", hold, NOW.plusSeconds(3700), NOW.plusSeconds(4200)));

        assertThat(result.paid()).isTrue();
        assertThat(charging.changedHolds()).singleElement()
                .extracting(Hold::status, Hold::amount, Hold::captured, Hold::expiresAt)
                .containsExactly(Hold.Status.OPEN, 20L, 10L, NOW.plusSeconds(4200));
        assertThat(charging.transfers()).extracting(Transfer::idempotencyKey, Transfer::toAccount, Transfer::amount)
                .containsExactly(tuple("m1:callee", EARNER, 6L),
                        tuple("m1:platform", SystemAccounts.PLATFORM_REVENUE, 4L));
        assertThat(charging.accountChanges()).containsExactlyInAnyOrder(
                new HoldCharging.AccountChange(PAYER, -10, 0),
                new HoldCharging.AccountChange(EARNER, 6, 0),
                new HoldCharging.AccountChange(SystemAccounts.PLATFORM_REVENUE, 4, 0));
    }

    @Test
    void anExpiryFarEnoughAheadStaysWhereItIs() {
        Hold hold = openHold(10, 10, 0);
        HoldCharging charging = charging(List.of(hold), account(PAYER, 100, 10), account(EARNER, 0, 0));

        charging.charge(minute("m1", hold, NOW.plusSeconds(180), NOW.plusSeconds(600)));

        assertThat(charging.changedHolds()).singleElement().extracting(Hold::expiresAt)
                .isEqualTo(hold.expiresAt());
    }

    @Test
    void aPayerWhoCannotCoverThePriceIsNotChargedAndNothingChanges() {
        Hold hold = openHold(4, 4, 0);
        HoldCharging charging = charging(List.of(hold), account(PAYER, 9, 4), account(EARNER, 0, 0));

        HoldCharge.Result result = charging.charge(minute("m1", hold, NOW, NOW));

        assertThat(result).isEqualTo(new HoldCharge.Result(false, hold.id()));
        assertThat(charging.transfers()).isEmpty();
        assertThat(charging.changedHolds()).isEmpty();
        assertThat(charging.accountChanges()).isEmpty();
    }

    @Test
    void aClosedHoldIsFollowedByANewOneOnTheSameAccount() {
        Hold closed = new Hold(UUID.randomUUID(), "h", PAYER, 10, 10, 10, Hold.Status.CAPTURED, "ref",
                NOW.plusSeconds(60), NOW.minusSeconds(60), NOW.minusSeconds(1));
        HoldCharging charging = charging(List.of(closed), account(PAYER, 25, 0), account(EARNER, 0, 0));

        HoldCharge.Result result = charging.charge(minute("m2", closed, NOW.plusSeconds(180), NOW.plusSeconds(600)));

        assertThat(result.paid()).isTrue();
        assertThat(result.holdId()).isNotEqualTo(closed.id());
        assertThat(charging.createdHolds()).singleElement()
                .extracting(Hold::id, Hold::idempotencyKey, Hold::accountId, Hold::placed, Hold::amount,
                        Hold::captured, Hold::status, Hold::reference, Hold::expiresAt)
                .containsExactly(result.holdId(), "m2:hold", PAYER, 10L, 20L, 10L, Hold.Status.OPEN, "ref",
                        NOW.plusSeconds(600));
        assertThat(charging.transfers()).allSatisfy(t -> assertThat(t.holdId()).isEqualTo(result.holdId()));
        assertThat(charging.changedHolds()).isEmpty();
    }

    @Test
    void chargesInOneBatchSeeWhatTheEarlierOnesReservedOnTheSamePayer() {
        Hold first = openHold(10, 10, 0);
        Hold second = openHold(10, 10, 0);
        // 15 coins free: the first charge reserves its next minute from them, which leaves too few for the second.
        HoldCharging charging = charging(List.of(first, second), account(PAYER, 35, 20), account(EARNER, 0, 0));

        charging.charge(minute("a", first, NOW, NOW));
        charging.charge(minute("b", second, NOW, NOW));

        assertThat(charging.changedHolds()).extracting(Hold::id, Hold::status).containsExactlyInAnyOrder(
                tuple(first.id(), Hold.Status.OPEN), tuple(second.id(), Hold.Status.CAPTURED));
        assertThat(charging.accountChanges()).contains(new HoldCharging.AccountChange(PAYER, -20, -10));
    }

    private static HoldCharging charging(List<Hold> holds, Account... accounts) {
        return new HoldCharging(NOW, holds, List.of(accounts), List.of());
    }

    private static Hold openHold(long placed, long amount, long captured) {
        return new Hold(UUID.randomUUID(), "hold:" + UUID.randomUUID(), PAYER, placed, amount, captured,
                Hold.Status.OPEN, "ref", NOW.plusSeconds(3600), NOW.minusSeconds(60), null);
    }

    private static Account account(UUID id, long balance, long held) {
        return new Account(id, UUID.randomUUID(), AccountType.COINS, balance, held);
    }

    /** A 10-coin minute: 6 to the earner, 4 to platform revenue. */
    private static HoldCharge minute(String key, Hold hold, Instant keepOpenUntil, Instant extendTo) {
        return new HoldCharge(key, hold.id(), List.of(
                new HoldCharge.Share("callee", EARNER, 6, TransferKind.CALL_EARNING),
                new HoldCharge.Share("platform", SystemAccounts.PLATFORM_REVENUE, 4, TransferKind.CALL_CHARGE)),
                keepOpenUntil, extendTo);
    }
}
