package app.banter.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import app.banter.platform.error.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The ledger against a reference model, under concurrency: many threads run random transfers, holds, captures,
 * period charges (the call-billing path) and releases, drawing their idempotency keys from a small pool so that keys
 * are retried, raced by two threads at once, reused for a different request and reused across kinds. Each key's
 * request is derived from the key itself (as a client retrying sends the same request), except for a few deliberate
 * changes of amount.
 *
 * <p>
 * The model does not guess the order in which concurrent requests commit; it relies only on what must hold in any
 * order: every request acknowledged under one key got the same answer (same transfer or hold, same parameters); a
 * refusal as "key reused" only when another request for that key with other parameters was acknowledged; the
 * database holds exactly the acknowledged transfers, each once, and nothing from a refused request; every account's
 * balance is its funding plus the acknowledged movements; each hold captured exactly what was acknowledged from it
 * and a released hold is closed; and the books balance (TestWallets#assertBooksBalance: sum zero, balances the net
 * of transfers, held the open holds, no user account below zero).
 *
 * <p>
 * Operations: {@code -Dbanter.model.operations} (CI default below); the "bench" run (bench/faults/ledger-model.sh)
 * runs {@code -Dbanter.model.bench-operations} (default 1,000,000).
 */
@QuarkusTest
class LedgerModelTest {

    private static final Logger LOG = Logger.getLogger(LedgerModelTest.class);

    @Inject
    Ledger ledger;

    @Inject
    Accounts accounts;

    @Inject
    TestWallets books;

    @Inject
    EntityManager em;

    @Test
    void randomOperationsAgreeWithTheModel() {
        // Six users among eight threads: nearly every operation races another for an account.
        run(Integer.getInteger("banter.model.operations", 2_000), Integer.getInteger("banter.model.threads", 8),
                Integer.getInteger("banter.model.users", 6));
    }

    @Test
    @Tag("bench")
    void aMillionRandomOperationsAgreeWithTheModel() {
        // More users than threads: six would serialize a million operations on their row locks (about 150 a second,
        // two hours), while these still race for accounts, keys and platform revenue.
        run(Integer.getInteger("banter.model.bench-operations", 1_000_000),
                Integer.getInteger("banter.model.threads", 16), Integer.getInteger("banter.model.users", 64));
    }

    private void run(int operations, int threads, int users) {
        Run run = new Run(UUID.randomUUID().toString().substring(0, 8), operations);
        for (int i = 0; i < users; i++) {
            UUID user = books.newUser();
            UUID coins = accounts.coins(user);
            // Two poor users, so that refusals for want of coins and the never-negative rule are exercised.
            long funding = i < 2 ? 60 : 5_000 + (long) operations;
            ledger.transfer("lm:" + run.id + ":fund:" + i, SystemAccounts.ISSUANCE, coins, funding,
                    TransferKind.COIN_PURCHASE, null);
            run.coins.add(coins);
            run.earnings.add(accounts.earnings(user));
        }
        for (UUID account : run.userAccounts()) {
            run.funded.put(account, books.balance(account));
        }

        AtomicLong next = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                while (next.getAndIncrement() < operations) {
                    run.randomOperation();
                }
            }));
        }
        workers.forEach(LedgerModelTest::join);

        List<String> violations = new ArrayList<>(run.violations);
        violations.addAll(run.compareWithDatabase());
        LOG.infof("ledger model: %d operations on %d threads over %d users, %d acknowledged, refusals %s, "
                + "%d violations", operations, threads, users, run.acknowledged.get(), run.refusals, violations.size());
        assertThat(violations).as("ledger model violations").isEmpty();
        books.assertBooksBalance();
    }

    /** What one request asked for: enough to tell a retry from a different request under the same key. */
    private record Request(String kind, UUID from, UUID to, long amount, UUID holdId) {
    }

    /** What the ledger acknowledged for a transfer key: the request and the transfer id it answered. */
    private record Acknowledged(Request request, UUID transferId) {
    }

    private final class Run {
        final String id;
        final int keySpace;
        final List<UUID> coins = new ArrayList<>();
        final List<UUID> earnings = new ArrayList<>();
        final Map<UUID, Long> funded = new HashMap<>();
        /** Transfer key -> every acknowledgement under it; all must agree. */
        final Map<String, Acknowledgements> transfers = new ConcurrentHashMap<>();
        /** Hold key -> hold id acknowledged. */
        final Map<String, UUID> holds = new ConcurrentHashMap<>();
        final Map<UUID, Request> holdRequests = new ConcurrentHashMap<>();
        final Map<UUID, Boolean> released = new ConcurrentHashMap<>();
        /** Hold -> the last period the model saw counted on it. */
        final Map<UUID, AtomicInteger> lastPeriod = new ConcurrentHashMap<>();
        /** Hold -> the period numbers acknowledged as counted on it, and their price. */
        final Map<UUID, Set<Integer>> countedPeriods = new ConcurrentHashMap<>();
        final Map<UUID, Long> countedPrice = new ConcurrentHashMap<>();
        /** Hold -> the periods its settlement paid or took off. */
        final Map<UUID, Integer> settledPeriods = new ConcurrentHashMap<>();
        /** Key -> requests refused as IDEMPOTENCY_KEY_REUSED. */
        final Map<String, ConcurrentLinkedQueue<Request>> refusedAsReused = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
        final AtomicLong acknowledged = new AtomicLong();
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());

        Run(String id, int operations) {
            this.id = id;
            // About two uses per key: retries and races are common, not the exception.
            this.keySpace = Math.max(10, operations / 10);
        }

        List<UUID> userAccounts() {
            List<UUID> all = new ArrayList<>(coins);
            all.addAll(earnings);
            return all;
        }

        void randomOperation() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int dice = random.nextInt(100);
            try {
                if (dice < 35) {
                    transfer(key("t", random), random);
                } else if (dice < 55) {
                    placeHold(key("h", keySpace / 2), random);
                } else if (dice < 75) {
                    capture(random);
                } else if (dice < 85) {
                    countPeriod(random);
                } else if (dice < 90) {
                    settle(random);
                } else if (dice < 95) {
                    release(random);
                } else {
                    // A key of another kind: a capture under a plain transfer's key, and the reverse.
                    crossKindReuse(random);
                }
            } catch (RuntimeException e) {
                if (isDeadlock(e)) {
                    // The ledger locks every account it changes in one order, in a statement before the one that
                    // changes it (TransferRepository): a deadlock among its operations is a defect, not bad luck.
                    violations.add("deadlock " + e);
                    return;
                }
                violations.add("unexpected " + e);
                LOG.warn("Unexpected failure in the ledger model", e);
            }
        }

        String key(String kind, ThreadLocalRandom random) {
            return "lm:" + id + ":" + kind + ":" + random.nextInt(keySpace);
        }

        String key(String kind, int bound) {
            return "lm:" + id + ":" + kind + ":" + ThreadLocalRandom.current().nextInt(Math.max(1, bound));
        }

        /** The request a key stands for; now and then a different amount, as a buggy client would send. */
        SplittableRandom requestRandom(String key) {
            return new SplittableRandom(key.hashCode());
        }

        UUID someCoins(SplittableRandom spec) {
            return coins.get(spec.nextInt(coins.size()));
        }

        UUID someEarnings(SplittableRandom spec) {
            return earnings.get(spec.nextInt(earnings.size()));
        }

        long maybeChanged(long amount, ThreadLocalRandom random) {
            return random.nextInt(100) < 5 ? amount + 1 : amount;
        }

        void transfer(String key, ThreadLocalRandom random) {
            SplittableRandom spec = requestRandom(key);
            UUID from = spec.nextInt(4) == 0 ? someEarnings(spec) : someCoins(spec);
            UUID to = spec.nextInt(5) == 0 ? SystemAccounts.PLATFORM_REVENUE : someCoins(spec);
            if (from.equals(to)) {
                return;
            }
            Request request = new Request("transfer", from, to, maybeChanged(1 + spec.nextInt(40), random), null);
            try {
                Transfer done = ledger.transfer(key, from, to, request.amount(), TransferKind.GIFT_CHARGE, null);
                acknowledge(key, request, done);
            } catch (ApiException refused) {
                refused(key, request, refused);
            }
        }

        void placeHold(String key, ThreadLocalRandom random) {
            SplittableRandom spec = requestRandom(key);
            UUID account = someCoins(spec);
            Request request = new Request("hold", account, null, maybeChanged(10 + spec.nextInt(60), random), null);
            try {
                Hold hold = ledger.placeHold(key, account, request.amount(), null,
                        Instant.now().plus(1, ChronoUnit.HOURS));
                acknowledged.incrementAndGet();
                if (!hold.accountId().equals(account) || hold.placed() != request.amount()) {
                    violations.add("hold " + key + " answered " + hold + " to " + request);
                }
                // The request first: another thread may pick the hold up as soon as its key is published below.
                holdRequests.put(hold.id(), request);
                UUID earlier = holds.putIfAbsent(key, hold.id());
                if (earlier != null && !earlier.equals(hold.id())) {
                    violations.add("hold key " + key + " answered two holds " + earlier + " and " + hold.id());
                }
            } catch (ApiException refused) {
                refused(key, request, refused);
            }
        }

        UUID someHold(ThreadLocalRandom random) {
            String key = "lm:" + id + ":h:" + random.nextInt(Math.max(1, keySpace / 2));
            return holds.get(key);
        }

        void capture(ThreadLocalRandom random) {
            String key = key("c", random);
            SplittableRandom spec = requestRandom(key);
            // The hold a capture key names is fixed by the key, as a payout's capture names its payout's hold.
            UUID holdId = holds.get("lm:" + id + ":h:" + spec.nextInt(Math.max(1, keySpace / 2)));
            if (holdId == null) {
                return;
            }
            UUID to = spec.nextBoolean() ? SystemAccounts.PAYOUT_CLEARING : someEarnings(spec);
            Request request = new Request("capture", holdRequests.get(holdId).from(), to,
                    maybeChanged(1 + spec.nextInt(30), random), holdId);
            try {
                Transfer done = ledger.captureHold(key, holdId, request.amount(), to, TransferKind.PAYOUT);
                acknowledge(key, request, done);
            } catch (ApiException refused) {
                refused(key, request, refused);
            }
        }

        /**
         * One minute of a call counted on a hold, renewing it: CallBilling's path. The number is the next after the
         * last the model saw counted on the hold, or that one again (a retry), so that every period up to the hold's
         * last was counted once.
         */
        void countPeriod(ThreadLocalRandom random) {
            UUID holdId = someHold(random);
            if (holdId == null) {
                return;
            }
            AtomicInteger last = lastPeriod.computeIfAbsent(holdId, id -> new AtomicInteger());
            int number = Math.max(1, last.get() + (random.nextBoolean() ? 1 : 0));
            String key = "lm:" + id + ":p:" + holdId + ":" + number;
            UUID payer = holdRequests.get(holdId).from();
            Instant now = Instant.now();
            try {
                HoldPeriod.Result result = ledger.countPeriods(List.of(new HoldPeriod(key, holdId, number,
                        periodPrice(holdId), now.plus(3, ChronoUnit.MINUTES), now.plus(10, ChronoUnit.MINUTES))))
                        .getFirst();
                acknowledged.incrementAndGet();
                if (!result.paid()) {
                    count("UNPAID_PERIOD");
                    return;
                }
                if (result.holdId().equals(holdId)) {
                    last.accumulateAndGet(number, Math::max);
                } else {
                    // The named hold had closed: the period was counted on a new hold on the same account.
                    holdRequests.putIfAbsent(result.holdId(), new Request("hold", payer, null, 0, null));
                }
                countedPeriods.computeIfAbsent(result.holdId(), h -> ConcurrentHashMap.newKeySet()).add(number);
                countedPrice.putIfAbsent(result.holdId(), periodPrice(holdId));
            } catch (ApiException refused) {
                count(refused.code());
            }
        }

        /**
         * A call's end: the hold's counted minutes paid in two shares, now and then the last one taken off. Half the
         * time the last minute is counted first in the same transaction, as CallEnding does, with the payee locked
         * by the count: racing the other operations, a lock taken out of the ledger's order shows as a deadlock.
         */
        void settle(ThreadLocalRandom random) {
            UUID holdId = someHold(random);
            if (holdId == null) {
                return;
            }
            String key = "lm:" + id + ":s:" + holdId;
            UUID payer = holdRequests.get(holdId).from();
            HoldCharge.Split split = split(holdId);
            long price = periodPrice(holdId);
            int drop = random.nextInt(2);
            Ledger.Settlement settled;
            if (random.nextBoolean()) {
                settled = ledger.settleHold(key, holdId, drop, price, split);
            } else {
                AtomicInteger last = lastPeriod.computeIfAbsent(holdId, h -> new AtomicInteger());
                int number = last.get() + 1;
                Instant now = Instant.now();
                HoldPeriod period = new HoldPeriod("lm:" + id + ":p:" + holdId + ":" + number, holdId, number,
                        periodPrice(holdId), now.plus(3, ChronoUnit.MINUTES), now.plus(10, ChronoUnit.MINUTES));
                HoldPeriod.Result[] counted = new HoldPeriod.Result[1];
                try {
                    settled = QuarkusTransaction.requiringNew().call(() -> {
                        counted[0] = ledger.countPeriods(List.of(period), List.of(split.share().to())).getFirst();
                        return ledger.settleHold(key, holdId, drop, price, split);
                    });
                } catch (ApiException refused) {
                    count(refused.code());
                    return;
                }
                if (counted[0].paid() && counted[0].holdId().equals(holdId)) {
                    last.accumulateAndGet(number, Math::max);
                    countedPeriods.computeIfAbsent(holdId, h -> ConcurrentHashMap.newKeySet()).add(number);
                    countedPrice.putIfAbsent(holdId, periodPrice(holdId));
                } else if (counted[0].paid()) {
                    // Counted on a new hold the settlement of this one does not touch.
                    holdRequests.putIfAbsent(counted[0].holdId(), new Request("hold", payer, null, 0, null));
                    countedPeriods.computeIfAbsent(counted[0].holdId(), h -> ConcurrentHashMap.newKeySet())
                            .add(number);
                    countedPrice.putIfAbsent(counted[0].holdId(), periodPrice(holdId));
                }
            }
            acknowledged.incrementAndGet();
            released.put(holdId, true);
            // The share is rounded down once on all the periods paid; a part that comes to nothing has no transfer.
            long paid = price * settled.paid();
            long shared = paid * split.percent() / 100;
            for (var part : List.of(Map.entry(split.share(), shared), Map.entry(split.rest(), paid - shared))) {
                if (part.getValue() > 0) {
                    acknowledge(key + ":" + part.getKey().part(),
                            new Request("settle", payer, part.getKey().to(), part.getValue(), holdId), null);
                }
            }
            settledPeriods.merge(holdId, settled.paid() + settled.dropped(), Integer::sum);
        }

        /** A hold's period price, fixed per hold so that what it counted is a number of periods. */
        long periodPrice(UUID holdId) {
            return 2 + new SplittableRandom(holdId.getMostSignificantBits()).nextInt(19);
        }

        /** A hold's split of what its settlement pays, fixed per hold: some percent to an earner, the rest to revenue. */
        HoldCharge.Split split(UUID holdId) {
            SplittableRandom spec = new SplittableRandom(holdId.getLeastSignificantBits());
            return new HoldCharge.Split(new HoldCharge.Payee("callee", someEarnings(spec), TransferKind.CALL_EARNING),
                    1 + spec.nextInt(99),
                    new HoldCharge.Payee("platform", SystemAccounts.PLATFORM_REVENUE, TransferKind.CALL_CHARGE));
        }

        void release(ThreadLocalRandom random) {
            UUID holdId = someHold(random);
            if (holdId == null) {
                return;
            }
            Hold hold;
            try {
                hold = ledger.releaseHold(holdId);
            } catch (ApiException refused) {
                // A hold with minutes counted is settled, not released.
                if (!"HOLD_ACCRUED".equals(refused.code())) {
                    violations.add("release of " + holdId + " refused with " + refused.code());
                }
                count(refused.code());
                return;
            }
            acknowledged.incrementAndGet();
            if (hold.status() == Hold.Status.OPEN) {
                violations.add("hold " + holdId + " still open after its release");
            }
            released.put(holdId, hold.status() == Hold.Status.RELEASED);
        }

        void crossKindReuse(ThreadLocalRandom random) {
            if (random.nextBoolean()) {
                String key = key("c", random);
                transfer(key, random);
            } else {
                // A capture under a plain transfer's key.
                UUID holdId = someHold(random);
                if (holdId == null) {
                    return;
                }
                String key = key("t", random);
                Request request = new Request("capture", holdRequests.get(holdId).from(),
                        SystemAccounts.PAYOUT_CLEARING, 1, holdId);
                try {
                    acknowledge(key, request,
                            ledger.captureHold(key, holdId, 1, SystemAccounts.PAYOUT_CLEARING, TransferKind.PAYOUT));
                } catch (ApiException refused) {
                    refused(key, request, refused);
                }
            }
        }

        void acknowledge(String key, Request request, Transfer done) {
            acknowledged.incrementAndGet();
            if (done != null && (!done.fromAccount().equals(request.from()) || !done.toAccount().equals(request.to())
                    || done.amount() != request.amount() || !Objects.equals(done.holdId(), request.holdId()))) {
                violations.add(key + " answered " + done + " to " + request);
            }
            transfers.computeIfAbsent(key, k -> new Acknowledgements())
                    .add(new Acknowledged(request, done == null ? null : done.id()));
        }

        void refused(String key, Request request, ApiException refused) {
            count(refused.code());
            switch (refused.code()) {
                case "IDEMPOTENCY_KEY_REUSED" ->
                    refusedAsReused.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(request);
                case "INSUFFICIENT_BALANCE", "HOLD_NOT_OPEN", "HOLD_EXCEEDED" -> {
                }
                default -> violations.add(key + " refused with " + refused.status() + " " + refused.code());
            }
        }

        void count(String code) {
            refusals.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
        }

        List<String> compareWithDatabase() {
            List<String> found = new ArrayList<>();
            Map<String, Object[]> rows = new HashMap<>();
            Map<String, Long> rowsPerKey = new HashMap<>();
            QuarkusTransaction.requiringNew().run(() -> {
                for (Object row : em.createNativeQuery("""
                        select idempotency_key, id, from_account, to_account, amount, hold_id from transfers
                        where idempotency_key like ?1""").setParameter(1, "lm:" + id + ":%").getResultList()) {
                    Object[] columns = (Object[]) row;
                    rows.put((String) columns[0], columns);
                    rowsPerKey.merge((String) columns[0], 1L, Long::sum);
                }
            });
            Map<UUID, Long> expectedBalance = new HashMap<>(funded);
            Map<UUID, Long> capturedFrom = new HashMap<>();
            transfers.forEach((key, acknowledgements) -> {
                Acknowledged first = acknowledgements.peek();
                for (Acknowledged other : acknowledgements) {
                    if (!other.request().equals(first.request())
                            || (other.transferId() != null && first.transferId() != null
                                    && !other.transferId().equals(first.transferId()))) {
                        found.add(key + " acknowledged two different answers: " + first + " and " + other);
                    }
                }
                Object[] row = rows.get(key);
                if (row == null || rowsPerKey.get(key) != 1) {
                    found.add(key + " acknowledged but present " + rowsPerKey.getOrDefault(key, 0L) + " times");
                    return;
                }
                Request request = first.request();
                if (!row[2].equals(request.from()) || !row[3].equals(request.to())
                        || ((Number) row[4]).longValue() != request.amount()
                        || !Objects.equals(row[5], request.holdId())
                        || (first.transferId() != null && !row[1].equals(first.transferId()))) {
                    found.add(key + " recorded as " + List.of(row) + " but acknowledged as " + first);
                }
                expectedBalance.computeIfPresent(request.from(), (a, b) -> b - request.amount());
                expectedBalance.computeIfPresent(request.to(), (a, b) -> b + request.amount());
                if (request.holdId() != null) {
                    capturedFrom.merge(request.holdId(), request.amount(), Long::sum);
                }
                for (Request reused : refusedAsReused.getOrDefault(key, new ConcurrentLinkedQueue<>())) {
                    if (reused.equals(request)) {
                        found.add(key + " refused as reused for the very request it acknowledged: " + request);
                    }
                }
            });
            rows.keySet().stream().filter(key -> !transfers.containsKey(key) && !key.contains(":fund:"))
                    .forEach(key -> found.add(key + " recorded but never acknowledged"));
            for (UUID account : userAccounts()) {
                long actual = books.balance(account);
                if (actual != expectedBalance.get(account)) {
                    found.add("account " + account + " balance " + actual + ", model " + expectedBalance.get(account));
                }
            }
            QuarkusTransaction.requiringNew().run(() -> {
                for (Object row : em.createNativeQuery("""
                        select id, captured, status, accrued from holds where account_id in (?1)""")
                        .setParameter(1, coins).getResultList()) {
                    Object[] columns = (Object[]) row;
                    UUID holdId = (UUID) columns[0];
                    long captured = ((Number) columns[1]).longValue();
                    // Every period acknowledged as counted is counted once: still accrued, or settled.
                    long accrued = ((Number) columns[3]).longValue();
                    long price = countedPrice.getOrDefault(holdId, 1L);
                    long periods = countedPeriods.getOrDefault(holdId, Set.of()).size();
                    if (accrued + settledPeriods.getOrDefault(holdId, 0) * price != periods * price) {
                        found.add("hold " + holdId + " accrued " + accrued + " and settled "
                                + settledPeriods.getOrDefault(holdId, 0) + " periods of " + price + ", model "
                                + periods + " periods");
                    }
                    if (captured != capturedFrom.getOrDefault(holdId, 0L)) {
                        found.add("hold " + holdId + " captured " + captured + ", model "
                                + capturedFrom.getOrDefault(holdId, 0L));
                    }
                    if (released.containsKey(holdId) && "OPEN".equals(columns[2])) {
                        found.add("hold " + holdId + " released but open");
                    }
                }
            });
            return found;
        }
    }

    /** Acknowledgements under one key, from any thread. */
    private static final class Acknowledgements extends ConcurrentLinkedQueue<Acknowledged> {
        private static final long serialVersionUID = 1L;
    }

    private static boolean isDeadlock(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "40P01".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
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
