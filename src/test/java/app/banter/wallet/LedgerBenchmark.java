package app.banter.wallet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Throughput of {@link Ledger#transfer} against a real PostgreSQL, through the service's own beans, pool and
 * transactions, measured in rounds that alternate with pgbench running the equivalent SQL on the same database, so
 * that a machine shared with other work slows both sides alike. Not a timed test: bench/wallet/run.sh runs it; the
 * default build excludes the "bench" tag.
 */
@QuarkusTest
@Tag("bench")
class LedgerBenchmark {

    private static final Logger LOG = Logger.getLogger(LedgerBenchmark.class);

    /** Wallet n is account 00000000-0000-4000-8000-{n in hex}; the pgbench scripts name them the same way. */
    private static final int WALLETS = 10_000;
    private static final int HOT = 0;

    @Inject
    Ledger ledger;

    @Inject
    EntityManager em;

    @Inject
    TestWallets books;

    @Test
    void transfersPerSecond() throws IOException {
        int threads = Integer.getInteger("banter.bench.threads", 16);
        int seconds = Integer.getInteger("banter.bench.seconds", 15);
        int rounds = Integer.getInteger("banter.bench.rounds", 3);
        PgBench pgbench = new PgBench(System.getProperty("banter.bench.pgbench", "pgbench"),
                System.getProperty("banter.bench.database"), Path.of("bench/wallet"));
        createWallets();

        // Until the JIT has compiled the transfer path, the JVM measures itself rather than the ledger.
        measure("warm-up", threads, Integer.getInteger("banter.bench.warm-up-seconds", 20), this::spreadTransfer);
        // Checked now: the pgbench scripts that follow write ledger rows without the matching credit.
        books.assertBooksBalance();
        double[][] results = new double[6][rounds];
        for (int round = 0; round < rounds; round++) {
            results[0][round] = measure("service, hot wallet", threads, seconds, this::hotDebit);
            results[1][round] = pgbench(pgbench, "hot.sql", threads, seconds);
            results[2][round] = pgbench(pgbench, "hot-transfer.sql", threads, seconds);
            results[3][round] = measure("service, 10,000 wallets", threads, seconds, this::spreadTransfer);
            results[4][round] = pgbench(pgbench, "spread.sql", threads, seconds);
            results[5][round] = pgbench(pgbench, "spread-transfer.sql", threads, seconds);
        }

        Path out = Path.of(System.getProperty("banter.bench.out", "target/bench-wallet/results.env"));
        Files.createDirectories(out.getParent());
        String[] names = { "SERVICE_HOT", "PG_HOT", "PG_HOT_SERVICE_SQL", "SERVICE_SPREAD", "PG_SPREAD",
                "PG_SPREAD_SERVICE_SQL" };
        StringBuilder env = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            env.append(String.format(Locale.ROOT, "%s=%.0f%n%s_ROUNDS=\"%s\"%n", names[i], median(results[i]),
                    names[i], rounded(results[i])));
        }
        Files.writeString(out, env);
    }

    /** One coin from the hot wallet to a random other one. */
    private boolean hotDebit() {
        ledger.transfer(UUID.randomUUID().toString(), wallet(HOT), wallet(randomWallet()), 1,
                TransferKind.CALL_CHARGE, null);
        return true;
    }

    /** One coin between two random wallets. */
    private boolean spreadTransfer() {
        int from = randomWallet();
        int to = randomWallet();
        if (from == to) {
            return false;
        }
        ledger.transfer(UUID.randomUUID().toString(), wallet(from), wallet(to), 1, TransferKind.CALL_CHARGE, null);
        return true;
    }

    /** Runs {@code transfer} on {@code threads} threads for {@code seconds}; returns transfers per second. */
    private double measure(String name, int threads, int seconds, BooleanSupplier transfer) {
        checkpoint();
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        long[] counts = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int slot = t;
            workers.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < deadline) {
                    if (transfer.getAsBoolean()) {
                        counts[slot]++;
                    }
                }
            }));
        }
        workers.forEach(LedgerBenchmark::join);
        double perSecond = Arrays.stream(counts).sum() / ((System.nanoTime() - start) / 1e9);
        LOG.infof("%s: %.0f transfers/s on %d threads", name, perSecond, threads);
        return perSecond;
    }

    private double pgbench(PgBench pgbench, String script, int clients, int seconds) {
        checkpoint();
        double tps = pgbench.tps(script, clients, seconds);
        LOG.infof("pgbench %s: %.0f transactions/s on %d clients", script, tps, clients);
        return tps;
    }

    /**
     * Wallets 0..10,000 with their users, funded from ISSUANCE through recorded transfers so that the books
     * balance: the hot wallet with a billion coins, the others with a million each.
     */
    private void createWallets() {
        QuarkusTransaction.requiringNew().run(() -> {
            sql("""
                    insert into users (id, username, full_name, created_at, updated_at)
                    select ('00000000-0000-4000-9000-' || lpad(to_hex(n), 12, '0'))::uuid, 'bench_' || n, 'Bench',
                           now(), now()
                    from generate_series(0, %d) n""".formatted(WALLETS));
            sql("""
                    insert into accounts (id, owner_id, type, balance)
                    select ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid,
                           ('00000000-0000-4000-9000-' || lpad(to_hex(n), 12, '0'))::uuid, 'COINS',
                           case n when 0 then 1000000000 else 1000000 end
                    from generate_series(0, %d) n""".formatted(WALLETS));
            sql("""
                    insert into transfers (id, idempotency_key, kind, from_account, to_account, amount, created_at)
                    select gen_random_uuid(), 'bench-funding:' || id, 'COIN_PURCHASE', '%s', id, balance, now()
                    from accounts where id::text like '00000000-0000-4000-8000-%%'""".formatted(SystemAccounts.ISSUANCE));
            sql("""
                    update accounts set balance = balance
                        - (select sum(amount) from transfers where idempotency_key like 'bench-funding:%%')
                    where id = '%s'""".formatted(SystemAccounts.ISSUANCE));
        });
        books.assertBooksBalance();
    }

    /** A checkpoint before each run, so that none lands in the middle of one side's measurement. */
    private void checkpoint() {
        QuarkusTransaction.requiringNew().run(() -> sql("checkpoint"));
    }

    private void sql(String statement) {
        em.createNativeQuery(statement).executeUpdate();
    }

    private static UUID wallet(int n) {
        return new UUID(0x0000_0000_0000_4000L, 0x8000_0000_0000_0000L | n);
    }

    private static int randomWallet() {
        return ThreadLocalRandom.current().nextInt(1, WALLETS + 1);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String rounded(double[] values) {
        return String.join(" ", Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
