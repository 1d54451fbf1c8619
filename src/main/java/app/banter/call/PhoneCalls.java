package app.banter.call;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import app.banter.call.CallEvents.CallAccepted;
import app.banter.platform.error.ApiException;
import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.platform.webhook.WebhookOutcome;
import app.banter.realtime.Presence;
import app.banter.realtime.RealtimeEvents;
import app.banter.telephony.PhoneCallHandler;
import app.banter.telephony.PhoneCallRequest;
import app.banter.telephony.PhoneCallStatus;
import app.banter.telephony.TelephonyProvider;
import app.banter.telephony.TelephonyProviders;
import app.banter.user.Users;
import app.banter.wallet.Accounts;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Calls carried by the phone network (carrier PHONE): the same call, holds, minutes and endings as app calls, with
 * the telephony provider in LiveKit's place. The provider bridges the parties' phones; its status callbacks (or, when
 * they are overdue, its call details, asked by the reconciler) say when the phones were bridged and when the call
 * ended, and those times drive billing exactly as LiveKit's joins and leaves do. Phone numbers are read only to hand
 * them to the provider: never stored, logged or returned.
 */
@ApplicationScoped
public class PhoneCalls implements PhoneCallHandler {

    /** What stands in the room-name column of a phone call: no LiveKit room, but unique as room names are. */
    static final String LINE_PREFIX = "phone-";

    private static final Logger LOG = Logger.getLogger(PhoneCalls.class);

    private final CallRepository calls;
    private final CallEnding ending;
    private final TelephonyProviders providers;
    private final Users users;
    private final Accounts accounts;
    private final Presence presence;
    private final RealtimeEvents events;
    private final CallConfig config;

    PhoneCalls(CallRepository calls, CallEnding ending, TelephonyProviders providers, Users users, Accounts accounts,
            Presence presence, RealtimeEvents events, CallConfig config) {
        this.calls = calls;
        this.ending = ending;
        this.providers = providers;
        this.users = users;
        this.accounts = accounts;
        this.presence = presence;
        this.events = events;
        this.config = config;
    }

    static boolean isLine(String roomName) {
        return roomName.startsWith(LINE_PREFIX);
    }

    /** 400 unless a PHONE call of this type can be placed: a provider is configured, and it is a voice call. */
    void requireAvailable(Call.Type type) {
        providers.require();
        if (type != Call.Type.AUDIO) {
            throw ApiException.badRequest("PHONE_CALL_AUDIO_ONLY", "Calls over the phone network are voice only");
        }
    }

    /**
     * Asks the provider to bridge the parties' phones for as long as the caller can pay, and records its id of the
     * call. Runs after the call and its first-minute hold committed, outside any transaction.
     */
    void dial(Call call) {
        TelephonyProvider provider = providers.require();
        Optional<String> from = users.phoneNumber(call.callerId);
        Optional<String> to = users.phoneNumber(call.calleeId);
        if (from.isEmpty() || to.isEmpty()) {
            throw ApiException.conflict("PHONE_NUMBER_MISSING", "A phone number to bridge is missing");
        }
        // Recorded before the provider is asked: should its answer never come, the call may be ringing all the same.
        // It is the limit the provider is sent, at most its own, which is when the network cuts the call at the latest.
        int timeLimit = QuarkusTransaction.requiringNew().call(() -> {
            int seconds = Math.min(affordableSeconds(call), provider.maxTimeLimitSeconds());
            calls.lock(call.id).ifPresent(locked -> {
                locked.timeLimitSeconds = seconds;
                locked.telephonyProvider = provider.name();
            });
            return seconds;
        });
        call.timeLimitSeconds = timeLimit;
        call.telephonyProvider = provider.name();
        String providerCallId = provider.connect(new PhoneCallRequest(call.id, from.get(), to.get(), timeLimit));
        QuarkusTransaction.requiringNew().run(() -> calls.lock(call.id).ifPresent(locked -> {
            recordPlaced(locked, providerCallId);
            call.providerCallId = locked.providerCallId;
        }));
    }

    /**
     * Records the provider's id of the call it placed for ours, the first time it is learnt: from its answer to our
     * connect, or from a callback when that answer did not confirm the call. A call that ended here meanwhile (while
     * the connect was under way, or after an unconfirmed one) is billed by nobody, so the provider's call is hung up.
     */
    private void recordPlaced(Call call, String providerCallId) {
        if (call.providerCallId != null) {
            return;
        }
        call.providerCallId = providerCallId;
        if (call.status.isTerminal()) {
            ending.hangUpPlacedAfterEnd(call);
        }
    }

    /**
     * How long the caller can talk at today's balance: the whole minutes their spendable coins and the first minute's
     * hold pay for. The provider cuts the call there, so a call whose webhooks and reconciler both fail still cannot
     * cost more than the caller has.
     */
    private int affordableSeconds(Call call) {
        long spendable = accounts.find(accounts.coins(call.callerId)).orElseThrow().available() + call.ratePerMinute;
        long minutes = call.ratePerMinute <= 0 ? Integer.MAX_VALUE / 60 : spendable / call.ratePerMinute;
        return (int) Math.min(minutes * 60, Integer.MAX_VALUE);
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public WebhookOutcome apply(VerifiedWebhook<PhoneCallStatus> webhook) {
        PhoneCallStatus status = webhook.payload();
        if (status.callId() == null) {
            return calls.lockByProviderCallId(status.providerCallId()).map(c -> apply(c, status, Instant.now()))
                    .orElse(WebhookOutcome.IGNORED);
        }
        // The callback URL names our call: one that is no phone call of ours, or was placed as another provider
        // call or with another provider, is refused as absent (nothing recorded), like any other id that names nothing.
        Call call = calls.lock(status.callId()).filter(c -> c.carrier == Call.Carrier.PHONE
                && (c.telephonyProvider == null || c.telephonyProvider.equals(webhook.provider()))
                && (c.providerCallId == null || c.providerCallId.equals(status.providerCallId())))
                .orElseThrow(() -> ApiException.notFound("Call"));
        // The provider's answer to our connect did not confirm the call (CallService.start): its callback says which
        // call it placed, so that we can ask about it later.
        recordPlaced(call, status.providerCallId());
        return apply(call, status, Instant.now());
    }

    /**
     * Asks the provider about a call whose callbacks are overdue (the reconciler's turn for it came) and applies the
     * answer as a callback would be applied. When the provider cannot be reached the call is asked about again later.
     */
    void checkWithProvider(UUID callId) {
        Call placed = QuarkusTransaction.requiringNew().call(() -> calls.findByIdOptional(callId).orElse(null));
        if (placed == null || placed.providerCallId == null) {
            return;
        }
        Optional<TelephonyProvider> provider = providers.placedWith(placed.telephonyProvider);
        if (provider.isEmpty()) {
            return;
        }
        Optional<PhoneCallStatus> status;
        try {
            status = provider.get().details(placed.providerCallId);
        } catch (ApiException unavailable) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> calls.lock(callId).filter(c -> !c.status.isTerminal())
                .ifPresent(call -> {
                    Instant now = Instant.now();
                    status.ifPresent(s -> apply(call, s, now));
                    if (call.status.isTerminal()) {
                        return;
                    }
                    Duration every = config.participantCheckEvery();
                    call.participantsCheckedAt = now;
                    call.nextCheckAt = call.connectedAt != null ? call.nextCheckWhileConnected(every) : now.plus(every);
                    call.updatedAt = now;
                }));
    }

    /**
     * Ends a phone call whose provider never reported its end (callbacks lost, call details unanswered) once the
     * network has cut it for certain, its ring window and time limit passed, and a participant check more for the
     * report to come. It ends where our side asked it to end while the phones were bridged, our best knowledge of the
     * end, or else where the network cut it at the latest; returns whether it ended.
     */
    boolean endIfCertainlyCut(Call call, Instant now) {
        Instant cutBy = call.carrier == Call.Carrier.PHONE ? call.lineCutBy() : null;
        if (cutBy == null || now.isBefore(cutBy.plus(config.participantCheckEvery()))) {
            return false;
        }
        boolean talked = call.connectedAt != null;
        Instant asked = call.endRequestedAt;
        // An end asked before the phones were bridged did not stop them.
        Instant endAt = asked != null && asked.isBefore(cutBy) && (!talked || asked.isAfter(call.connectedAt)) ? asked
                : cutBy;
        LOG.warnf("Phone call %s: no end reported by the provider; ended after its time limit", call.id);
        ending.endAsReported(call, talked ? Call.Status.ENDED : Call.Status.MISSED, "NOT_REPORTED", endAt, now);
        return true;
    }

    /** Applies what the provider says, judged by when it happened; a call already over is never changed again. */
    WebhookOutcome apply(Call call, PhoneCallStatus status, Instant now) {
        if (call.status.isTerminal()) {
            return WebhookOutcome.IGNORED;
        }
        Instant at = status.at().isAfter(now) ? now : status.at();
        switch (status.stage()) {
            case RINGING -> {
                return WebhookOutcome.IGNORED;
            }
            case BRIDGED -> bridge(call, at);
            case COMPLETED -> {
                Integer bridged = status.bridgedSeconds();
                if (bridged != null && bridged > 0) {
                    // The provider's own count of the bridged seconds is what the call is billed by: minutes charged
                    // meanwhile from an earlier idea of the start are charged or given back by the end.
                    Instant start = at.minusSeconds(bridged);
                    if (call.connectedAt == null) {
                        bridge(call, start);
                    } else {
                        call.connectedAt = start;
                    }
                }
                if (call.connectedAt != null) {
                    ending.endAsReported(call, Call.Status.ENDED, "HANG_UP", at, now);
                } else {
                    ending.endAsReported(call, Call.Status.MISSED, "NOT_CONNECTED", at, now);
                }
            }
            case BUSY -> endUnlessBridged(call, Call.Status.REJECTED, "BUSY", at, now);
            case NO_ANSWER -> endUnlessBridged(call, Call.Status.MISSED, "NO_ANSWER", at, now);
            case FAILED -> endUnlessBridged(call, Call.Status.FAILED, "PHONE_CALL_FAILED", at, now);
            case CANCELED -> endUnlessBridged(call, Call.Status.CANCELLED, "CANCELLED", at, now);
        }
        call.updatedAt = now;
        return WebhookOutcome.PROCESSED;
    }

    /** Both phones connected at {@code at}: the call is answered and connected, and billing starts after the grace. */
    private void bridge(Call call, Instant at) {
        if (call.connectedAt != null) {
            return;
        }
        call.status = Call.Status.ANSWERED;
        call.answeredAt = at;
        call.callerJoinedAt = at;
        call.calleeJoinedAt = at;
        CallPresence.connectIfBothJoined(call);
        events.sendToUsers(List.of(call.callerId, call.calleeId), new CallAccepted(call.id));
        presence.markBusy(call.callerId, CallService.BUSY_AT_MOST);
        presence.markBusy(call.calleeId, CallService.BUSY_AT_MOST);
        LOG.debugf("Phone call %s bridged", call.id);
    }

    private void endUnlessBridged(Call call, Call.Status status, String reason, Instant at, Instant now) {
        if (call.connectedAt != null) {
            ending.endAsReported(call, Call.Status.ENDED, "HANG_UP", at, now);
        } else {
            ending.endAsReported(call, status, reason, at, now);
        }
    }
}
