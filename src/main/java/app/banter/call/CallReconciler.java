package app.banter.call;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import app.banter.platform.error.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Moves every active call along with time, on every pod: misses unanswered calls, fails calls that never connected,
 * charges each started minute, ends calls whose payer cannot pay the next minute or whose party left for good,
 * and asks LiveKit who is in the room when webhooks may have gone missing. Calls are claimed under
 * FOR UPDATE SKIP LOCKED with a lease; each is then handled in its own transaction with its row locked, and minutes
 * are charged under keys naming the call and the minute, so two reconcilers never charge a minute twice and one
 * killed half-way loses nothing: its calls come back when the lease ends.
 */
@ApplicationScoped
public class CallReconciler {

    private static final Logger LOG = Logger.getLogger(CallReconciler.class);

    private final CallRepository calls;
    private final CallBilling billing;
    private final CallEnding ending;
    private final LiveKitRooms rooms;
    private final CallConfig config;

    CallReconciler(CallRepository calls, CallBilling billing, CallEnding ending, LiveKitRooms rooms,
            CallConfig config) {
        this.calls = calls;
        this.billing = billing;
        this.ending = ending;
        this.rooms = rooms;
        this.config = config;
    }

    @Scheduled(every = "{banter.calls.reconciler.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        reconcile();
    }

    /** One pass over the calls that are due now; returns how many it looked at. */
    public int reconcile() {
        Instant now = Instant.now();
        List<UUID> due = QuarkusTransaction.requiringNew().call(
                () -> calls.claimDue(now, now.plus(config.reconciler().lease()), config.reconciler().batchSize()));
        for (UUID callId : due) {
            try {
                reconcile(callId);
            } catch (RuntimeException e) {
                // Left for the next pass when the lease ends; one bad call must not stop the others.
                LOG.warnf(e, "Call %s could not be reconciled", callId);
            }
        }
        return due.size();
    }

    private void reconcile(UUID callId) {
        String roomToAsk = QuarkusTransaction.requiringNew().call(() -> step(callId, Instant.now()));
        if (roomToAsk == null) {
            return;
        }
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
                    if (CallPresence.observed(call, inRoom, now)) {
                        call.nextCheckAt = now;
                    } else if (call.connectedAt != null) {
                        call.nextCheckAt = earliest(call.minuteStart(call.billedMinutes + 1),
                                now.plus(config.participantCheckEvery()));
                    }
                }));
    }

    /** Applies what time has decided; returns the room to ask LiveKit about, or null. */
    private String step(UUID callId, Instant now) {
        Call call = calls.lock(callId).orElse(null);
        if (call == null || call.status.isTerminal()) {
            return null;
        }
        call.updatedAt = now;
        switch (call.status) {
            case INITIATED -> {
                // The pod starting it died between our commit and LiveKit's answer.
                if (!now.isBefore(call.ringExpiresAt)) {
                    ending.end(call, Call.Status.FAILED, "NOT_STARTED", now, now);
                } else {
                    call.nextCheckAt = call.ringExpiresAt;
                }
                return null;
            }
            case RINGING -> {
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

    private String awaitConnection(Call call, Instant now) {
        Instant giveUp = call.answeredAt.plus(config.connectTimeout());
        if (!now.isBefore(giveUp)) {
            ending.end(call, Call.Status.FAILED, "NOT_CONNECTED", now, now);
            return null;
        }
        call.nextCheckAt = earliest(giveUp, now.plusSeconds(5));
        // Joins are normally reported by webhook within a second or two; after that, ask.
        return now.isAfter(call.answeredAt.plusSeconds(5)) ? call.roomName : null;
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
            return null;
        }
        Instant lastCheck = call.participantsCheckedAt == null ? call.connectedAt : call.participantsCheckedAt;
        Instant nextParticipantCheck = lastCheck.plus(config.participantCheckEvery());
        call.nextCheckAt = earliest(call.minuteStart(call.billedMinutes + 1), nextParticipantCheck);
        return now.isBefore(nextParticipantCheck) ? null : call.roomName;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
