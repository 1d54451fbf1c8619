package app.banter.call;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Who is in a call's room, from LiveKit's webhooks or from asking LiveKit. Each party's last join and last leave
 * are kept by the time they happened, so a late or reordered event cannot undo a newer one.
 */
final class CallPresence {

    private CallPresence() {
    }

    static void joined(Call call, UUID userId, Instant at) {
        if (call.callerId.equals(userId)) {
            call.callerJoinedAt = later(call.callerJoinedAt, at);
        } else if (call.calleeId.equals(userId)) {
            call.calleeJoinedAt = later(call.calleeJoinedAt, at);
        }
        connectIfBothJoined(call);
    }

    static void left(Call call, UUID userId, Instant at) {
        if (call.callerId.equals(userId)) {
            call.callerLeftAt = later(call.callerLeftAt, at);
        } else if (call.calleeId.equals(userId)) {
            call.calleeLeftAt = later(call.calleeLeftAt, at);
        }
    }

    /**
     * What LiveKit says is in the room now, for calls whose webhooks may have gone missing. Returns whether that
     * changed who is in the room.
     */
    static boolean observed(Call call, Set<String> identities, Instant now) {
        boolean changed = false;
        for (UUID party : new UUID[] { call.callerId, call.calleeId }) {
            boolean inRoom = identities.contains(LiveKitRooms.identity(party));
            boolean present = party.equals(call.callerId) ? call.isCallerPresent() : call.isCalleePresent();
            if (inRoom && !present) {
                joined(call, party, now);
                changed = true;
            } else if (!inRoom && present) {
                left(call, party, now);
                changed = true;
            }
        }
        call.participantsCheckedAt = now;
        return changed;
    }

    /** Billing starts once the call is answered and both parties are in the room, whichever happened last. */
    static void connectIfBothJoined(Call call) {
        if (call.connectedAt != null || call.answeredAt == null || call.status != Call.Status.ANSWERED
                || !call.isCallerPresent() || !call.isCalleePresent()) {
            return;
        }
        call.connectedAt = later(later(call.answeredAt, call.callerJoinedAt), call.calleeJoinedAt);
        call.nextCheckAt = call.minuteStart(1);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }
}
