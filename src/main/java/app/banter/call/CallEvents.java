package app.banter.call;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonTypeName;

import app.banter.realtime.ServerEvent;
import app.banter.user.UserSummary;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The call.* events both parties receive over the realtime gateway. */
public final class CallEvents {

    private CallEvents() {
    }

    /**
     * To the callee: who calls, and how to answer (accept with POST /calls/{id}/accept). "callType", because "type"
     * names the event.
     */
    @JsonTypeName("call.incoming")
    @RegisterForReflection
    public record CallIncoming(UUID callId, UserSummary caller, Call.Type callType, long ratePerMinute)
            implements ServerEvent.CallEvent {
    }

    @JsonTypeName("call.accepted")
    @RegisterForReflection
    public record CallAccepted(UUID callId) implements ServerEvent.CallEvent {
    }

    @JsonTypeName("call.rejected")
    @RegisterForReflection
    public record CallRejected(UUID callId) implements ServerEvent.CallEvent {
    }

    /**
     * Any end: hung up, cancelled, missed, failed, out of coins (reason INSUFFICIENT_BALANCE), or a party banned or
     * gone (PARTY_BANNED, ACCOUNT_DELETED). The caller is named so that each side knows which it was (a MISSED call is
     * a missed call only for the other one).
     */
    @JsonTypeName("call.ended")
    @RegisterForReflection
    public record CallEnded(UUID callId, UUID callerId, Call.Status status, String reason, int durationSeconds,
            long coinsCharged) implements ServerEvent.CallEvent {
    }
}
