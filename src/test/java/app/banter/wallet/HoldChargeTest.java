package app.banter.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.platform.error.ApiException;
import app.banter.testsupport.Concurrently;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@link Ledger#countPeriods} and {@link Ledger#settleHold}: periods of a running service (call minutes) counted on
 * their holds, many at once, with the next period kept reserved, exactly once per period, nothing changed for a payer
 * who cannot pay, and the counted periods paid in one settlement.
 */
@QuarkusTest
class HoldChargeTest {

    private static final Instant LATER = Instant.now().plus(1, ChronoUnit.HOURS);

    @Inject
    Ledger ledger;

    @Inject
    TestWallets wallets;

    @AfterEach
    void booksBalance() {
        wallets.assertBooksBalance();
    }

    @Test
    void aBatchCountsEachPeriodOnItsHoldAndReservesTheNextWhereThePayerCanWithoutMovingCoins() {
        UUID rich = wallets.coinsAccountWith(100);
        UUID enoughForTwo = wallets.coinsAccountWith(20);
        UUID enoughForOne = wallets.coinsAccountWith(10);
        List<Hold> holds = List.of(hold(rich, 10), hold(enoughForTwo, 10), hold(enoughForOne, 10));
        long revenueBefore = wallets.balance(SystemAccounts.PLATFORM_REVENUE);

        List<HoldPeriod.Result> results = ledger.countPeriods(holds.stream().map(h -> minute(h, 1)).toList());

        assertThat(results).extracting(HoldPeriod.Result::paid).containsOnly(true);
        assertThat(results).extracting(HoldPeriod.Result::holdId).containsExactlyElementsOf(
                holds.stream().map(Hold::id).toList());
        assertAccount(rich, 100, 20);
        assertAccount(enoughForTwo, 20, 20);
        assertAccount(enoughForOne, 10, 10);
        assertThat(wallets.balance(SystemAccounts.PLATFORM_REVENUE)).isEqualTo(revenueBefore);
        assertThat(ledger.hold(holds.get(0).id()).orElseThrow())
                .extracting(Hold::status, Hold::amount, Hold::captured, Hold::accrued, Hold::periods,
                        Hold::expiresAt)
                .containsExactly(Hold.Status.OPEN, 20L, 0L, 10L, 1,
                        LATER.plusSeconds(600).truncatedTo(ChronoUnit.MICROS));
        assertThat(ledger.hold(holds.get(2).id()).orElseThrow())
                .extracting(Hold::status, Hold::amount, Hold::accrued)
                .containsExactly(Hold.Status.OPEN, 10L, 10L);
    }

    @Test
    void aPeriodCountedAlreadyChangesNothing() {
        UUID payer = wallets.coinsAccountWith(100);
        Hold hold = hold(payer, 10);
        ledger.countPeriods(List.of(minute(hold, 1)));
        ledger.countPeriods(List.of(minute(hold, 2)));

        List<HoldPeriod.Result> retries = List.of(ledger.countPeriods(List.of(minute(hold, 2))).getFirst(),
                ledger.countPeriods(List.of(minute(hold, 1))).getFirst());

        assertThat(retries).containsOnly(new HoldPeriod.Result(true, hold.id()));
        assertAccount(payer, 100, 30);
        assertThat(ledger.hold(hold.id()).orElseThrow()).extracting(Hold::accrued, Hold::periods)
                .containsExactly(20L, 2);
    }

    @Test
    void aPayerWhoCannotPayIsNotChargedWhileTheOthersInTheBatchAre() {
        UUID broke = wallets.coinsAccountWith(10);
        UUID rich = wallets.coinsAccountWith(100);
        Hold brokeHold = hold(broke, 10);
        Hold richHold = hold(rich, 10);
        ledger.countPeriods(List.of(minute(brokeHold, 1)));

        List<HoldPeriod.Result> results = ledger.countPeriods(List.of(minute(brokeHold, 2), minute(richHold, 1)));

        assertThat(results).extracting(HoldPeriod.Result::paid).containsExactly(false, true);
        assertThat(results.getFirst().holdId()).isEqualTo(brokeHold.id());
        assertThat(ledger.hold(brokeHold.id()).orElseThrow()).extracting(Hold::accrued, Hold::periods)
                .containsExactly(10L, 1);
        assertAccount(broke, 10, 10);
        assertAccount(rich, 100, 20);
    }

    @Test
    void anOpenHoldShortOfThePriceIsToppedUpFromAvailableCoins() {
        UUID payer = wallets.coinsAccountWith(100);
        Hold hold = hold(payer, 4);

        HoldPeriod.Result result = ledger.countPeriods(List.of(minute(hold, 1))).getFirst();

        assertThat(result).isEqualTo(new HoldPeriod.Result(true, hold.id()));
        assertAccount(payer, 100, 20);
        assertThat(ledger.hold(hold.id()).orElseThrow()).extracting(Hold::amount, Hold::accrued)
                .containsExactly(20L, 10L);
    }

    @Test
    void aClosedHoldIsFollowedByANewOne() {
        UUID payer = wallets.coinsAccountWith(30);
        Hold hold = hold(payer, 10);
        ledger.releaseHold(hold.id());

        HoldPeriod.Result result = ledger.countPeriods(List.of(minute(hold, 1))).getFirst();

        assertThat(result.paid()).isTrue();
        assertThat(result.holdId()).isNotEqualTo(hold.id());
        Hold next = ledger.hold(result.holdId()).orElseThrow();
        assertThat(next).extracting(Hold::accountId, Hold::status, Hold::amount, Hold::accrued, Hold::reference)
                .containsExactly(payer, Hold.Status.OPEN, 20L, 10L, hold.reference());
        assertAccount(payer, 30, 20);
    }

    @Test
    void aHoldPastItsExpiryIsFollowedByANewOneAndKeepsItsOwnReservationUntilTheJobExpiresIt() {
        UUID payer = wallets.coinsAccountWith(100);
        Hold lapsing = ledger.placeHold(key(), payer, 10, "call:lapsing", LATER);
        wallets.moveExpiry(lapsing.id(), Instant.now().minusSeconds(1));

        HoldPeriod.Result result = ledger.countPeriods(List.of(minute(lapsing, 1))).getFirst();

        assertThat(result.paid()).isTrue();
        assertThat(result.holdId()).isNotEqualTo(lapsing.id());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ledger.hold(lapsing.id()).orElseThrow().status() == Hold.Status.EXPIRED);
        assertAccount(payer, 100, 20);
    }

    @Test
    void aHoldWithPeriodsCountedIsNotExpiredNorReleasedButSettled() {
        UUID payer = wallets.coinsAccountWith(100);
        UUID earner = wallets.coinsAccountWith(0);
        Hold lapsing = ledger.placeHold(key(), payer, 10, "call:lapsing", LATER);
        ledger.countPeriods(List.of(new HoldPeriod(key(), lapsing.id(), 1, 10, LATER, LATER)));
        // Lapsing after it, with nothing counted: the job expires this one and passes the other by (were it to take
        // the counted hold, the database would refuse to close it and the job's whole batch would fail).
        Hold plain = ledger.placeHold(key(), payer, 5, "call:plain", LATER);
        Instant lapsed = Instant.now().minusSeconds(2);
        wallets.moveExpiry(lapsing.id(), lapsed);
        wallets.moveExpiry(plain.id(), lapsed.plusMillis(100));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> ledger.hold(plain.id()).orElseThrow().status() == Hold.Status.EXPIRED);
        assertThat(ledger.hold(lapsing.id()).orElseThrow().status()).isEqualTo(Hold.Status.OPEN);
        assertThatThrownBy(() -> ledger.releaseHold(lapsing.id()))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("HOLD_ACCRUED");

        Ledger.Settlement settled = ledger.settleHold(key(), lapsing.id(), 0, 10, split(earner));

        assertThat(settled).isEqualTo(new Ledger.Settlement(0, 1));
        assertAccount(payer, 90, 0);
        assertThat(wallets.balance(earner)).isEqualTo(6);
    }

    @Test
    void aSettlementPaysTheCountedPeriodsOnceAndGivesTheRestBack() {
        UUID payer = wallets.coinsAccountWith(100);
        UUID earner = wallets.coinsAccountWith(0);
        Hold hold = hold(payer, 10);
        for (int minute = 1; minute <= 4; minute++) {
            ledger.countPeriods(List.of(minute(hold, minute)));
        }
        long revenueBefore = wallets.balance(SystemAccounts.PLATFORM_REVENUE);
        String key = key();

        Ledger.Settlement settled = ledger.settleHold(key, hold.id(), 1, 10, split(earner));
        Ledger.Settlement again = ledger.settleHold(key, hold.id(), 1, 10, split(earner));

        assertThat(settled).isEqualTo(new Ledger.Settlement(1, 3));
        assertThat(again).isEqualTo(new Ledger.Settlement(0, 0));
        assertAccount(payer, 70, 0);
        assertThat(wallets.balance(earner)).isEqualTo(18);
        assertThat(wallets.balance(SystemAccounts.PLATFORM_REVENUE) - revenueBefore).isEqualTo(12);
        assertThat(wallets.transfersWithKey(key + ":callee")).isEqualTo(1);
        assertThat(ledger.hold(hold.id()).orElseThrow())
                .extracting(Hold::status, Hold::captured, Hold::accrued, Hold::periods)
                .containsExactly(Hold.Status.RELEASED, 30L, 0L, 3);
    }

    @Test
    void batchesOverTheSameHoldsAtOnceCountEachPeriodOnce() {
        List<UUID> payers = IntStream.range(0, 10).mapToObj(i -> wallets.coinsAccountWith(100)).toList();
        List<HoldPeriod> periods = payers.stream().map(payer -> minute(hold(payer, 10), 1)).toList();

        List<Concurrently.Outcome<List<HoldPeriod.Result>>> outcomes = Concurrently.run(6,
                i -> ledger.countPeriods(i % 2 == 0 ? periods : periods.reversed()));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.failure()).isNull());
        payers.forEach(payer -> assertAccount(payer, 100, 20));
        periods.forEach(period -> assertThat(ledger.hold(period.holdId()).orElseThrow().accrued()).isEqualTo(10));
    }

    private Hold hold(UUID payer, long amount) {
        return ledger.placeHold(key(), payer, amount, "call:" + UUID.randomUUID(), LATER);
    }

    /**
     * A 10-coin period, keeping the hold open at least until three minutes after LATER, and if it must move, to ten
     * minutes after.
     */
    private static HoldPeriod minute(Hold hold, int number) {
        return new HoldPeriod(key(), hold.id(), number, 10, LATER.plusSeconds(180), LATER.plusSeconds(600));
    }

    /** 60 % to the earner, the rest to platform revenue: of a 10-coin period, 6 and 4. */
    private static HoldCharge.Split split(UUID earner) {
        return new HoldCharge.Split(new HoldCharge.Payee("callee", earner, TransferKind.CALL_EARNING), 60,
                new HoldCharge.Payee("platform", SystemAccounts.PLATFORM_REVENUE, TransferKind.CALL_CHARGE));
    }

    private void assertAccount(UUID account, long balance, long held) {
        assertThat(wallets.balance(account)).as("balance").isEqualTo(balance);
        assertThat(wallets.held(account)).as("held").isEqualTo(held);
    }

    private static String key() {
        return "test:" + UUID.randomUUID();
    }
}
