package app.banter.telephony.twilio;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.HttpMethod;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Number;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;

import app.banter.telephony.PhoneCallRequest;
import app.banter.telephony.PhoneCallStatus;
import app.banter.telephony.PhoneCallStatus.Stage;
import app.banter.telephony.TelephonyConfig;
import app.banter.telephony.TelephonyProvider;
import app.banter.telephony.TelephonyUnavailable;

/**
 * Twilio through its SDK (twilio.com/docs/voice/api/call-resource, /docs/voice/twiml/dial, /docs/voice/twiml/number):
 * we call the caller from our Twilio number; when they pick up, the TwiML given with the call dials the callee with
 * our number as caller id and {@code timeLimit} = the seconds the caller can afford. The caller's leg (the call we
 * create, whose sid we keep) and the callee's leg (its child, ParentCallSid = ours) both report to our status
 * callback; the child's "in-progress" is the bridge. Hanging up is updating our call to status=completed. Log lines
 * name the call and Twilio's error code only: Twilio's messages may quote a number.
 */
@ApplicationScoped
public class TwilioProvider implements TelephonyProvider {

    public static final String NAME = "twilio";
    /**
     * Twilio's maximum call length unless an account is set to allow more (up to 24 hours), and {@code <Dial
     * timeLimit>}'s default: 4 hours. Asking for no more keeps when the network cuts a call known, whatever the
     * account's setting.
     */
    private static final int MAX_TIME_LIMIT = 14_400;
    /** "Call is not in-progress": hanging up a call that is already over. */
    private static final int CALL_NOT_IN_PROGRESS = 21220;

    private static final Logger LOG = Logger.getLogger(TwilioProvider.class);

    private final TelephonyConfig config;
    private TwilioRestClient client;

    TwilioProvider(TelephonyConfig config) {
        this.config = config;
    }

    @PostConstruct
    void connectClient() {
        TelephonyConfig.Twilio twilio = config.twilio();
        TwilioRestClient.Builder builder = new TwilioRestClient.Builder(twilio.accountSid().orElse("unset"),
                twilio.authToken().orElse("unset"));
        builder.httpClient(twilio.baseUrl().<SingleAttemptHttpClient>map(StandInHttpClient::new)
                .orElseGet(SingleAttemptHttpClient::new));
        client = builder.build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String connect(PhoneCallRequest request) {
        String ourNumber = config.twilio().fromNumber().orElse("");
        String callback = callbackUrl(request);
        int ringSeconds = (int) config.ringTimeout().toSeconds();
        String twiml = new VoiceResponse.Builder()
                .dial(new Dial.Builder().callerId(ourNumber).timeLimit(request.timeLimitSeconds())
                        .timeout(ringSeconds)
                        .number(new Number.Builder(request.to())
                                .statusCallbackEvents(List.of(Number.Event.ANSWERED, Number.Event.COMPLETED))
                                .statusCallback(callback).statusCallbackMethod(HttpMethod.POST).build())
                        .build())
                .build().toXml();
        String what = "connect call " + request.callId();
        try {
            return Call.creator(new PhoneNumber(request.from()), new PhoneNumber(ourNumber), new Twiml(twiml))
                    .setTimeout(ringSeconds)
                    // The caller's leg is also cut when the money runs out, in case the dial outlives it.
                    .setTimeLimit(request.timeLimitSeconds() + ringSeconds)
                    .setStatusCallback(callback)
                    .setStatusCallbackMethod(HttpMethod.POST)
                    .setStatusCallbackEvent(List.of("initiated", "ringing", "answered", "completed"))
                    .create(client).getSid();
        } catch (ApiConnectionException e) {
            // No answer came back, yet the request may have reached Twilio and the call be ringing.
            logFailure(what, e);
            throw TelephonyUnavailable.unconfirmed(NAME);
        } catch (ApiException e) {
            logFailure(what, e);
            // Only Twilio's 4xx is a refusal. A 5xx may come after Twilio queued the call, and so may an answer the SDK
            // could not read (no status: a gateway's error page, or a 2xx it could not parse).
            boolean refused = e.getStatusCode() != null && e.getStatusCode() < 500;
            throw refused ? TelephonyUnavailable.of(NAME) : TelephonyUnavailable.unconfirmed(NAME);
        } catch (TwilioException e) {
            throw unavailable(what, e);
        }
    }

    @Override
    public int maxTimeLimitSeconds() {
        return MAX_TIME_LIMIT;
    }

    @Override
    public Optional<PhoneCallStatus> details(String providerCallId) {
        Call parent;
        try {
            parent = Call.fetcher(providerCallId).fetch(client);
        } catch (ApiException e) {
            if (Integer.valueOf(404).equals(e.getStatusCode())) {
                return Optional.empty();
            }
            throw unavailable("read call " + providerCallId, e);
        } catch (TwilioException e) {
            throw unavailable("read call " + providerCallId, e);
        }
        List<Call> children = call("read the legs of call " + providerCallId, () -> {
            List<Call> legs = new java.util.ArrayList<>();
            Call.reader().setParentCallSid(providerCallId).read(client).forEach(legs::add);
            return legs;
        });
        // The callee's leg says whether and for how long the phones were bridged; without one, the caller's leg says
        // how the call went.
        Call callee = children.isEmpty() ? null : children.get(0);
        if (callee != null && (callee.getStatus() == Call.Status.IN_PROGRESS
                || callee.getStatus() == Call.Status.COMPLETED)) {
            if (callee.getStatus() == Call.Status.IN_PROGRESS) {
                return Optional.of(new PhoneCallStatus(null, providerCallId, Stage.BRIDGED,
                        instant(callee.getStartTime()), null));
            }
            return Optional.of(new PhoneCallStatus(null, providerCallId, Stage.COMPLETED,
                    instant(callee.getEndTime()), seconds(callee.getDuration())));
        }
        Call about = callee != null && parent.getStatus() == Call.Status.COMPLETED ? callee : parent;
        Stage stage = TwilioStatuses.stage(about.getStatus().toString(), false);
        if (stage == null) {
            return Optional.empty();
        }
        Instant at = stage.isFinal() ? instant(about.getEndTime()) : Instant.now();
        return Optional.of(new PhoneCallStatus(null, providerCallId, stage, at,
                stage == Stage.COMPLETED ? Integer.valueOf(0) : null));
    }

    @Override
    public boolean canHangUp() {
        return true;
    }

    @Override
    public void hangUp(String providerCallId) {
        try {
            Call.updater(providerCallId).setStatus(Call.UpdateStatus.COMPLETED).update(client);
        } catch (ApiException e) {
            if (!Integer.valueOf(CALL_NOT_IN_PROGRESS).equals(e.getCode())) {
                throw unavailable("hang up call " + providerCallId, e);
            }
        } catch (TwilioException e) {
            throw unavailable("hang up call " + providerCallId, e);
        }
    }

    private String callbackUrl(PhoneCallRequest request) {
        return config.callbackBaseUrl() + TwilioWebhookVerifier.PATH + "?callId=" + request.callId();
    }

    private static Instant instant(ZonedDateTime time) {
        return time == null ? Instant.now() : time.toInstant();
    }

    private static Integer seconds(String duration) {
        try {
            return duration == null ? null : Integer.valueOf(duration.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (TwilioException e) {
            throw unavailable(what, e);
        }
    }

    private static RuntimeException unavailable(String what, TwilioException e) {
        logFailure(what, e);
        return TelephonyUnavailable.of(NAME);
    }

    private static void logFailure(String what, TwilioException e) {
        Integer code = e instanceof ApiException api ? api.getCode() : null;
        LOG.warnf("Twilio: could not %s: %s%s", what, e.getClass().getSimpleName(),
                code == null ? "" : " (error " + code + ")");
    }
}
