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
            call.callerLeftAt = departure(call.callerJoinedAt, call.callerLeftAt, at);
        } else if (call.calleeId.equals(userId)) {
            call.calleeLeftAt = departure(call.calleeJoinedAt, call.calleeLeftAt, at);
        }
    }

    /**
     * The later leave wins, as the later join does, except while the party is out: a leave after their last join but
     * before the one recorded is the same departure, known more exactly. The participant check records a departure
     * when it notices it; LiveKit's webhook, however late, says when it happened, and the call ends there.
     */
    private static Instant departure(Instant joinedAt, Instant leftAt, Instant at) {
        boolean sameAbsence = leftAt != null && at.isBefore(leftAt)
                && (joinedAt == null || (at.isAfter(joinedAt) && !leftAt.isBefore(joinedAt)));
        return sameAbsence ? at : later(leftAt, at);
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
