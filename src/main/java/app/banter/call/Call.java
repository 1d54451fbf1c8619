package app.banter.call;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;

@Entity
@Table(name = "calls")
public class Call {

    public enum Type {
        AUDIO,
        VIDEO
    }

    /** What carries the call: LiveKit over the apps, or the telephony provider bridging the parties' phones. */
    public enum Carrier {
        APP,
        PHONE
    }

    public enum Status {
        INITIATED,
        RINGING,
        ANSWERED,
        ENDED,
        MISSED,
        REJECTED,
        CANCELLED,
        FAILED;

        static final Set<Status> ACTIVE = EnumSet.of(INITIATED, RINGING, ANSWERED);

        public boolean isTerminal() {
            return !ACTIVE.contains(this);
        }
    }

    @Id
    public UUID id;

    public UUID callerId;

    public UUID calleeId;

    @Enumerated(EnumType.STRING)
    public Type type;

    @Enumerated(EnumType.STRING)
    public Status status;

    public String roomName;

    @Enumerated(EnumType.STRING)
    public Carrier carrier = Carrier.APP;

    /** The telephony provider's id of a PHONE call, once it accepted it. */
    public String providerCallId;

    /**
     * The name of the telephony provider a PHONE call was placed with, which is asked about it, hangs it up and sends
     * its callbacks even after the operator switched providers; null for calls placed before it was recorded.
     */
    public String telephonyProvider;

    /**
     * The seconds the provider is told to let a PHONE call last at most (its TimeLimit), set as it is asked: what the
     * caller can afford, capped at the provider's own maximum.
     */
    public Integer timeLimitSeconds;

    /**
     * When our side asked to end a PHONE call that its provider cannot hang up: the phones may still be bridged, so
     * the call stays open, billed as before, until the provider reports its end.
     */
    public Instant endRequestedAt;

    public long ratePerMinute;

    public int calleeSharePercent;

    public int graceSeconds;

    public UUID holdId;

    public Instant ringExpiresAt;

    public Instant answeredAt;

    public Instant callerJoinedAt;

    public Instant callerLeftAt;

    public Instant calleeJoinedAt;

    public Instant calleeLeftAt;

    /** The LiveKit participant sid (the session) of each recorded join and leave above; null when not known. */
    public String callerJoinedSid;

    public String callerLeftSid;

    public String calleeJoinedSid;

    public String calleeLeftSid;

    public Instant connectedAt;

    public int billedMinutes;

    /**
     * Derived, for the reconciler's queries to compare ({@link BillingQueueRepository}): when the next unbilled
     * minute starts, and whether both parties are in the room by our record. Written from the fields they derive
     * from whenever the call is written, so the rule lives only here.
     */
    Instant nextMinuteAt;

    boolean bothPresent;

    public long coinsCharged;

    public Instant participantsCheckedAt;

    public Instant nextCheckAt;

    public Instant endedAt;

    public String endReason;

    public Integer durationSeconds;

    public Instant createdAt;

    public Instant updatedAt;

    public boolean isParty(UUID userId) {
        return callerId.equals(userId) || calleeId.equals(userId);
    }

    public UUID otherParty(UUID userId) {
        return callerId.equals(userId) ? calleeId : callerId;
    }

    /**
     * When the phone network has cut a PHONE call at the latest, whatever became of it: its ring window, then the time
     * limit the provider was given. Null when the provider was never asked to place it.
     */
    Instant lineCutBy() {
        return timeLimitSeconds == null ? null : ringExpiresAt.plusSeconds(timeLimitSeconds);
    }

    /** Minute {@code n} (from 1) of connected time starts after the free grace, one minute after the previous. */
    public Instant minuteStart(int n) {
        return connectedAt.plusSeconds(graceSeconds).plus(Duration.ofMinutes(n - 1L));
    }

    /** When minute {@code billedMinutes + 1} starts; null before the call connected. */
    Instant nextMinuteStart() {
        return connectedAt == null ? null : minuteStart(billedMinutes + 1);
    }

    @PrePersist
    @PreUpdate
    void deriveBillingState() {
        nextMinuteAt = nextMinuteStart();
        bothPresent = isCallerPresent() && isCalleePresent();
    }

    /** Whether minute {@code billedMinutes + 1} has started by {@code until}: it is to be charged. */
    boolean hasMinuteDue(Instant until) {
        return !minuteStart(billedMinutes + 1).isAfter(until);
    }

    /** When the next participant check of a connected call is due: {@code every} after the last, or connecting. */
    Instant nextParticipantCheck(Duration every) {
        return (participantsCheckedAt == null ? connectedAt : participantsCheckedAt).plus(every);
    }

    /** When a connected call next needs the reconciler: its next minute, or its next participant check if sooner. */
    Instant nextCheckWhileConnected(Duration participantCheckEvery) {
        Instant nextMinute = nextMinuteStart();
        Instant nextParticipantCheck = nextParticipantCheck(participantCheckEvery);
        return nextMinute.isBefore(nextParticipantCheck) ? nextMinute : nextParticipantCheck;
    }

    boolean isCallerPresent() {
        return callerAttendance().isPresent();
    }

    boolean isCalleePresent() {
        return calleeAttendance().isPresent();
    }

    Attendance callerAttendance() {
        return new Attendance(callerJoinedAt, callerJoinedSid, callerLeftAt, callerLeftSid);
    }

    Attendance calleeAttendance() {
        return new Attendance(calleeJoinedAt, calleeJoinedSid, calleeLeftAt, calleeLeftSid);
    }

    /** When the first of the parties currently out of the room left, or null when both are in. */
    Instant departedAt() {
        Instant caller = isCallerPresent() ? null : callerLeftAt;
        Instant callee = isCalleePresent() ? null : calleeLeftAt;
        if (caller == null) {
            return callee;
        }
        return callee == null || caller.isBefore(callee) ? caller : callee;
    }

    /** One party's last recorded join and leave, each with the LiveKit session it was of when known. */
    record Attendance(Instant joinedAt, String joinedSid, Instant leftAt, String leftSid) {

        /**
         * Joined and not left since. A leave of another session than the one last joined is not theirs to count (a
         * reconnect under the same identity: the old session's leave may come after the new one's join). LiveKit's
         * times are whole seconds, so a leave in the very second of the join is a quick reconnect: present.
         */
        boolean isPresent() {
            return joinedAt != null
                    && (leftAt == null || !leftAt.isAfter(joinedAt) || !isSameSession(joinedSid, leftSid));
        }

        /** Whether two sessions are one, or may be (either unknown). */
        static boolean isSameSession(String sid, String other) {
            return sid == null || other == null || sid.equals(other);
        }
    }
}
