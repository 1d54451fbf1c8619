package app.banter.call;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import app.banter.testsupport.LiveKitStandIn;
import app.banter.wallet.TestWallets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * How long the call reconciler takes to bill many open calls, against a real PostgreSQL, through the service's own
 * CallReconciler, CallBilling and Ledger (Quarkus, Hibernate, Agroal, Narayana as in production). Not a timed test:
 * bench/calls/run.sh runs it with the scheduled reconciler switched off, a batch size that takes every due call in
 * one tick, and a lease longer than any tick; the default build excludes the "bench" tag.
 *
 * <p>
 * Set up directly with SQL, in the shape the service writes them: users, their COINS and EARNINGS accounts (funded
 * from ISSUANCE through transfers rows, as the wallet benchmark does), and N calls that are ANSWERED and connected
 * (both parties joined, call_parties rows), and each call's first-minute hold.
 * Time is moved the way CallFixture.elapse does it: by back-dating a call's timestamps. Everything measured runs
 * through {@link CallReconciler#reconcile()}; LiveKit's ListParticipants is answered by the WireMock stand-in with
 * both parties of the call the request names.
 *
 * <p>
 * Ids: user n is 00000000-0000-4000-a000-{n in hex}, its COINS account ...-b000-..., its EARNINGS account
 * ...-c000-...; call i is ...-d000-{i in hex} between user 2i (caller) and user 2i + 1 (callee). The pgbench
 * scripts in bench/calls name them the same way.
 */
@QuarkusTest
@Tag("bench")
class CallReconcilerBenchmark {

    private static final Logger LOG = Logger.getLogger(CallReconcilerBenchmark.class);

    private static final long COINS_EACH = 1_000_000;

    @Inject
    CallReconciler reconciler;

    @Inject
    CallConfig config;

    @Inject
    EntityManager em;

    @Inject
    TestWallets books;

    private final List<String> results = new ArrayList<>();

    @Test
    void reconcileOpenCalls() throws IOException {
        int n = Integer.getInteger("callbench.calls", 1000);
        int steadySeconds = Integer.getInteger("callbench.steady-seconds", 60);
        LiveKitStandIn.participantsByRoom(CallReconcilerBenchmark::partiesOf);

        long setupStart = System.nanoTime();
        createCalls(n);
        double setupSeconds = seconds(setupStart);
        LOG.infof("set up %d connected calls in %.1f s", n, setupSeconds);
        result("SETUP_SECONDS", "%.1f", setupSeconds);

        // Until the JIT has compiled the billing path, the JVM measures itself: bill one minute of a tenth of them,
        // then of all of them, again until a tick in which the compiler threads worked under a tenth of it (at most
        // five rounds). With one round of all of them, the JIT still took 3.2 to 3.5 s of the 5 s the JVM used in
        // (a) at 100,000 calls: a pod that has billed for a while has long compiled the path.
        makeDue(Math.max(n / 10, 100), false);
        tick("warm-up", n);
        for (int round = 1; round <= 5; round++) {
            makeDue(n, false);
            Cpu warmUpStart = cpu();
            Tick warmUp = tick("warm-up, all due, round " + round, n);
            double jitSeconds = cpu().minus(warmUpStart).jitSeconds;
            LOG.infof("warm-up round %d: JIT compiling %.2f s", round, jitSeconds);
            if (jitSeconds < warmUp.seconds / 10) {
                break;
            }
        }

        // (a) every call's next minute started a second ago; LiveKit not due.
        makeDue(n, false);
        Stats before = stats();
        Cpu cpuBefore = cpu();
        Tick billAll = tick("all due, bill only", n);
        Cpu cpuUsed = cpu().minus(cpuBefore);
        Stats after = stats();
        result("BILL_ALL_CALLS", "%d", billAll.calls);
        result("BILL_ALL_MINUTES", "%d", billAll.minutes);
        result("BILL_ALL_SECONDS", "%.2f", billAll.seconds);
        result("BILL_ALL_MINUTES_PER_SECOND", "%.0f", billAll.minutes / billAll.seconds);
        result("BILL_ALL_MS_PER_CALL", "%.2f", billAll.seconds * 1000 / billAll.calls);
        after.minus(before).report(billAll.calls);
        // CPU rather than wall-clock time: on a shared, loaded machine the tick's duration mostly says how long it
        // waited for a core, its CPU time what it cost.
        result("BILL_ALL_JVM_CPU_SECONDS", "%.2f", cpuUsed.jvmSeconds);
        result("BILL_ALL_PG_CPU_SECONDS", "%.2f", cpuUsed.postgresSeconds);
        result("BILL_ALL_JIT_SECONDS", "%.2f", cpuUsed.jitSeconds);
        result("BILL_ALL_GC_SECONDS", "%.2f", cpuUsed.gcSeconds);
        LOG.infof("CPU during the tick: service JVM %.2f s (of which JIT compiling %.2f s, GC pauses %.2f s), "
                + "PostgreSQL backends %.2f s", cpuUsed.jvmSeconds, cpuUsed.jitSeconds, cpuUsed.gcSeconds,
                cpuUsed.postgresSeconds);

        // (b) the same, and every call is also due for its ListParticipants check. A tick claims at most a batch of
        // calls for their one-by-one checks, so this runs ticks until none is due.
        makeDue(n, true);
        Tick billAndAsk = ticksUntilNoneDue("all due, bill and ask LiveKit", n);
        result("BILL_ASK_SECONDS", "%.2f", billAndAsk.seconds);
        result("BILL_ASK_MINUTES", "%d", billAndAsk.minutes);
        result("BILL_ASK_LIVEKIT", "%d", billAndAsk.livekit);
        result("BILL_ASK_MS_PER_CALL", "%.2f", billAndAsk.seconds * 1000 / n);

        // (c) steady state: next minutes spread evenly over the coming minute, participant checks over the coming
        // 30 s, a tick every 5 s (skipped while one runs, as concurrentExecution = SKIP does).
        spread(n);
        List<Tick> ticks = new ArrayList<>();
        long interval = 5_000;
        long start = System.currentTimeMillis();
        for (long next = start; next < start + steadySeconds * 1000L; next += interval) {
            long wait = next - System.currentTimeMillis();
            if (wait < 0) {
                continue;
            }
            sleep(wait);
            ticks.add(tick("steady tick " + (ticks.size() + 1), n));
        }
        double[] durations = ticks.stream().mapToDouble(t -> t.seconds).sorted().toArray();
        long minutes = ticks.stream().mapToLong(t -> t.minutes).sum();
        long calls = ticks.stream().mapToLong(t -> t.calls).sum();
        long livekit = ticks.stream().mapToLong(t -> t.livekit).sum();
        result("STEADY_TICKS", "%d", ticks.size());
        result("STEADY_TICK_MEDIAN_SECONDS", "%.2f", durations[durations.length / 2]);
        result("STEADY_TICK_MAX_SECONDS", "%.2f", durations[durations.length - 1]);
        result("STEADY_CALLS_PER_TICK", "%.0f", (double) calls / ticks.size());
        result("STEADY_MINUTES_PER_TICK", "%.0f", (double) minutes / ticks.size());
        result("STEADY_LIVEKIT_PER_TICK", "%.0f", (double) livekit / ticks.size());
        result("STEADY_MINUTES", "%d", minutes);
        result("STEADY_SECONDS", "%.0f", (System.currentTimeMillis() - start) / 1000.0);
        LOG.infof("steady state: %d ticks in %.0f s, %d calls handled, %d minutes billed, %d LiveKit requests",
                ticks.size(), (System.currentTimeMillis() - start) / 1000.0, calls, minutes, livekit);

        // Every minute counted once on its call's hold (no call has ended, so none is settled), and the books balance.
        QuarkusTransaction.requiringNew().timeout(1800).run(() -> {
            Object[] row = (Object[]) em.createNativeQuery("""
                    select (select sum(rate_per_minute * billed_minutes) from calls),
                           (select sum(accrued) from holds where reference like 'call:%' and status = 'OPEN'),
                           (select sum(coins_charged) from calls), (select sum(rate_per_minute * billed_minutes)
                            from calls), (select count(*) from calls where status <> 'ANSWERED'),
                           (select sum(billed_minutes) from calls)""")
                    .getSingleResult();
            assertThat(((Number) row[1]).longValue()).as("coins counted on the calls' holds")
                    .isEqualTo(((Number) row[0]).longValue());
            assertThat(((Number) row[2]).longValue()).isEqualTo(((Number) row[3]).longValue());
            assertThat(((Number) row[4]).longValue()).as("calls no longer active").isZero();
            result("TOTAL_MINUTES_BILLED", "%d", ((Number) row[5]).longValue());
        });
        // Its correlated sums over every account take longer than the default 60 s transaction timeout here.
        QuarkusTransaction.requiringNew().timeout(1800).run(books::assertBooksBalance);

        Path out = Path.of(System.getProperty("callbench.out", "target/bench-calls/results.env"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, String.join("\n", results) + "\n");
    }

    private record Tick(int calls, long minutes, long livekit, double seconds) {
    }

    /** One reconcile() as the scheduler would run it; minutes and LiveKit requests counted outside the timing. */
    private Tick tick(String name, int n) {
        long minutesBefore = billedMinutes();
        long livekitBefore = livekitRequests();
        long start = System.nanoTime();
        int calls = reconciler.reconcile();
        double seconds = seconds(start);
        Tick tick = new Tick(calls, billedMinutes() - minutesBefore, livekitRequests() - livekitBefore, seconds);
        LOG.infof("%s: %d calls, %d minutes billed, %d LiveKit requests in %.3f s (%.0f minutes/s)", name, tick.calls,
                tick.minutes, tick.livekit, seconds, tick.minutes / seconds);
        return tick;
    }

    /** Back-to-back ticks until a tick finds nothing due, summed up. */
    private Tick ticksUntilNoneDue(String name, int n) {
        Tick total = new Tick(0, 0, 0, 0);
        while (true) {
            Tick tick = tick(name + ", tick", n);
            if (tick.calls == 0) {
                LOG.infof("%s: %d calls, %d minutes billed, %d LiveKit requests in %.3f s", name, total.calls,
                        total.minutes, total.livekit, total.seconds);
                return total;
            }
            total = new Tick(total.calls + tick.calls, total.minutes + tick.minutes, total.livekit + tick.livekit,
                    total.seconds + tick.seconds);
        }
    }

    /** Users, accounts, funding, calls, parties and holds by SQL, in one transaction. */
    private void createCalls(int n) {
        QuarkusTransaction.requiringNew().run(() -> {
            sql("""
                    insert into users (id, username, full_name, created_at, updated_at)
                    select %s, 'callbench_' || u, 'Bench', now(), now() from generate_series(0, %d) u"""
                    .formatted(id("a000", "u"), 2 * n - 1));
            sql("""
                    insert into accounts (id, owner_id, type, balance)
                    select %s, %s, 'COINS', %d from generate_series(0, %d) u
                    union all
                    select %s, %s, 'EARNINGS', 0 from generate_series(0, %d) u"""
                    .formatted(id("b000", "u"), id("a000", "u"), COINS_EACH, 2 * n - 1, id("c000", "u"),
                            id("a000", "u"), 2 * n - 1));
            sql("""
                    insert into transfers (id, idempotency_key, kind, from_account, to_account, amount, created_at)
                    select gen_random_uuid(), 'bench-funding:' || id, 'COIN_PURCHASE',
                           '00000000-0000-0000-0000-000000000001', id, balance, now()
                    from accounts where type = 'COINS' and balance > 0""");
            sql("""
                    update accounts set balance = balance - (select sum(amount) from transfers
                                                             where idempotency_key like 'bench-funding:%')
                    where id = '00000000-0000-0000-0000-000000000001'""");
            // Answered 1 s after it rang for 9 s, caller in the room at the answer, callee half a second later:
            // connected then. Minute 1 starts after the grace; the reconciler is due then (connectIfBothJoined), and
            // next_minute_at and both_present say so as Call.deriveBillingState writes them.
            sql("""
                    insert into calls (id, caller_id, callee_id, type, status, room_name, rate_per_minute,
                                       callee_share_percent, grace_seconds, ring_expires_at, answered_at,
                                       caller_joined_at, callee_joined_at, connected_at, both_present,
                                       next_minute_at, next_check_at, created_at, updated_at)
                    select %s, %s, %s, 'AUDIO', 'ANSWERED', 'call-' || %s, %d, %d, %d,
                           t - interval '10 s' + interval '%d s', t - interval '1 s', t - interval '1 s',
                           t - interval '0.5 s', t - interval '0.5 s', true, t - interval '0.5 s' + interval '%d s',
                           t - interval '0.5 s' + interval '%d s', t - interval '10 s', t
                    from generate_series(0, %d) i, (select now() as t) base"""
                    .formatted(id("d000", "i"), id("a000", "2 * i"), id("a000", "2 * i + 1"), id("d000", "i"),
                            config.audioCoinsPerMinute(), config.calleeSharePercent(), config.graceSeconds(),
                            config.ringTimeout().toSeconds(), config.graceSeconds(), config.graceSeconds(), n - 1));
            sql("""
                    insert into call_parties (user_id, call_id)
                    select caller_id, id from calls union all select callee_id, id from calls""");
            // Each call's first-minute hold as CallBilling.reserveFirstMinute places it (key, amount, reference),
            // long enough not to lapse during the run; the first charge moves it to now + 3 min as it goes.
            sql("""
                    insert into holds (id, idempotency_key, account_id, placed, amount, captured, status, reference,
                                       expires_at, created_at)
                    select gen_random_uuid(), 'call:' || c.id || ':hold:1', a.id, c.rate_per_minute,
                           c.rate_per_minute, 0, 'OPEN', 'call:' || c.id, now() + interval '2 hours', now()
                    from calls c join accounts a on a.owner_id = c.caller_id and a.type = 'COINS'""");
            sql("update accounts a set held = h.amount from holds h where h.account_id = a.id");
            sql("""
                    update calls c set hold_id = h.id from holds h
                    where h.idempotency_key = 'call:' || c.id || ':hold:1'""");
        });
        QuarkusTransaction.requiringNew().run(() -> sql("analyze"));
        QuarkusTransaction.requiringNew().timeout(1800).run(books::assertBooksBalance);
    }

    /**
     * Back-dates the first {@code count} calls (by id) so that their next unbilled minute started a second ago, the
     * way CallFixture.elapse moves a call's past, and makes them (and only them) due now. With {@code askLiveKit} their last
     * participant check was 31 s ago (due); otherwise it is put an hour ahead so that no check comes due while the
     * tick runs, however long it takes.
     */
    private void makeDue(int count, boolean askLiveKit) {
        // The others out of the way for now (the warm-up takes only some).
        QuarkusTransaction.requiringNew().run(() -> sql(
                "update calls set next_check_at = now() + interval '1 hour' where status = 'ANSWERED'"));
        QuarkusTransaction.requiringNew().run(() -> sql("""
                update calls c set created_at = created_at + d, ring_expires_at = ring_expires_at + d,
                  answered_at = answered_at + d, caller_joined_at = caller_joined_at + d,
                  callee_joined_at = callee_joined_at + d, connected_at = connected_at + d,
                  next_minute_at = next_minute_at + d,
                  participants_checked_at = now() + interval '%s', next_check_at = now()
                from (select id, now() - interval '1 s' - next_minute_at as d
                      from calls order by id limit %d) s
                where c.id = s.id""".formatted(askLiveKit ? "-31 s" : "1 hour", count)));
    }

    /**
     * Steady state: call i's next minute starts i/N of a minute from now and its participant check comes due at an
     * independent point of the next 30 s; next_check_at is the earlier of the two, as the reconciler sets it.
     */
    private void spread(int n) {
        long checkEvery = config.participantCheckEvery().toMillis();
        QuarkusTransaction.requiringNew().run(() -> sql("""
                update calls c set created_at = created_at + d, ring_expires_at = ring_expires_at + d,
                  answered_at = answered_at + d, caller_joined_at = caller_joined_at + d,
                  callee_joined_at = callee_joined_at + d, connected_at = connected_at + d,
                  next_minute_at = next_minute_at + d, participants_checked_at = checked,
                  next_check_at = least(next_minute_at + d, checked + make_interval(secs => %d / 1000.0))
                from (select id, now() + make_interval(secs => 60.0 * (i - 1) / %d) - next_minute_at as d,
                             now() - make_interval(secs => %d / 1000.0)
                               + make_interval(secs => %d / 1000.0 * (((i - 1) * 7919) %% %d) / %d) as checked
                      from (select *, row_number() over (order by id) as i from calls) numbered) s
                where c.id = s.id""".formatted(checkEvery, n, checkEvery, checkEvery, n, n)));
    }

    /**
     * CPU time used so far by this JVM (the service, and the LiveKit stand-in idle here) and this database's backends;
     * with the JVM's time spent compiling and in collections (elapsed, as the JVM reports them), part of its CPU time.
     */
    private record Cpu(double jvmSeconds, double jitSeconds, double gcSeconds, double postgresSeconds) {

        Cpu minus(Cpu o) {
            return new Cpu(jvmSeconds - o.jvmSeconds, jitSeconds - o.jitSeconds, gcSeconds - o.gcSeconds,
                    postgresSeconds - o.postgresSeconds);
        }
    }

    /**
     * The backends are those connected to the bench database now (the pool's, kept open across the tick), read from
     * /proc: PostgreSQL must run on this machine, as run.sh's does. Clock ticks of 1/100 s (Linux's USER_HZ).
     */
    private Cpu cpu() {
        double jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
        List<?> pids = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select pid from pg_stat_activity where datname = current_database()").getResultList());
        double postgres = 0;
        for (Object pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                postgres += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
            } catch (IOException | RuntimeException e) {
                // A backend that ended meanwhile; its time is lost to the figure.
            }
        }
        double jit = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3;
        double gc = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum() / 1e3;
        return new Cpu(jvm, jit, gc, postgres);
    }

    /** The database's counters, and the calls' row updates and how many of them were in place (HOT). */
    private record Stats(long commits, long rollbacks, long inserted, long updated, long fetched, long blocksRead,
            long blocksHit, long callsUpdated, long callsUpdatedInPlace) {

        Stats minus(Stats o) {
            return new Stats(commits - o.commits, rollbacks - o.rollbacks, inserted - o.inserted,
                    updated - o.updated, fetched - o.fetched, blocksRead - o.blocksRead, blocksHit - o.blocksHit,
                    callsUpdated - o.callsUpdated, callsUpdatedInPlace - o.callsUpdatedInPlace);
        }

        void report(int calls) {
            LOG.infof("database during the tick, per call: %.2f commits, %.2f rollbacks, %.2f rows inserted, "
                    + "%.2f rows updated, %.2f rows fetched; calls' rows updated %d, in place (HOT) %d",
                    (double) commits / calls, (double) rollbacks / calls, (double) inserted / calls,
                    (double) updated / calls, (double) fetched / calls, callsUpdated, callsUpdatedInPlace);
        }
    }

    /**
     * PostgreSQL's counters for this database. Other backends report theirs when idle, at most once a second and
     * within 10 s, so this waits that long first.
     */
    private Stats stats() {
        sleep(11_000);
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] row = (Object[]) em.createNativeQuery("""
                    select xact_commit, xact_rollback, tup_inserted, tup_updated, tup_fetched, blks_read, blks_hit,
                           (select n_tup_upd from pg_stat_user_tables where relname = 'calls'),
                           (select n_tup_hot_upd from pg_stat_user_tables where relname = 'calls')
                    from pg_stat_database where datname = current_database()""").getSingleResult();
            long[] counts = Arrays.stream(row).mapToLong(value -> ((Number) value).longValue()).toArray();
            return new Stats(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6], counts[7],
                    counts[8]);
        });
    }

    private long billedMinutes() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("select coalesce(sum(billed_minutes), 0) from calls").getSingleResult())
                .longValue());
    }

    /** RoomService requests that ask who is in a room: ListRooms (many rooms) and ListParticipants (one). */
    private static long livekitRequests() {
        return List.of("ListRooms", "ListParticipants").stream()
                .mapToLong(method -> LiveKitStandIn.server().countRequestsMatching(
                        postRequestedFor(urlPathEqualTo(LiveKitStandIn.PATH + method)).build()).getCount())
                .sum();
    }

    /** Both parties of the call whose room is asked about: user 2i and 2i + 1 for call i. */
    private static List<String> partiesOf(String room) {
        long i = UUID.fromString(room.substring("call-".length())).getLeastSignificantBits() & 0xFFFF_FFFF_FFFFL;
        return List.of(uuid(0xa000, 2 * i).toString(), uuid(0xa000, 2 * i + 1).toString());
    }

    /** 00000000-0000-4000-{kind}-{n in hex}. */
    private static UUID uuid(int kind, long n) {
        return new UUID(0x0000_0000_0000_4000L, ((long) kind << 48) | n);
    }

    /** The SQL for {@link #uuid} of the integer expression {@code n}. */
    private static String id(String kind, String n) {
        return "('00000000-0000-4000-" + kind + "-' || lpad(to_hex(" + n + "), 12, '0'))::uuid";
    }

    private void result(String name, String format, Object value) {
        results.add(name + "=" + String.format(Locale.ROOT, format, value));
    }

    private void sql(String statement) {
        em.createNativeQuery(statement).executeUpdate();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
