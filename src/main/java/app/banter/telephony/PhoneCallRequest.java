package app.banter.telephony;

import java.util.UUID;

/**
 * Bridge {@code from} (the caller, rung first) to {@code to} (the callee) for at most {@code timeLimitSeconds} of
 * conversation. Carries phone numbers: its text form names none, so that it is safe in any log or exception.
 */
public record PhoneCallRequest(UUID callId, String from, String to, int timeLimitSeconds) {

    @Override
    public String toString() {
        return "PhoneCallRequest[callId=" + callId + ", timeLimitSeconds=" + timeLimitSeconds + "]";
    }
}
