package app.banter.telephony;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import app.banter.platform.error.ApiException;

/** The provider {@code banter.telephony.provider} names, if phone calls are on. */
@ApplicationScoped
public class TelephonyProviders {

    public static final String NONE = "none";

    private final TelephonyConfig config;
    private final Instance<TelephonyProvider> providers;

    TelephonyProviders(TelephonyConfig config, Instance<TelephonyProvider> providers) {
        this.config = config;
        this.providers = providers;
    }

    public boolean isEnabled() {
        return active().isPresent();
    }

    public Optional<TelephonyProvider> active() {
        if (NONE.equals(config.provider())) {
            return Optional.empty();
        }
        return providers.stream().filter(p -> p.name().equals(config.provider())).findFirst();
    }

    /**
     * The provider a call was placed with, whichever is active now, so that switching providers does not strand the
     * calls in progress; the active one for a call placed before the provider was recorded (null).
     */
    public Optional<TelephonyProvider> placedWith(String name) {
        if (name == null) {
            return active();
        }
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The provider to place a call with; 400 PHONE_CALLS_DISABLED when there is none. */
    public TelephonyProvider require() {
        return active().orElseThrow(() -> ApiException.badRequest("PHONE_CALLS_DISABLED",
                "Calls over the phone network are not available; call in the app (carrier APP)"));
    }
}
