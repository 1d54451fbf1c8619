package app.banter.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.platform.error.ApiException;
import app.banter.testsupport.Concurrently;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Transfers against the real PostgreSQL: exactness under concurrency and retries. */
@QuarkusTest
class LedgerTest {

    @Inject
    Ledger ledger;

    @Inject
    TestWallets wallets;

    @AfterEach
    void booksBalance() {
        wallets.assertBooksBalance();
    }

    @Test
    void twoHundredConcurrentDebitsOfAWalletHoldingAHundredLetExactlyAHundredThrough() {
        UUID wallet = wallets.coinsAccountWith(100);

        List<Concurrently.Outcome<Transfer>> outcomes = Concurrently.run(200,
                i -> ledger.transfer(UUID.randomUUID().toString(), wallet, SystemAccounts.PLATFORM_REVENUE, 1,
                        TransferKind.CALL_CHARGE, "debit " + i));

        assertThat(outcomes.stream().filter(Concurrently.Outcome::succeeded)).hasSize(100);
        assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(Concurrently.Outcome::failure))
                .hasSize(100)
                .allSatisfy(failure -> assertThat(failure).isInstanceOf(ApiException.class)
                        .extracting("code").isEqualTo("INSUFFICIENT_BALANCE"));
        assertThat(wallets.balance(wallet)).isZero();
    }

    @Test
    void aRetryReturnsTheFirstTransferAndMovesNothing() {
        UUID from = wallets.coinsAccountWith(50);
        UUID to = wallets.coinsAccountWith(0);
        String key = "gift:" + UUID.randomUUID();

        Transfer first = ledger.transfer(key, from, to, 20, TransferKind.CALL_CHARGE, "ref");
        Transfer retry = ledger.transfer(key, from, to, 20, TransferKind.CALL_CHARGE, "ref");

        assertThat(retry).isEqualTo(first);
        assertThat(wallets.balance(from)).isEqualTo(30);
        assertThat(wallets.balance(to)).isEqualTo(20);
    }

    @Test
    void theSameKeyTenTimesAtOnceMakesOneTransfer() {
        UUID from = wallets.coinsAccountWith(50);
        UUID to = wallets.coinsAccountWith(0);
        String key = "gift:" + UUID.randomUUID();

        List<Concurrently.Outcome<Transfer>> outcomes = Concurrently.run(10,
                i -> ledger.transfer(key, from, to, 7, TransferKind.CALL_CHARGE, "ref"));

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes.stream().map(o -> o.result().id()).distinct()).hasSize(1);
        assertThat(wallets.transfersWithKey(key)).isEqualTo(1);
        assertThat(wallets.balance(from)).isEqualTo(43);
        assertThat(wallets.balance(to)).isEqualTo(7);
    }

    @Test
    void theSameKeyWithDifferentParametersIsRefused() {
        UUID from = wallets.coinsAccountWith(50);
        UUID to = wallets.coinsAccountWith(0);
        String key = "gift:" + UUID.randomUUID();
        ledger.transfer(key, from, to, 5, TransferKind.CALL_CHARGE, "ref");

        assertThatThrownBy(() -> ledger.transfer(key, from, to, 6, TransferKind.CALL_CHARGE, "ref"))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThatThrownBy(() -> ledger.transfer(key, from, SystemAccounts.PLATFORM_REVENUE, 5,
                TransferKind.CALL_CHARGE, "ref"))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThatThrownBy(() -> ledger.transfer(key, from, to, 5, TransferKind.CALL_CHARGE, "other"))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(wallets.balance(from)).isEqualTo(45);
    }

    @Test
    void aRefusedTransferLeavesItsKeyFreeForALaterAttempt() {
        UUID from = wallets.coinsAccountWith(5);
        String key = "charge:" + UUID.randomUUID();

        assertThatThrownBy(() -> ledger.transfer(key, from, SystemAccounts.PLATFORM_REVENUE, 10,
                TransferKind.CALL_CHARGE, null))
                .isInstanceOf(ApiException.class).extracting("status", "code").containsExactly(402,
                        "INSUFFICIENT_BALANCE");
        assertThat(wallets.transfersWithKey(key)).isZero();

        ledger.transfer(UUID.randomUUID().toString(), SystemAccounts.ISSUANCE, from, 5, TransferKind.COIN_PURCHASE,
                null);
        ledger.transfer(key, from, SystemAccounts.PLATFORM_REVENUE, 10, TransferKind.CALL_CHARGE, null);
        assertThat(wallets.balance(from)).isZero();
    }

    @Test
    void manyThreadsTransferringBothWaysBetweenTheSameAccountsNeverDeadlock() {
        List<UUID> accounts = List.of(wallets.coinsAccountWith(1_000), wallets.coinsAccountWith(1_000),
                wallets.coinsAccountWith(1_000));

        List<Concurrently.Outcome<Integer>> outcomes = Concurrently.run(24, thread -> {
            for (int i = 0; i < 25; i++) {
                UUID from = accounts.get((thread + i) % 3);
                UUID to = accounts.get((thread + i + 1 + thread % 2) % 3);
                ledger.transfer(UUID.randomUUID().toString(), from, to, 1 + i % 3, TransferKind.CALL_CHARGE, null);
            }
            return thread;
        });

        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        assertThat(accounts.stream().mapToLong(wallets::balance).sum()).isEqualTo(3_000);
    }

    @Test
    void systemAccountsMayGoBelowZeroUserAccountsMayNot() {
        UUID wallet = wallets.coinsAccountWith(0);
        long issuedBefore = wallets.balance(SystemAccounts.ISSUANCE);

        ledger.transfer(UUID.randomUUID().toString(), SystemAccounts.ISSUANCE, wallet, 600, TransferKind.COIN_PURCHASE,
                "purchase");

        assertThat(wallets.balance(SystemAccounts.ISSUANCE)).isEqualTo(issuedBefore - 600);
        assertThatThrownBy(() -> ledger.transfer(UUID.randomUUID().toString(), wallet,
                SystemAccounts.PLATFORM_REVENUE, 601, TransferKind.CALL_CHARGE, null))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("INSUFFICIENT_BALANCE");
    }

    @Test
    void aTransactionThatTookCoinsFromASystemAccountDoesNotHoldItWhileItGoesOn() throws Exception {
        UUID first = wallets.coinsAccountWith(0);
        UUID second = wallets.coinsAccountWith(0);
        long issuedBefore = wallets.balance(SystemAccounts.ISSUANCE);
        CountDownLatch transferred = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            // A purchase whose transaction goes on after its credit (its notification, its referral check).
            Future<?> slow = threads.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                ledger.transfer(UUID.randomUUID().toString(), SystemAccounts.ISSUANCE, first, 5,
                        TransferKind.COIN_PURCHASE, "slow");
                transferred.countDown();
                await(finish);
            }));
            assertThat(transferred.await(30, TimeUnit.SECONDS)).isTrue();

            // Another purchase from the same system account commits meanwhile instead of queueing on its row.
            threads.submit(() -> ledger.transfer(UUID.randomUUID().toString(), SystemAccounts.ISSUANCE, second, 7,
                    TransferKind.COIN_PURCHASE, "fast")).get(30, TimeUnit.SECONDS);
            assertThat(wallets.balance(second)).isEqualTo(7);
            assertThat(wallets.balance(SystemAccounts.ISSUANCE)).isEqualTo(issuedBefore - 7);

            finish.countDown();
            slow.get(30, TimeUnit.SECONDS);
        } finally {
            finish.countDown();
            threads.shutdownNow();
        }
        assertThat(wallets.balance(first)).isEqualTo(5);
        assertThat(wallets.balance(SystemAccounts.ISSUANCE)).isEqualTo(issuedBefore - 12);
    }

    @Test
    void aTransactionsSystemAccountChangesAreWrittenNetAtItsCommitAndNotAtAllWhenItRollsBack() {
        UUID wallet = wallets.coinsAccountWith(0);
        long issuedBefore = wallets.balance(SystemAccounts.ISSUANCE);
        long revenueBefore = wallets.balance(SystemAccounts.PLATFORM_REVENUE);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            ledger.transfer(UUID.randomUUID().toString(), SystemAccounts.ISSUANCE, wallet, 10,
                    TransferKind.COIN_PURCHASE, "purchase");
            throw new IllegalStateException("the feature around it fails");
        })).hasMessageContaining("the feature around it fails");
        assertThat(wallets.balance(SystemAccounts.ISSUANCE)).isEqualTo(issuedBefore);

        QuarkusTransaction.requiringNew().run(() -> {
            ledger.transfer(UUID.randomUUID().toString(), SystemAccounts.ISSUANCE, wallet, 10,
                    TransferKind.COIN_PURCHASE, "purchase");
            ledger.transfer(UUID.randomUUID().toString(), wallet, SystemAccounts.PLATFORM_REVENUE, 4,
                    TransferKind.CALL_CHARGE, "minute 1");
            ledger.transfer(UUID.randomUUID().toString(), SystemAccounts.ISSUANCE, wallet, 1,
                    TransferKind.COIN_PURCHASE, "bonus");
        });
        assertThat(wallets.balance(wallet)).isEqualTo(7);
        assertThat(wallets.balance(SystemAccounts.ISSUANCE)).isEqualTo(issuedBefore - 11);
        assertThat(wallets.balance(SystemAccounts.PLATFORM_REVENUE)).isEqualTo(revenueBefore + 4);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theDatabaseRefusesANegativeUserBalanceEvenBehindTheLedgersBack() {
        UUID wallet = wallets.coinsAccountWith(10);

        assertThatThrownBy(() -> wallets.forceBalance(wallet, -1))
                .rootCause().hasMessageContaining("accounts_user_balance_covers_holds");
        assertThat(wallets.balance(wallet)).isEqualTo(10);
    }

    @Test
    void malformedRequestsAreRefusedBeforeTouchingTheDatabase() {
        UUID wallet = wallets.coinsAccountWith(10);

        assertThatThrownBy(() -> ledger.transfer("k" + UUID.randomUUID(), wallet, SystemAccounts.PLATFORM_REVENUE, 0,
                TransferKind.CALL_CHARGE, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.transfer(" ", wallet, SystemAccounts.PLATFORM_REVENUE, 1,
                TransferKind.CALL_CHARGE, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.transfer("k" + UUID.randomUUID(), wallet, wallet, 1,
                TransferKind.CALL_CHARGE, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(wallets.balance(wallet)).isEqualTo(10);
    }
}
