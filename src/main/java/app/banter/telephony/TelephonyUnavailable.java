package app.banter.telephony;

import app.banter.platform.error.ApiException;

/** The one answer for a provider that failed or could not be reached; carries nothing the provider said. */
public final class TelephonyUnavailable {

    private TelephonyUnavailable() {
    }

    public static ApiException of(String provider) {
        return new ApiException(502, "TELEPHONY_UNAVAILABLE", "The phone network (" + provider
                + ") could not place or check the call; try again or call in the app");
    }

    /**
     * A request to place a call that got no answer (a timeout, a dropped connection): unlike a refusal, the provider
     * may have placed the call, and its callbacks will name it.
     */
    public static ApiException unanswered(String provider) {
        return new Unanswered(provider);
    }

    /** Whether the provider may have placed the call that this failure was about. */
    public static boolean mayHavePlacedCall(ApiException failure) {
        return failure instanceof Unanswered;
    }

    private static final class Unanswered extends ApiException {

        Unanswered(String provider) {
            super(502, "TELEPHONY_UNAVAILABLE", "The phone network (" + provider + ") did not answer in time; the "
                    + "phones may still ring. If they do not, try again in two minutes or call in the app");
        }
    }
}
