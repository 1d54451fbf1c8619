package app.banter.telephony.exotel;

import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.platform.web.ProviderApis;
import app.banter.telephony.PhoneCallRequest;
import app.banter.telephony.PhoneCallStatus;
import app.banter.telephony.TelephonyConfig;
import app.banter.telephony.TelephonyProvider;
import app.banter.telephony.TelephonyUnavailable;

/**
 * Exotel's "connect two numbers": Exotel rings From (the caller) first and, once they pick up, To (the callee), both
 * seeing our ExoPhone as the caller id; TimeLimit cuts the bridged call when the caller's coins run out, and the
 * StatusCallback reports "answered" and the terminal status. Exotel's Voice v1 API has no way to hang a call up, so
 * a call we end on our side goes on until the parties hang up or its TimeLimit runs, and is settled from Exotel's
 * report of its end. Log lines name the call and the HTTP status only.
 */
@ApplicationScoped
public class ExotelProvider implements TelephonyProvider {

    public static final String NAME = "exotel";
    /** Exotel's largest TimeLimit: 4 hours (developer.exotel.com/docs/voice-v1/api-reference/connect-two-numbers). */
    static final int MAX_TIME_LIMIT = 14_400;

    private static final Logger LOG = Logger.getLogger(ExotelProvider.class);

    private final TelephonyConfig config;
    private ExotelApi api;

    ExotelProvider(TelephonyConfig config) {
        this.config = config;
    }

    @PostConstruct
    void connectClient() {
        TelephonyConfig.Exotel exotel = config.exotel();
        api = ProviderApis.client(ExotelApi.class, exotel.baseUrl(), exotel.timeout(), exotel.apiKey().orElse(""),
                exotel.apiToken().orElse(""));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String connect(PhoneCallRequest request) {
        TelephonyConfig.Exotel exotel = config.exotel();
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.add("From", request.from());
        form.add("To", request.to());
        form.add("CallerId", exotel.callerId().orElse(""));
        form.add("CallType", "trans");
        form.add("TimeLimit", Integer.toString(request.timeLimitSeconds()));
        form.add("TimeOut", Long.toString(config.ringTimeout().toSeconds()));
        form.add("CustomField", request.callId().toString());
        form.add("StatusCallback", callbackUrl(request));
        form.add("StatusCallbackContentType", "application/json");
        form.add("StatusCallbackEvents[0]", "answered");
        form.add("StatusCallbackEvents[1]", "terminal");
        JsonNode placed = call("connect call " + request.callId(),
                () -> api.connect(exotel.accountSid().orElse(""), form));
        String sid = ExotelCalls.text(placed.path("Call"), "Sid");
        if (sid == null || sid.isBlank()) {
            // Exotel took the request: the call may well be placed, and its callbacks will name it.
            LOG.warnf("Exotel: connect call %s answered without a Sid", request.callId());
            throw TelephonyUnavailable.unconfirmed(NAME);
        }
        return sid;
    }

    @Override
    public int maxTimeLimitSeconds() {
        return MAX_TIME_LIMIT;
    }

    @Override
    public Optional<PhoneCallStatus> details(String providerCallId) {
        try {
            JsonNode call = api.call(config.exotel().accountSid().orElse(""), providerCallId, true);
            return Optional.ofNullable(ExotelCalls.fromDetails(call, ZoneId.of(config.exotel().timeZone())));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return Optional.empty();
            }
            LOG.warnf("Exotel: could not read call %s: HTTP %d", providerCallId, e.getResponse().getStatus());
            throw TelephonyUnavailable.of(NAME);
        } catch (ProcessingException e) {
            LOG.warnf("Exotel: could not read call %s: %s", providerCallId, ProviderApis.whyUnreachable(e));
            throw TelephonyUnavailable.of(NAME);
        }
    }

    /** Exotel's Voice v1 API has no hang-up: the TimeLimit given at connect is what ends the call on the network. */
    @Override
    public boolean canHangUp() {
        return false;
    }

    @Override
    public void hangUp(String providerCallId) {
        throw new UnsupportedOperationException("Exotel's Voice v1 API has no hang-up");
    }

    /** Our callback URL with the secret token Exotel proves itself with, and our call id to find the call by. */
    private String callbackUrl(PhoneCallRequest request) {
        return config.callbackBaseUrl() + "/api/v1/webhooks/exotel/" + config.exotel().callbackToken().orElse("")
                + "?callId=" + request.callId();
    }

    private static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            LOG.warnf("Exotel: could not %s: HTTP %d", what, status);
            // A 4xx is a refusal; a 5xx (Exotel, or the gateway in front of it, failing or timing out) may come after
            // Exotel queued the call.
            throw status >= 500 ? TelephonyUnavailable.unconfirmed(NAME) : TelephonyUnavailable.of(NAME);
        } catch (ProcessingException e) {
            LOG.warnf("Exotel: could not %s: %s", what, ProviderApis.whyUnreachable(e));
            // No answer came back, yet the request may have reached Exotel and the call be ringing.
            throw TelephonyUnavailable.unconfirmed(NAME);
        }
    }
}
