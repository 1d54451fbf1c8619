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
}
