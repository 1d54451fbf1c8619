package app.banter.matching;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import app.banter.call.MatchedCalls;
import app.banter.matching.MatchEvents.MatchFound;
import app.banter.matching.MatchStore.MatchRecord;
import app.banter.platform.TimeOrderedIds;
import app.banter.platform.lifecycle.StopBudget;
import app.banter.realtime.Presence;
import app.banter.realtime.PresenceStatus;
import app.banter.realtime.RealtimeEvents;
import app.banter.user.PublicProfileView;
import app.banter.user.UserService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.DurationConverter;

/**
 * Pairs waiting users into calls, on every pod at once. A tick reads the pool (one ZRANGE and one MGET), drops users
 * who went offline, into a call or under a restriction without us hearing of it (one presence script, one query),
 * reads the blocks and recent partners among everyone left (one query), and pairs them in memory ({@link PairMaker}).
 * Then, a batch of pairs at a time, it claims them in Redis ({@link MatchQueue#claim}: both users of a pair or
 * neither, atomically) and hands them to a batch thread that makes their calls together ({@link MatchedCalls}),
 * recording the matches in the calls' transaction; at most banter.matching.batches-in-flight batches are claimed and
 * not yet connected at any time. The next tick does not wait for them: the users it reads are the ones still in the
 * pool, so batches, of one tick or of two, share no user and run side by side without meeting on a row. Matchers on
 * other pods see the same pool and may choose the same pairs; whichever claims a user first has them, the other's
 * claim finds them gone and changes nothing, so no user is matched twice. Nothing is locked while pairs are worked out.
 *
 * <p>
 * What a pod that dies loses: the claimed users of the batches in flight are out of the pool without a call
 * (their app sees no match.found, asks GET /matching/queue, is told it is not waiting, and joins again). A smaller
 * banter.matching.batch-size or batches-in-flight narrows that, at the cost of more statements per match or a slower
 * tick.
 */
@ApplicationScoped
public class Matcher {

    private static final Logger LOG = Logger.getLogger(Matcher.class);

    private final MatchQueue queue;
    private final MatchStore store;
    private final Presence presence;
    private final MatchedCalls calls;
    private final UserService users;
    private final RealtimeEvents events;
    private final MatchMetrics metrics;
    private final MatchingConfig config;
    private final StopBudget stopBudget;
    private final ExecutorService batches;
    // A slot is taken before a batch is claimed and given back when its calls are made or refused.
    private final Semaphore batchSlots;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("matcher-tick").daemon().factory());

    Matcher(MatchQueue queue, MatchStore store, Presence presence, MatchedCalls calls, UserService users,
            RealtimeEvents events, MatchMetrics metrics, MatchingConfig config, StopBudget stopBudget) {
        this.queue = queue;
        this.store = store;
        this.presence = presence;
        this.calls = calls;
        this.users = users;
        this.events = events;
        this.metrics = metrics;
        this.config = config;
        this.stopBudget = stopBudget;
        this.batches = Executors.newFixedThreadPool(config.batchesInFlight(),
                Thread.ofPlatform().name("matcher-batch-", 1).daemon().factory());
        this.batchSlots = new Semaphore(config.batchesInFlight());
    }

    /**
     * Ticks every banter.matching.interval after the last tick handed its batches over, so two never read the pool
     * at once. On a thread of its own rather than @Scheduled: Quarkus's scheduler runs nothing more often than once a
     * second, and the wait for the next tick is part of every user's wait.
     */
    void start(@Observes StartupEvent started) {
        if (!"off".equalsIgnoreCase(config.interval())) {
            long millis = DurationConverter.parseDuration(config.interval()).toMillis();
            ticks.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** When the pod begins to stop, while the database and Redis are still open: no tick starts. */
    void stopTicking(@Observes @Priority(StopBudget.BEGIN) ShutdownEvent stopping) {
        ticks.shutdown();
    }

    /**
     * Then the tick and the batches in flight finish, within what is left of the stop's budget, so that every pair
     * they claimed gets its call or goes back to the pool. Cut off later, a batch's claimed pairs would have left the
     * pool with no call.
     */
    void finishInFlight(@Observes @Priority(StopBudget.AWAIT) ShutdownEvent stopping) {
        finish(ticks);
        // Only now: the tick in flight may still hand batches over.
        batches.shutdown();
        finish(batches);
    }

    private void finish(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(stopBudget.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warnf("Matching was still running %s after the stop began", StopBudget.BUDGET);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    private void tick() {
        try {
            pass().whenComplete((made, failure) -> {
                if (failure != null) {
                    LOG.warnf(failure, "A batch of matched pairs failed");
                }
            });
        } catch (RuntimeException e) {
            // The next tick tries again (a failure must not end the schedule).
            LOG.warnf(e, "A matching tick failed");
        }
    }

    /** One pass over the pool, waiting for its batches; returns how many calls it made. */
    public int matchOnce() {
        return pass().join();
    }

    /**
     * One pass over the pool: returns once its pairs are claimed and handed to the batches, with what completes when
     * their calls are made (how many), or fails with the first batch that failed.
     */
    CompletableFuture<Integer> pass() {
        long now = System.currentTimeMillis();
        List<Waiting> pool = queue.snapshot(config.maxWaitingPerTick());
        metrics.observed(pool);
        List<Waiting> eligible = stillEligible(pool);
        if (eligible.size() < 2) {
            return CompletableFuture.completedFuture(0);
        }
        List<UUID> ids = eligible.stream().map(w -> w.ticket().userId()).toList();
        Exclusions excluded = QuarkusTransaction.requiringNew().call(
                () -> store.exclusions(ids, Instant.ofEpochMilli(now).minus(config.recentPartnerWindow())));
        List<PairMaker.Pair> pairs = PairMaker.pairs(eligible, excluded, new PairMaker.Ranking(
                config.interestWeight(), config.premiumWeight(), config.preferenceWait().toMillis(),
                config.maxCandidates()), now);
        List<CompletableFuture<Integer>> connected = new ArrayList<>();
        int batchSize = batchSize(pairs.size());
        for (int from = 0; from < pairs.size(); from += batchSize) {
            List<PairMaker.Pair> batch = pairs.subList(from, Math.min(pairs.size(), from + batchSize));
            connected.add(connectAsync(batch));
        }
        return CompletableFuture.allOf(connected.toArray(CompletableFuture[]::new))
                .thenApply(done -> connected.stream().mapToInt(CompletableFuture::join).sum());
    }

    /**
     * Claims the batch once a slot is free (the tick waits for one) and connects it on a batch thread. A stopping pod
     * claims no further batch: its pairs stay in the pool, for this pod's next start or another pod's matcher, rather
     * than taking the stop's budget and risking being cut off with their claim made and no call.
     */
    private CompletableFuture<Integer> connectAsync(List<PairMaker.Pair> batch) {
        batchSlots.acquireUninterruptibly();
        if (ticks.isShutdown()) {
            batchSlots.release();
            return CompletableFuture.completedFuture(0);
        }
        List<PairMaker.Pair> claimed;
        try {
            claimed = queue.claim(batch);
        } catch (RuntimeException e) {
            batchSlots.release();
            throw e;
        }
        return CompletableFuture.supplyAsync(() -> connect(claimed), batches)
                .whenComplete((made, failure) -> batchSlots.release());
    }

    /**
     * The tick's pairs spread over the batches in flight, at most banter.matching.batch-size each: a tick of 180 pairs
     * made one batch of 180 on one thread while three waited, and everyone in it waited for all of it.
     */
    int batchSize(int pairs) {
        int spread = (pairs + config.batchesInFlight() - 1) / config.batchesInFlight();
        return Math.max(1, Math.min(config.batchSize(), spread));
    }

    /** The users of the pool who may still be matched; the others leave the pool (only the enqueue seen). */
    private List<Waiting> stillEligible(List<Waiting> pool) {
        if (pool.size() < 2) {
            return pool;
        }
        List<UUID> ids = pool.stream().map(w -> w.ticket().userId()).toList();
        Map<UUID, PresenceStatus> status = presence.status(ids);
        Set<UUID> restricted = QuarkusTransaction.requiringNew().call(() -> store.restricted(ids));
        List<Waiting> eligible = new ArrayList<>(pool.size());
        for (Waiting w : pool) {
            UUID id = w.ticket().userId();
            if (status.get(id) != PresenceStatus.ONLINE || restricted.contains(id)) {
                queue.removeIfWaitingSince(id, w.enqueuedAt());
            } else {
                eligible.add(w);
            }
        }
        return eligible;
    }

    /** Makes the claimed pairs' calls and tells each side; returns how many were made. */
    int connect(List<PairMaker.Pair> claimed) {
        if (claimed.isEmpty()) {
            return 0;
        }
        long now = System.currentTimeMillis();
        Map<MatchedCalls.Pair, PairMaker.Pair> byCall = new HashMap<>();
        for (PairMaker.Pair pair : claimed) {
            byCall.put(new MatchedCalls.Pair(pair.caller().ticket().userId(), pair.callee().ticket().userId(),
                    pair.caller().ticket().mode()), pair);
        }
        MatchedCalls.Outcome outcome = calls.start(List.copyOf(byCall.keySet()), config.skipWindow(),
                made -> announce(made, Instant.ofEpochMilli(now)));
        for (MatchedCalls.Refused refused : outcome.refused()) {
            PairMaker.Pair pair = byCall.get(refused.pair());
            // Whoever cannot take the call now leaves the pool; the other goes back with their place. When neither
            // is to blame (the media server, a failed batch) both go back. Someone who left or asked anew while the
            // pair was being connected is not put back (MatchQueue#requeue).
            if (!refused.callerUnavailable()) {
                queue.requeue(pair.caller());
            }
            if (!refused.calleeUnavailable()) {
                queue.requeue(pair.callee());
            }
        }
        for (MatchedCalls.Made made : outcome.made()) {
            PairMaker.Pair pair = byCall.get(made.pair());
            metrics.matched(pair.caller().waitedMillis(now), pair.callee().waitedMillis(now));
        }
        if (!outcome.refused().isEmpty()) {
            LOG.debugf("%d of %d matched pairs got no call", outcome.refused().size(), claimed.size());
        }
        return outcome.made().size();
    }

    /** In the calls' transaction: records the matches and sends each side match.found with the other's profile. */
    private void announce(List<MatchedCalls.Made> made, Instant at) {
        List<MatchRecord> matches = new ArrayList<>(made.size());
        List<UUID> parties = new ArrayList<>(made.size() * 2);
        for (MatchedCalls.Made call : made) {
            matches.add(new MatchRecord(TimeOrderedIds.next(), call.pair().callerId(), call.pair().calleeId(),
                    call.callId(), at));
            parties.add(call.pair().callerId());
            parties.add(call.pair().calleeId());
        }
        store.recordAll(matches);
        // Blocks either way were read again in this transaction, before the calls were made (MatchedCalls).
        Map<UUID, PublicProfileView> profiles = users.activePublicProfiles(parties);
        Map<UUID, MatchFound> found = new HashMap<>();
        for (int i = 0; i < made.size(); i++) {
            MatchedCalls.Made call = made.get(i);
            UUID callerId = call.pair().callerId();
            UUID calleeId = call.pair().calleeId();
            found.put(callerId, new MatchFound(matches.get(i).id(), call.callId(), profile(profiles, calleeId), true,
                    call.callerSession()));
            found.put(calleeId, new MatchFound(matches.get(i).id(), call.callId(), profile(profiles, callerId), false,
                    call.calleeSession()));
        }
        events.sendEach(found);
    }

    private static PublicProfileView profile(Map<UUID, PublicProfileView> profiles, UUID userId) {
        PublicProfileView profile = profiles.get(userId);
        if (profile == null) {
            // Deleted after MatchedCalls read the account as active, in this same transaction: the batch rolls back and
            // its pairs go back to the pool, where the next tick's calls refuse the deleted user's pair alone.
            throw new IllegalStateException("A matched user's profile is gone");
        }
        return profile;
    }
}
