package app.banter.telephony;

import java.time.Instant;
import java.util.UUID;

/**
 * What a provider says about one of our phone calls, from a status callback or from its call details, in terms
 * common to all providers.
 *
 * @param callId our call, when the provider echoed it back (callback URL); otherwise found by {@code providerCallId}
 * @param providerCallId the provider's id of the call we placed (Exotel CallSid, Twilio parent CallSid)
 * @param stage where the call is
 * @param at when it got there, by the provider's clock
 * @param bridgedSeconds for a finished call, how long the two parties were connected, when the provider says
 */
public record PhoneCallStatus(UUID callId, String providerCallId, Stage stage, Instant at, Integer bridgedSeconds) {

    public enum Stage {
        /** Placed, a phone ringing, or the caller picked up and the callee is being rung: nothing to charge yet. */
        RINGING,
        /** Both phones connected: billing starts. */
        BRIDGED,
        /** Over after a conversation, or hung up before one. */
        COMPLETED,
        BUSY,
        NO_ANSWER,
        FAILED,
        CANCELED;

        public boolean isFinal() {
            return this != RINGING && this != BRIDGED;
        }
    }
}
