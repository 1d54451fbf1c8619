package app.banter.call;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import app.banter.platform.error.ApiException;
import app.banter.platform.lifecycle.JobGate;
import app.banter.platform.lifecycle.StopBudget;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Moves every active call along with time, on every pod: misses unanswered calls, fails calls that never connected,
 * charges each started minute, ends calls whose payer cannot pay the next minute or whose party left for good,
 * and asks LiveKit who is in the room when webhooks may have gone missing (for a phone call, its provider how the
 * call stands; one the provider never reports on ends once the network has certainly cut it).
 *
 * <p>
 * A tick first bills the connected calls whose minute has started, the bulk of the work, in batches: each batch is
 * locked with FOR UPDATE SKIP LOCKED and billed in one transaction with set-based statements, so that a tick over
 * tens of thousands of calls costs a few statements per batch rather than a transaction per call. Everything else
 * that is due (rings, joins, departures, participant checks, calls whose caller ran out) is claimed under a lease and
 * handled call by call, each in its own transaction with its row locked; before that, the rooms of calls due for a
 * participant check, and of answered calls nobody has joined yet, are asked about many per LiveKit request
 * ({@link RoomChecks}), so that only the rooms where something changed take that path. Minutes are charged under keys
 * naming the call and the minute, so two reconcilers never charge a minute twice, and one killed half-way loses
 * nothing: a batch rolls back whole, and leased calls come back when the lease ends.
 */
@ApplicationScoped
public class CallReconciler {

    private static final Logger LOG = Logger.getLogger(CallReconciler.class);

    /**
     * Joins are normally reported by webhook within a second or two of an answer; LiveKit is asked only after this,
     * so an answered call is first looked at then (not at once, when there is nothing to do yet).
     */
    static final Duration WEBHOOK_GRACE = Duration.ofSeconds(5);

    private final CallRepository calls;
    private final BillingQueueRepository queue;
    private final CallBilling billing;
    private final CallEnding ending;
    private final LiveKitRooms rooms;
    private final RoomChecks roomChecks;
    private final CallConfig config;
    private final PhoneCalls phoneCalls;
    private final CallMetrics metrics;
    private final StopBudget stopBudget;
    private final JobGate gate = new JobGate();

    CallReconciler(CallRepository calls, BillingQueueRepository queue, CallBilling billing, CallEnding ending,
            LiveKitRooms rooms, RoomChecks roomChecks, CallConfig config, PhoneCalls phoneCalls, CallMetrics metrics,
            StopBudget stopBudget) {
        this.calls = calls;
        this.queue = queue;
        this.billing = billing;
        this.ending = ending;
        this.rooms = rooms;
        this.roomChecks = roomChecks;
        this.config = config;
        this.phoneCalls = phoneCalls;
        this.metrics = metrics;
        this.stopBudget = stopBudget;
    }

    @Scheduled(every = "{banter.calls.reconciler.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!gate.enter()) {
            return;
        }
        try {
            pass();
        } finally {
            gate.exit();
        }
    }

    /** A stopping pod bills no further batch: the batches not begun stay due for another reconciler. */
    void stopTicking(@Observes @Priority(StopBudget.BEGIN) ShutdownEvent stop) {
        gate.close();
    }

    /**
     * Lets the tick in progress finish its running batches (a second or two each) before the database pool closes,
     * within what is left of the stop's budget.
     */
    void finishTick(@Observes @Priority(StopBudget.AWAIT) ShutdownEvent stop) {
        if (!gate.awaitIdle(stopBudget.remaining())) {
            LOG.warnf("The reconciler's tick was still running %s after the stop began", StopBudget.BUDGET);
        }
    }

    /**
     * One pass over the calls that are due now, after this pod's scheduled pass if one is running (the tests run
     * passes by hand: overlapping the scheduled one, a pass skipped the calls that one had locked or leased); returns
     * how many it looked at.
     */
    public int reconcile() {
        gate.enterWhenFree();
        try {
            return pass();
        } finally {
            gate.exit();
        }
    }

    /**
     * One pass, without the gate: what a reconciler on another pod runs alongside this pod's (CallBillingTest runs two
     * at once to prove no minute is charged twice).
     */
    int pass() {
        Instant now = Instant.now();
        int billed = metrics.billingTick().record(() -> billStartedMinutes(now));
        if (gate.stopping()) {
            return billed;
        }
        int checked = roomChecks.checkConnected(now) + roomChecks.checkNobodyJoined(now);
        List<UUID> due = QuarkusTransaction.requiringNew().call(
                () -> queue.claimDue(now, now.plus(config.reconciler().lease()), config.reconciler().batchSize()));
        for (UUID callId : due) {
            if (gate.stopping()) {
                // The rest stay leased and come back when the lease ends.
                break;
            }
            try {
                reconcile(callId);
            } catch (RuntimeException e) {
                // Left for the next pass when the lease ends; one bad call must not stop the others.
                LOG.warnf(e, "Call %s could not be reconciled", callId);
            }
        }
        return billed + checked + due.size();
    }

    /** Bills every connected call whose minute started by {@code now}, batch after batch; returns how many. */
    private int billStartedMinutes(Instant now) {
        List<List<UUID>> batches = batches(QuarkusTransaction.requiringNew().call(() -> queue.findBillable(now)),
                config.reconciler().batchSize());
        if (batches.isEmpty()) {
            return 0;
        }
        AtomicInteger total = new AtomicInteger();
        // Batches lock disjoint calls, holds and user accounts, and platform revenue only from their last statement
        // on (it is last in the ledger's lock order), so they run side by side.
        try (ExecutorService workers = Executors.newFixedThreadPool(
                Math.min(config.reconciler().billingThreads(), batches.size()))) {
            for (List<UUID> batch : batches) {
                workers.execute(() -> {
                    if (gate.stopping()) {
                        return;
                    }
                    // As the scheduler's own thread has: what runs after the commit (presence of a call that ended
                    // here) reads the database outside any transaction.
                    ManagedContext requestContext = Arc.container().requestContext();
                    requestContext.activate();
                    try {
                        Billed billed = QuarkusTransaction.requiringNew().call(() -> billBatch(batch, now));
                        total.addAndGet(billed.calls());
                        billed.unpaid().forEach(callId -> endUnpaid(callId, now));
                    } catch (RuntimeException e) {
                        // Rolled back whole; the calls stay due and the call-by-call pass takes them one at a time.
                        LOG.warnf(e, "A batch of call minutes could not be billed");
                    } finally {
                        requestContext.terminate();
                    }
                });
            }
        }
        return total.get();
    }

    /** What a billing batch did: how many calls it billed, and those whose caller could not pay a minute. */
    record Billed(int calls, Set<UUID> unpaid) {
    }

    /**
     * Bills those of the calls whose minute started by {@code now}, in the caller's transaction. The calls whose caller
     * could not pay are to be ended after it commits ({@link #endUnpaid}); until then they stay due.
     */
    Billed billBatch(List<UUID> callIds, Instant now) {
        queue.commitWithoutWaitingForDisk();
        List<Call> due = queue.lockBillable(callIds, now);
        Set<UUID> unpaid = billing.chargeStartedMinutes(due, now, now);
        for (Call call : due) {
            call.updatedAt = now;
            call.nextCheckAt = call.nextCheckWhileConnected(config.participantCheckEvery());
        }
        queue.recordBilled(due);
        return new Billed(due.size(), unpaid);
    }

    /**
     * Ends a call whose caller could not pay its minute, in a transaction of its own: its settlement locks the callee's
     * earnings, which the batch's transaction, holding many callers' accounts already, would lock out of the ledger's
     * order. Should it fail, the call is still due and the next tick finds the minute unpaid again.
     */
    private void endUnpaid(UUID callId, Instant now) {
        try {
            QuarkusTransaction.requiringNew().run(() -> calls.lock(callId)
                    .ifPresent(call -> ending.end(call, Call.Status.ENDED, "INSUFFICIENT_BALANCE", now, now)));
        } catch (RuntimeException e) {
            LOG.warnf(e, "Call %s could not be ended for want of coins", callId);
        }
    }

    /** Consecutive slices of {@code items}, {@code size} at most each. */
    static <T> List<List<T>> batches(List<T> items, int size) {
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            batches.add(items.subList(from, Math.min(from + size, items.size())));
        }
        return batches;
    }

    private void reconcile(UUID callId) {
        String roomToAsk = QuarkusTransaction.requiringNew().call(() -> step(callId, Instant.now()));
        if (roomToAsk == null) {
            return;
        }
        if (PhoneCalls.isLine(roomToAsk)) {
            // A phone call has no room: its provider is asked instead, the callbacks being overdue.
            phoneCalls.checkWithProvider(callId);
            return;
        }
        Instant asked = Instant.now();
        Set<String> inRoom;
        try {
            inRoom = rooms.participants(roomToAsk);
        } catch (ApiException unavailable) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> calls.lock(callId).filter(c -> !c.status.isTerminal())
                .ifPresent(call -> {
                    Instant now = Instant.now();
                    // Nothing new: the next check step() already set stands, and no tick is spent on this call.
                    if (CallPresence.observed(call, inRoom, asked, now)) {
                        call.nextCheckAt = now;
                    } else if (call.connectedAt != null) {
                        call.nextCheckAt = call.nextCheckWhileConnected(config.participantCheckEvery());
                    }
                }));
    }

    /**
     * Applies what time has decided; returns the room to ask LiveKit about (for a phone call, its line: the provider is
     * to be asked), or null.
     */
    private String step(UUID callId, Instant now) {
        Call call = calls.lock(callId).orElse(null);
        if (call == null || call.status.isTerminal()) {
            return null;
        }
        call.updatedAt = now;
        if (phoneCalls.endIfCertainlyCut(call, now)) {
            return null;
        }
        switch (call.status) {
            case INITIATED -> {
                // The pod starting it died between our commit and LiveKit's answer.
                if (!now.isBefore(call.ringExpiresAt) && call.providerCallId != null) {
                    return askProvider(call, now);
                }
                if (!now.isBefore(call.ringExpiresAt)) {
                    ending.end(call, Call.Status.FAILED, "NOT_STARTED", now, now);
                } else {
                    call.nextCheckAt = call.ringExpiresAt;
                }
                return null;
            }
            case RINGING -> {
                // A phone call rings on the network, which alone knows whether it was answered.
                if (!now.isBefore(call.ringExpiresAt) && call.carrier == Call.Carrier.PHONE) {
                    return askProvider(call, now);
                }
                if (!now.isBefore(call.ringExpiresAt)) {
                    ending.end(call, Call.Status.MISSED, "NO_ANSWER", now, now);
                } else {
                    call.nextCheckAt = call.ringExpiresAt;
                }
                return null;
            }
            default -> {
                return call.connectedAt == null ? awaitConnection(call, now) : bill(call, now);
            }
        }
    }

    /** Asked again after a participant-check interval should the provider not settle it now. */
    private String askProvider(Call call, Instant now) {
        call.nextCheckAt = now.plus(config.participantCheckEvery());
        return call.roomName;
    }

    private String awaitConnection(Call call, Instant now) {
        Instant giveUp = call.answeredAt.plus(config.connectTimeout());
        if (!now.isBefore(giveUp)) {
            ending.end(call, Call.Status.FAILED, "NOT_CONNECTED", now, now);
            return null;
        }
        call.nextCheckAt = earliest(giveUp, now.plus(WEBHOOK_GRACE));
        return now.isBefore(call.answeredAt.plus(WEBHOOK_GRACE)) ? null : call.roomName;
    }

    private String bill(Call call, Instant now) {
        Instant departed = call.departedAt();
        if (departed != null) {
            Instant giveUp = departed.plus(config.departureTimeout());
            if (!now.isBefore(giveUp)) {
                ending.end(call, Call.Status.ENDED, "PARTICIPANT_LEFT", departed, now);
                return null;
            }
            // Not charged while someone is out: if they do not come back, the call ends when they left.
            call.nextCheckAt = giveUp;
            return null;
        }
        if (!billing.chargeStartedMinutes(call, now, now)) {
            ending.end(call, Call.Status.ENDED, "INSUFFICIENT_BALANCE", now, now);
            if (call.status.isTerminal()) {
                return null;
            }
            // A phone call that goes on until its provider reports the end: its minutes are tried again, should the
            // caller buy coins meanwhile, and its provider asked about as before.
        }
        call.nextCheckAt = call.nextCheckWhileConnected(config.participantCheckEvery());
        return now.isBefore(call.nextParticipantCheck(config.participantCheckEvery())) ? null : call.roomName;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
