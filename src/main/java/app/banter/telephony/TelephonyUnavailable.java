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
     * A request to place a call whose outcome we cannot know: no answer came (a timeout, a dropped connection), the
     * provider or a gateway in front of it failed (5xx) after the request reached it, or it answered without naming
     * the call. Unlike a refusal (4xx), the provider may have placed the call, and its callbacks will name it.
     */
    public static ApiException unconfirmed(String provider) {
        return new Unconfirmed(provider);
    }

    /** Whether the provider may have placed the call that this failure was about. */
    public static boolean mayHavePlacedCall(ApiException failure) {
        return failure instanceof Unconfirmed;
    }

    private static final class Unconfirmed extends ApiException {

        Unconfirmed(String provider) {
            super(502, "TELEPHONY_UNAVAILABLE", "The phone network (" + provider + ") did not confirm the call; the "
                    + "phones may still ring. If they do not, try again in two minutes or call in the app");
        }
    }
}
