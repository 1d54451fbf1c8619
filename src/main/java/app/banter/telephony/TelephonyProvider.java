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

    /** The provider's current view of the call, or empty when it does not know it. */
    Optional<PhoneCallStatus> details(String providerCallId);

    /**
     * Hangs the call up if the provider's API can; a call already over is not an error. Returns whether the provider
     * was asked (Exotel's Voice v1 API has no hang-up: the TimeLimit given at connect ends the call).
     */
    boolean hangUp(String providerCallId);
}
