package app.banter.telephony;

import java.util.Optional;

/**
 * A telephony provider that bridges two phone numbers. Implementations never put a phone number in a log line or an
 * exception message; a provider that cannot be reached answers {@code ApiException} 502 TELEPHONY_UNAVAILABLE.
 */
public interface TelephonyProvider {

    /** The name in {@code banter.telephony.provider} and in the webhook inbox. */
    String name();

    /** Places the call; returns the provider's id of it. */
    String connect(PhoneCallRequest request);

    /**
     * The longest time limit the provider keeps a call to. A call is placed with at most this, so that when the
     * network cuts it is known whatever the caller could afford: a call whose end is never reported ends there.
     */
    int maxTimeLimitSeconds();

    /** The provider's current view of the call, or empty when it does not know it. */
    Optional<PhoneCallStatus> details(String providerCallId);

    /**
     * Whether {@link #hangUp} can end a call on the network. A provider that cannot (Exotel's Voice v1 API has no
     * hang-up) keeps the phones bridged after our side ends the call, up to the TimeLimit given at connect: such a
     * call is settled only when the provider reports its end, with the real duration.
     */
    boolean canHangUp();

    /** Hangs the call up; a call already over is not an error. Asked only of a provider that {@link #canHangUp}. */
    void hangUp(String providerCallId);
}
