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
 * {@link Ledger#chargeHolds}: periods of a running service (call minutes) paid from their holds, many at once, with
 * the next period kept reserved, exactly once per key, and nothing changed for a payer who cannot pay.
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
    void aBatchPaysEachPeriodFromItsHoldAndReservesTheNextWhereThePayerCan() {
        UUID rich = wallets.coinsAccountWith(100);
        UUID enoughForTwo = wallets.coinsAccountWith(20);
        UUID enoughForOne = wallets.coinsAccountWith(10);
        UUID earner = wallets.coinsAccountWith(0);
        List<Hold> holds = List.of(hold(rich, 10), hold(enoughForTwo, 10), hold(enoughForOne, 10));
        long revenueBefore = wallets.balance(SystemAccounts.PLATFORM_REVENUE);

        List<HoldCharge.Result> results = ledger.chargeHolds(holds.stream().map(h -> minute(h, earner)).toList());

        assertThat(results).extracting(HoldCharge.Result::paid).containsOnly(true);
        assertThat(results).extracting(HoldCharge.Result::holdId).containsExactlyElementsOf(
                holds.stream().map(Hold::id).toList());
        assertAccount(rich, 90, 10);
        assertAccount(enoughForTwo, 10, 10);
        assertAccount(enoughForOne, 0, 0);
        assertThat(wallets.balance(earner)).isEqualTo(3 * 6);
        assertThat(wallets.balance(SystemAccounts.PLATFORM_REVENUE) - revenueBefore).isEqualTo(3 * 4);
        assertThat(ledger.hold(holds.get(0).id()).orElseThrow())
                .extracting(Hold::status, Hold::amount, Hold::captured, Hold::expiresAt)
                .containsExactly(Hold.Status.OPEN, 20L, 10L, LATER.plusSeconds(600).truncatedTo(ChronoUnit.MICROS));
        assertThat(ledger.hold(holds.get(2).id()).orElseThrow())
                .extracting(Hold::status, Hold::amount, Hold::captured)
                .containsExactly(Hold.Status.CAPTURED, 10L, 10L);
    }

    @Test
    void aRetryMovesNothingAndTheSameKeyForAnotherChargeIsRefused() {
        UUID payer = wallets.coinsAccountWith(100);
        UUID earner = wallets.coinsAccountWith(0);
        Hold hold = hold(payer, 10);
        HoldCharge charge = minute(hold, earner);
        ledger.chargeHolds(List.of(charge));

        HoldCharge.Result retry = ledger.chargeHolds(List.of(charge)).getFirst();

        assertThat(retry).isEqualTo(new HoldCharge.Result(true, hold.id()));
        assertAccount(payer, 90, 10);
        assertThat(wallets.transfersWithKey(charge.key() + ":callee")).isEqualTo(1);
        HoldCharge other = new HoldCharge(charge.key(), hold.id(), List.of(
                new HoldCharge.Share("callee", earner, 7, TransferKind.CALL_EARNING),
                new HoldCharge.Share("platform", SystemAccounts.PLATFORM_REVENUE, 3, TransferKind.CALL_CHARGE)),
                LATER, LATER);
        assertThatThrownBy(() -> ledger.chargeHolds(List.of(other)))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertAccount(payer, 90, 10);
    }

    @Test
    void aPayerWhoCannotPayIsNotChargedWhileTheOthersInTheBatchAre() {
        UUID broke = wallets.coinsAccountWith(10);
        UUID rich = wallets.coinsAccountWith(100);
        UUID earner = wallets.coinsAccountWith(0);
        Hold brokeHold = hold(broke, 10);
        Hold richHold = hold(rich, 10);
        ledger.chargeHolds(List.of(minute(brokeHold, earner)));
        assertThat(ledger.hold(brokeHold.id()).orElseThrow().status()).isEqualTo(Hold.Status.CAPTURED);

        HoldCharge unpayable = minute(brokeHold, earner);
        List<HoldCharge.Result> results = ledger.chargeHolds(List.of(unpayable, minute(richHold, earner)));

        assertThat(results).extracting(HoldCharge.Result::paid).containsExactly(false, true);
        assertThat(results.getFirst().holdId()).isEqualTo(brokeHold.id());
        assertThat(wallets.transfersWithKey(unpayable.key() + ":callee")).isZero();
        assertAccount(broke, 0, 0);
        assertAccount(rich, 90, 10);
        assertThat(wallets.balance(earner)).isEqualTo(2 * 6);
    }

    @Test
    void anOpenHoldShortOfThePriceIsToppedUpFromAvailableCoins() {
        UUID payer = wallets.coinsAccountWith(100);
        UUID earner = wallets.coinsAccountWith(0);
        Hold hold = hold(payer, 4);

        HoldCharge.Result result = ledger.chargeHolds(List.of(minute(hold, earner))).getFirst();

        assertThat(result).isEqualTo(new HoldCharge.Result(true, hold.id()));
        assertAccount(payer, 90, 10);
        assertThat(ledger.hold(hold.id()).orElseThrow()).extracting(Hold::amount, Hold::captured)
                .containsExactly(20L, 10L);
    }

    @Test
    void aClosedHoldIsFollowedByANewOneOnceThePayerHasToppedUp() {
        UUID payer = wallets.coinsAccountWith(10);
        UUID earner = wallets.coinsAccountWith(0);
        Hold hold = hold(payer, 10);
        ledger.chargeHolds(List.of(minute(hold, earner)));
        ledger.transfer(UUID.randomUUID().toString(), SystemAccounts.ISSUANCE, payer, 25, TransferKind.COIN_PURCHASE,
                "top-up");

        HoldCharge.Result result = ledger.chargeHolds(List.of(minute(hold, earner))).getFirst();

        assertThat(result.paid()).isTrue();
        assertThat(result.holdId()).isNotEqualTo(hold.id());
        Hold next = ledger.hold(result.holdId()).orElseThrow();
        assertThat(next).extracting(Hold::accountId, Hold::status, Hold::amount, Hold::captured, Hold::reference)
                .containsExactly(payer, Hold.Status.OPEN, 20L, 10L, hold.reference());
        assertAccount(payer, 15, 10);
    }

    @Test
    void aHoldPastItsExpiryIsFollowedByANewOneAndKeepsItsOwnReservationUntilTheJobExpiresIt() {
        UUID payer = wallets.coinsAccountWith(100);
        UUID earner = wallets.coinsAccountWith(0);
        Hold lapsing = ledger.placeHold(key(), payer, 10, "call:lapsing", Instant.now().plusMillis(200));
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(lapsing.expiresAt()));

        HoldCharge.Result result = ledger.chargeHolds(List.of(minute(lapsing, earner))).getFirst();

        assertThat(result.paid()).isTrue();
        assertThat(result.holdId()).isNotEqualTo(lapsing.id());
        assertThat(wallets.balance(payer)).isEqualTo(90);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ledger.hold(lapsing.id()).orElseThrow().status() == Hold.Status.EXPIRED);
        assertAccount(payer, 90, 10);
    }

    @Test
    void batchesOverTheSameHoldsAtOnceChargeEachPeriodOnce() {
        UUID earner = wallets.coinsAccountWith(0);
        List<UUID> payers = IntStream.range(0, 10).mapToObj(i -> wallets.coinsAccountWith(100)).toList();
        List<HoldCharge> charges = payers.stream().map(payer -> minute(hold(payer, 10), earner)).toList();

        List<Concurrently.Outcome<List<HoldCharge.Result>>> outcomes = Concurrently.run(6,
                i -> ledger.chargeHolds(i % 2 == 0 ? charges : charges.reversed()));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.failure()).isNull());
        payers.forEach(payer -> assertAccount(payer, 90, 10));
        assertThat(wallets.balance(earner)).isEqualTo(10 * 6);
    }

    private Hold hold(UUID payer, long amount) {
        return ledger.placeHold(key(), payer, amount, "call:" + UUID.randomUUID(), LATER);
    }

    /**
     * A 10-coin period: 6 to the earner, 4 to platform revenue, keeping the hold open at least until three minutes
     * after LATER, and if it must move, to ten minutes after.
     */
    private static HoldCharge minute(Hold hold, UUID earner) {
        return new HoldCharge(key(), hold.id(), List.of(
                new HoldCharge.Share("callee", earner, 6, TransferKind.CALL_EARNING),
                new HoldCharge.Share("platform", SystemAccounts.PLATFORM_REVENUE, 4, TransferKind.CALL_CHARGE)),
                LATER.plusSeconds(180), LATER.plusSeconds(600));
    }

    private void assertAccount(UUID account, long balance, long held) {
        assertThat(wallets.balance(account)).as("balance").isEqualTo(balance);
        assertThat(wallets.held(account)).as("held").isEqualTo(held);
    }

    private static String key() {
        return "test:" + UUID.randomUUID();
    }
}
