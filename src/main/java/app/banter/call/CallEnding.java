package app.banter.call;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.call.CallEvents.CallEnded;
import app.banter.platform.AfterCommit;
import app.banter.realtime.Presence;
import app.banter.realtime.RealtimeEvents;

/**
 * Ends a call, whoever ends it (a party, the reconciler, a LiveKit webhook): final charge of the minutes started
 * before the end, release of what the hold still reserves, minutes billed after an end learnt late given back, the
 * parties free again, both told, the room closed.
 * Runs in the caller's transaction with the call row locked; terminal calls are never changed again.
 */
@ApplicationScoped
public class CallEnding {

    private final CallRepository calls;
    private final CallBilling billing;
    private final Presence presence;
    private final RealtimeEvents events;
    private final LiveKitRooms rooms;
    private final AfterCommit afterCommit;
    private final CallMetrics metrics;

    CallEnding(CallRepository calls, CallBilling billing, Presence presence, RealtimeEvents events,
            LiveKitRooms rooms, AfterCommit afterCommit, CallMetrics metrics) {
        this.calls = calls;
        this.billing = billing;
        this.presence = presence;
        this.events = events;
        this.rooms = rooms;
        this.afterCommit = afterCommit;
        this.metrics = metrics;
    }

    void end(Call call, Call.Status status, String reason, Instant endedAt, Instant now) {
        if (call.status.isTerminal()) {
            return;
        }
        if (call.connectedAt != null && status == Call.Status.ENDED) {
            // A minute the caller cannot pay at the very end is simply not charged: the call is over anyway.
            billing.chargeStartedMinutes(call, endedAt, now);
        }
        billing.release(call);
        // After the hold operations, as the ledger's lock order wants: an end learnt late keeps no later minute.
        billing.giveBackMinutesStartedAfter(call, endedAt);
        call.status = status;
        call.endReason = reason;
        call.endedAt = endedAt;
        call.durationSeconds = call.connectedAt == null || endedAt.isBefore(call.connectedAt) ? 0
                : (int) Duration.between(call.connectedAt, endedAt).toSeconds();
        call.updatedAt = now;
        calls.leaveParties(call);
        metrics.ended(status, reason);
        events.sendToUsers(List.of(call.callerId, call.calleeId),
                new CallEnded(call.id, call.callerId, call.status, reason, call.durationSeconds, call.coinsCharged));
        String room = call.roomName;
        afterCommit.run(() -> {
            presence.clearBusy(call.callerId);
            presence.clearBusy(call.calleeId);
            rooms.deleteRoom(room);
        });
    }
}
