package app.banter.call;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

/**
 * Who is in a call's room, from LiveKit's webhooks or from asking LiveKit. Each party's last join and last leave
 * are kept by the time they happened, so a late or reordered event cannot undo a newer one.
 */
final class CallPresence {

    private CallPresence() {
    }

    /** A join at {@code at} of LiveKit session {@code sid} (null when not known); the later join wins. */
    static void joined(Call call, UUID userId, String sid, Instant at) {
        if (call.callerId.equals(userId) && isAfter(at, call.callerJoinedAt)) {
            call.callerJoinedAt = at;
            call.callerJoinedSid = sid;
        } else if (call.calleeId.equals(userId) && isAfter(at, call.calleeJoinedAt)) {
            call.calleeJoinedAt = at;
            call.calleeJoinedSid = sid;
        }
        connectIfBothJoined(call);
    }

    /** A leave at {@code at} of LiveKit session {@code sid} (null when not known). */
    static void left(Call call, UUID userId, String sid, Instant at) {
        if (call.callerId.equals(userId) && isDeparture(call.callerAttendance(), sid, at)) {
            call.callerLeftAt = at;
            call.callerLeftSid = sid;
        } else if (call.calleeId.equals(userId) && isDeparture(call.calleeAttendance(), sid, at)) {
            call.calleeLeftAt = at;
            call.calleeLeftSid = sid;
        }
    }

    /**
     * Whether this leave is the one to record. The later leave wins, as the later join does, except while the party is
     * out: a leave of the session last joined, after that join but before the leave recorded, is the same departure,
     * known more exactly. The participant check records a departure when it notices it; LiveKit's webhook, however
     * late, says when it happened, and the call ends there.
     */
    private static boolean isDeparture(Call.Attendance party, String sid, Instant at) {
        if (isAfter(at, party.leftAt())) {
            return true;
        }
        return at.isBefore(party.leftAt()) && !party.isPresent()
                && (party.joinedAt() == null || at.isAfter(party.joinedAt()))
                && Call.Attendance.isSameSession(sid, party.joinedSid());
    }

    /**
     * What LiveKit said was in the room when it was {@code asked}, for calls whose webhooks may have gone missing.
     * Returns whether that changed who is in the room.
     *
     * <p>
     * A join or leave seen this way is dated a second before the whole second it was asked in, not when the answer was
     * applied: the list may be older than a webhook applied meanwhile, and LiveKit dates its webhooks in whole seconds.
     * Dated later, a party seen missing during a reconnect would count as gone though their new session's join came in
     * that second, and the call would end while both talk.
     */
    static boolean observed(Call call, Set<String> identities, Instant asked, Instant now) {
        Instant seenAt = asked.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        boolean changed = false;
        for (UUID party : new UUID[] { call.callerId, call.calleeId }) {
            boolean inRoom = identities.contains(LiveKitRooms.identity(party));
            boolean present = party.equals(call.callerId) ? call.isCallerPresent() : call.isCalleePresent();
            if (inRoom && !present) {
                joined(call, party, null, seenAt);
                changed = true;
            } else if (!inRoom && present) {
                left(call, party, null, seenAt);
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

    /** Whether {@code at} is after {@code recorded}, or nothing is recorded. */
    private static boolean isAfter(Instant at, Instant recorded) {
        return recorded == null || at.isAfter(recorded);
    }
}
