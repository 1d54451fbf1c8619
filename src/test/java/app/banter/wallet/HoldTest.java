package app.banter.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.platform.error.ApiException;
import app.banter.testsupport.Concurrently;
import io.quarkus.test.junit.QuarkusTest;

/** Holds: reserve, capture in parts, release and expire, against the real PostgreSQL. */
@QuarkusTest
class HoldTest {

    private static final Instant LATER = Instant.now().plus(1, ChronoUnit.HOURS);

    @Inject
    Ledger ledger;

    @Inject
    TestWallets wallets;

    @Inject
    Accounts accounts;

    @AfterEach
    void booksBalance() {
        wallets.assertBooksBalance();
    }

    @Test
    void aHoldIsCapturedInPartsThenInFull() {
        UUID wallet = wallets.coinsAccountWith(100);
        Hold hold = ledger.placeHold(key(), wallet, 30, "call:1", LATER);
        assertAccount(wallet, 100, 30);

        Transfer first = ledger.captureHold(key(), hold.id(), 10, SystemAccounts.PLATFORM_REVENUE,
                TransferKind.CALL_CHARGE);
        assertThat(first.holdId()).isEqualTo(hold.id());
        assertThat(first.reference()).isEqualTo("call:1");
        assertAccount(wallet, 90, 20);
        assertThat(ledger.hold(hold.id()).orElseThrow())
                .extracting(Hold::status, Hold::captured, Hold::remaining)
                .containsExactly(Hold.Status.OPEN, 10L, 20L);

        assertThatThrownBy(() -> ledger.captureHold(key(), hold.id(), 21, SystemAccounts.PLATFORM_REVENUE,
                TransferKind.CALL_CHARGE))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("HOLD_EXCEEDED");
        String lastKey = key();
        Transfer last = ledger.captureHold(lastKey, hold.id(), 20, SystemAccounts.PLATFORM_REVENUE,
                TransferKind.CALL_CHARGE);

        assertAccount(wallet, 70, 0);
        assertThat(ledger.hold(hold.id()).orElseThrow().status()).isEqualTo(Hold.Status.CAPTURED);
        assertThat(ledger.captureHold(lastKey, hold.id(), 20, SystemAccounts.PLATFORM_REVENUE,
                TransferKind.CALL_CHARGE)).as("a retry after the hold closed").isEqualTo(last);
        assertThatThrownBy(() -> ledger.captureHold(key(), hold.id(), 1, SystemAccounts.PLATFORM_REVENUE,
                TransferKind.CALL_CHARGE))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("HOLD_NOT_OPEN");
        assertAccount(wallet, 70, 0);
    }

    @Test
    void aPayoutHoldOnEarningsIsCapturedInFullToPayoutClearingOnce() {
        UUID earnings = accounts.earnings(wallets.newUser());
        ledger.transfer(key(), SystemAccounts.ISSUANCE, earnings, 500, TransferKind.CALL_EARNING, "test");
        long clearingBefore = wallets.balance(SystemAccounts.PAYOUT_CLEARING);
        Hold hold = ledger.placeHold(key(), earnings, 300, "payout:1", LATER);
        String payoutKey = key();

        Transfer paid = ledger.captureHold(payoutKey, hold.id(), 300, SystemAccounts.PAYOUT_CLEARING,
                TransferKind.PAYOUT);

        assertThat(paid).extracting(Transfer::idempotencyKey, Transfer::fromAccount, Transfer::toAccount,
                Transfer::amount, Transfer::holdId, Transfer::reference)
                .containsExactly(payoutKey, earnings, SystemAccounts.PAYOUT_CLEARING, 300L, hold.id(), "payout:1");
        assertThat(ledger.captureHold(payoutKey, hold.id(), 300, SystemAccounts.PAYOUT_CLEARING,
                TransferKind.PAYOUT)).as("a retry").isEqualTo(paid);
        assertThat(ledger.hold(hold.id()).orElseThrow().status()).isEqualTo(Hold.Status.CAPTURED);
        assertAccount(earnings, 200, 0);
        assertThat(wallets.balance(SystemAccounts.PAYOUT_CLEARING) - clearingBefore).isEqualTo(300);
    }

    @Test
    void releasingGivesBackWhatIsStillHeld() {
        UUID wallet = wallets.coinsAccountWith(100);
        UUID callee = wallets.coinsAccountWith(0);
        Hold hold = ledger.placeHold(key(), wallet, 40, null, LATER);
        ledger.captureHold(key(), hold.id(), 15, callee, TransferKind.CALL_CHARGE);

        Hold released = ledger.releaseHold(hold.id());

        assertThat(released).extracting(Hold::status, Hold::captured, Hold::remaining)
                .containsExactly(Hold.Status.RELEASED, 15L, 0L);
        assertThat(released.closedAt()).isNotNull();
        assertAccount(wallet, 85, 0);
        assertThat(wallets.balance(callee)).isEqualTo(15);
        assertThat(ledger.releaseHold(hold.id())).as("releasing again").isEqualTo(released);
        assertAccount(wallet, 85, 0);
    }

    @Test
    void heldCoinsCannotBeSpentElsewhere() {
        UUID wallet = wallets.coinsAccountWith(100);
        ledger.placeHold(key(), wallet, 80, null, LATER);

        assertThatThrownBy(() -> ledger.transfer(key(), wallet, SystemAccounts.PLATFORM_REVENUE, 21,
                TransferKind.CALL_CHARGE, null))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("INSUFFICIENT_BALANCE");
        assertThatThrownBy(() -> ledger.placeHold(key(), wallet, 21, null, LATER))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("INSUFFICIENT_BALANCE");
        ledger.transfer(key(), wallet, SystemAccounts.PLATFORM_REVENUE, 20, TransferKind.CALL_CHARGE, null);
        assertAccount(wallet, 80, 80);
    }

    @Test
    void concurrentHoldsCannotReserveMoreThanTheBalance() {
        UUID wallet = wallets.coinsAccountWith(100);

        List<Concurrently.Outcome<Hold>> outcomes = Concurrently.run(30,
                i -> ledger.placeHold(key(), wallet, 10, "call:" + i, LATER));

        assertThat(outcomes.stream().filter(Concurrently.Outcome::succeeded)).hasSize(10);
        assertThat(outcomes.stream().filter(o -> !o.succeeded()))
                .allSatisfy(o -> assertThat(o.failure()).extracting("code").isEqualTo("INSUFFICIENT_BALANCE"));
        assertAccount(wallet, 100, 100);
    }

    @Test
    void concurrentCapturesOfOneHoldCannotTakeMoreThanItHolds() {
        UUID wallet = wallets.coinsAccountWith(100);
        Hold hold = ledger.placeHold(key(), wallet, 50, null, LATER);

        List<Concurrently.Outcome<Transfer>> outcomes = Concurrently.run(20,
                i -> ledger.captureHold(key(), hold.id(), 5, SystemAccounts.PLATFORM_REVENUE,
                        TransferKind.CALL_CHARGE));

        assertThat(outcomes.stream().filter(Concurrently.Outcome::succeeded)).hasSize(10);
        assertAccount(wallet, 50, 0);
        assertThat(ledger.hold(hold.id()).orElseThrow().status()).isEqualTo(Hold.Status.CAPTURED);
    }

    @Test
    void oneKeyCapturingTwoHoldsAtOnceIsAReusedKeyNotAnError() {
        UUID wallet = wallets.coinsAccountWith(100);
        List<Hold> holds = List.of(ledger.placeHold(key(), wallet, 20, null, LATER),
                ledger.placeHold(key(), wallet, 20, null, LATER));
        String key = key();

        List<Concurrently.Outcome<Transfer>> outcomes = Concurrently.run(2,
                i -> ledger.captureHold(key, holds.get(i).id(), 10, SystemAccounts.PLATFORM_REVENUE,
                        TransferKind.CALL_CHARGE));

        assertThat(outcomes.stream().filter(Concurrently.Outcome::succeeded)).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !o.succeeded())).singleElement()
                .satisfies(o -> assertThat(o.failure()).extracting("code").isEqualTo("IDEMPOTENCY_KEY_REUSED"));
        assertAccount(wallet, 90, 30);
    }

    @Test
    void placingAgainWithTheSameKeyReturnsTheFirstHold() {
        UUID wallet = wallets.coinsAccountWith(100);
        String key = key();
        Hold first = ledger.placeHold(key, wallet, 30, "call:9", LATER);

        Hold retry = ledger.placeHold(key, wallet, 30, "call:9", LATER.plusSeconds(5));

        assertThat(retry.id()).isEqualTo(first.id());
        assertAccount(wallet, 100, 30);
        assertThatThrownBy(() -> ledger.placeHold(key, wallet, 31, "call:9", LATER))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void theExpiryJobGivesBackStaleHoldsAndTheyCanNoLongerBeCaptured() {
        UUID wallet = wallets.coinsAccountWith(100);
        Hold stale = ledger.placeHold(key(), wallet, 25, null, LATER);
        Hold fresh = ledger.placeHold(key(), wallet, 5, null, LATER);
        ledger.captureHold(key(), stale.id(), 5, SystemAccounts.PLATFORM_REVENUE, TransferKind.CALL_CHARGE);
        wallets.moveExpiry(stale.id(), Instant.now().minusSeconds(1));

        // The job runs every second in tests.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ledger.hold(stale.id()).orElseThrow().status() == Hold.Status.EXPIRED);

        assertAccount(wallet, 95, 5);
        assertThat(ledger.hold(stale.id()).orElseThrow().captured()).isEqualTo(5);
        assertThat(ledger.hold(fresh.id()).orElseThrow().status()).isEqualTo(Hold.Status.OPEN);
        assertThatThrownBy(() -> ledger.captureHold(key(), stale.id(), 1, SystemAccounts.PLATFORM_REVENUE,
                TransferKind.CALL_CHARGE))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("HOLD_NOT_OPEN");
    }

    @Test
    void aHoldPastItsExpiryCannotBeCapturedEvenBeforeTheJobRuns() {
        UUID wallet = wallets.coinsAccountWith(100);
        Hold hold = ledger.placeHold(key(), wallet, 25, null, LATER);
        wallets.moveExpiry(hold.id(), Instant.now().minusSeconds(1));

        assertThatThrownBy(() -> ledger.captureHold(key(), hold.id(), 1, SystemAccounts.PLATFORM_REVENUE,
                TransferKind.CALL_CHARGE))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("HOLD_NOT_OPEN");
    }

    @Test
    void manyHoldsAtOnceArePlacedInOrderAndAShortPayerChangesNothingForTheOthers() {
        UUID rich = wallets.coinsAccountWith(100);
        UUID poor = wallets.coinsAccountWith(50);
        String first = key();
        List<Optional<Hold>> placed = ledger.placeHolds(List.of(
                new Ledger.HoldRequest(first, poor, 20, "call:a", LATER),
                new Ledger.HoldRequest(key(), rich, 60, "call:b", LATER),
                new Ledger.HoldRequest(key(), poor, 20, "call:c", LATER),
                new Ledger.HoldRequest(key(), poor, 20, "call:d", LATER)));

        assertThat(placed).extracting(Optional::isPresent).containsExactly(true, true, true, false);
        assertAccount(poor, 50, 40);
        assertAccount(rich, 100, 60);
        assertThat(ledger.hold(placed.get(1).orElseThrow().id()).orElseThrow())
                .extracting(Hold::status, Hold::remaining, Hold::reference)
                .containsExactly(Hold.Status.OPEN, 60L, "call:b");

        List<Optional<Hold>> retried = ledger.placeHolds(
                List.of(new Ledger.HoldRequest(first, poor, 20, "call:a", LATER)));
        assertThat(retried.getFirst()).as("a retry").contains(placed.getFirst().orElseThrow());
        assertAccount(poor, 50, 40);

        assertThatThrownBy(() -> ledger.placeHolds(List.of(new Ledger.HoldRequest(key(), rich, 10, "call:e", LATER),
                new Ledger.HoldRequest(first, poor, 5, "call:a", LATER))))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertAccount(rich, 100, 60);
        assertThatThrownBy(() -> ledger.placeHolds(List.of(
                new Ledger.HoldRequest(key(), SystemAccounts.PROMOTIONS, 10, "call:f", LATER))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batchesAndSingleHoldsRacingForTheSameCoinsNeverReserveMoreThanThereIs() {
        UUID shared = wallets.coinsAccountWith(100);
        List<Concurrently.Outcome<Long>> outcomes = Concurrently.run(12, i -> {
            if (i % 3 == 0) {
                ledger.placeHold(key(), shared, 10, "call:single", LATER);
                return 1L;
            }
            UUID own = wallets.coinsAccountWith(10);
            return ledger.placeHolds(List.of(new Ledger.HoldRequest(key(), shared, 10, "call:x", LATER),
                    new Ledger.HoldRequest(key(), own, 10, "call:y", LATER),
                    new Ledger.HoldRequest(key(), shared, 10, "call:z", LATER)))
                    .stream().filter(Optional::isPresent).count() - 1;
        });

        long placedOnShared = outcomes.stream().filter(Concurrently.Outcome::succeeded)
                .mapToLong(Concurrently.Outcome::result).sum();
        assertThat(placedOnShared).as("holds on the shared account").isEqualTo(10);
        assertAccount(shared, 100, 100);
    }

    private void assertAccount(UUID account, long balance, long held) {
        assertThat(wallets.balance(account)).as("balance").isEqualTo(balance);
        assertThat(wallets.held(account)).as("held").isEqualTo(held);
    }

    private static String key() {
        return "test:" + UUID.randomUUID();
    }
}
