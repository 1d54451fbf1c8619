package app.banter.matching;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import app.banter.call.CallService;
import app.banter.call.CallService.MatchedCall;
import app.banter.matching.MatchEvents.MatchFound;
import app.banter.matching.MatchStore.MatchRecord;
import app.banter.platform.error.ApiException;
import app.banter.realtime.Presence;
import app.banter.realtime.PresenceStatus;
import app.banter.realtime.RealtimeEvents;
import app.banter.user.UserService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Pairs waiting users into calls, on every pod at once. A tick reads the pool (one ZRANGE and one MGET), drops users
 * who went offline, into a call or under a restriction without us hearing of it (one presence script, one query),
 * reads the blocks and recent partners among everyone left (one query), pairs them in memory ({@link PairMaker}),
 * and then, pair by pair, claims both users atomically in Redis ({@link MatchQueue#claim}) before making the call.
 * Matchers on other pods see the same pool and may choose the same pairs; whichever claims a user first has them,
 * the other's claim finds them gone and changes nothing, so no user is matched twice. Nothing is locked while pairs
 * are worked out.
 */
@ApplicationScoped
public class Matcher {

    private static final Logger LOG = Logger.getLogger(Matcher.class);

    private final MatchQueue queue;
    private final MatchStore store;
    private final Presence presence;
    private final CallService calls;
    private final UserService users;
    private final RealtimeEvents events;
    private final MatchMetrics metrics;
    private final MatchingConfig config;

    Matcher(MatchQueue queue, MatchStore store, Presence presence, CallService calls, UserService users,
            RealtimeEvents events, MatchMetrics metrics, MatchingConfig config) {
        this.queue = queue;
        this.store = store;
        this.presence = presence;
        this.calls = calls;
        this.users = users;
        this.events = events;
        this.metrics = metrics;
        this.config = config;
    }

    @Scheduled(every = "{banter.matching.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        matchOnce();
    }

    /** One pass over the pool; returns how many calls it made. */
    public int matchOnce() {
        long now = System.currentTimeMillis();
        List<Waiting> pool = queue.snapshot(config.maxWaitingPerTick());
        metrics.observed(pool);
        List<Waiting> eligible = stillEligible(pool);
        if (eligible.size() < 2) {
            return 0;
        }
        List<UUID> ids = eligible.stream().map(w -> w.ticket().userId()).toList();
        Exclusions excluded = QuarkusTransaction.requiringNew().call(
                () -> store.exclusions(ids, Instant.ofEpochMilli(now).minus(config.recentPartnerWindow())));
        List<PairMaker.Pair> pairs = PairMaker.pairs(eligible, excluded, new PairMaker.Ranking(
                config.interestWeight(), config.premiumWeight(), config.preferenceWait().toMillis(),
                config.maxCandidates()), now);
        int made = 0;
        for (PairMaker.Pair pair : pairs) {
            if (queue.claim(pair.caller(), pair.callee()) && connect(pair)) {
                made++;
            }
        }
        return made;
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

    /** Makes the pair's call and tells both; returns whether the call was made. */
    private boolean connect(PairMaker.Pair pair) {
        UUID callerId = pair.caller().ticket().userId();
        UUID calleeId = pair.callee().ticket().userId();
        long now = System.currentTimeMillis();
        MatchedCall call;
        try {
            call = calls.startMatched(callerId, calleeId, pair.caller().ticket().mode(), config.skipWindow());
        } catch (ApiException refused) {
            requeueBlameless(pair, refused);
            return false;
        } catch (RuntimeException e) {
            LOG.warnf(e, "A matched call could not be started");
            requeue(pair.caller());
            requeue(pair.callee());
            return false;
        }
        UUID callId = call.callerSession().call().id();
        UUID matchId = UUID.randomUUID();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                store.record(new MatchRecord(matchId, callerId, calleeId, callId, Instant.ofEpochMilli(now)));
                events.sendToUser(callerId, new MatchFound(matchId, callId, users.publicProfile(callerId, calleeId),
                        true, call.callerSession()));
                events.sendToUser(calleeId, new MatchFound(matchId, callId, users.publicProfile(calleeId, callerId),
                        false, call.calleeSession()));
            });
        } catch (RuntimeException e) {
            // The call stands (billed as an ordinary call); the parties learn of it from their call history.
            LOG.warnf(e, "Match %s for call %s could not be recorded", matchId, callId);
        }
        metrics.matched(pair.caller().waitedMillis(now), pair.callee().waitedMillis(now));
        return true;
    }

    /**
     * The call path refused the pair after both were claimed: whoever the refusal is about leaves the pool (cannot pay,
     * restricted, already in a call, gone offline or busy); the other goes back with their place. A refusal about the
     * pair itself (a block made a moment ago) puts both back: the next tick reads the block and keeps them apart.
     */
    private void requeueBlameless(PairMaker.Pair pair, ApiException refused) {
        switch (refused.code()) {
            case "INSUFFICIENT_BALANCE", "ACCOUNT_RESTRICTED", "ALREADY_IN_CALL" -> requeue(pair.callee());
            case "USER_OFFLINE", "USER_BUSY", "USER_UNAVAILABLE", "NOT_FOUND" -> requeue(pair.caller());
            default -> {
                requeue(pair.caller());
                requeue(pair.callee());
            }
        }
    }

    private void requeue(Waiting waiting) {
        queue.enqueue(waiting.ticket(), waiting.enqueuedAt());
    }
}
