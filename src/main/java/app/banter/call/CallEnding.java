package app.banter.call;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import app.banter.call.CallEvents.CallEnded;
import app.banter.platform.AfterCommit;
import app.banter.realtime.Presence;
import app.banter.realtime.RealtimeEvents;
import app.banter.telephony.TelephonyProvider;
import app.banter.telephony.TelephonyProviders;

/**
 * Ends a call, whoever ends it (a party, the reconciler, a LiveKit webhook): final charge of the minutes started
 * before the end, release of what the hold still reserves, minutes billed after an end learnt late given back, the
 * parties free again, both told, the room closed (or, for a phone call ended on our side, the provider asked to hang
 * up). A phone call whose provider cannot hang up is not ended on our side's word: the phones may stay bridged, so
 * the end is recorded as asked and the call goes on, billed, until the provider reports its end.
 * Runs in the caller's transaction with the call row locked; terminal calls are never changed again.
 */
@ApplicationScoped
public class CallEnding {

    private static final Logger LOG = Logger.getLogger(CallEnding.class);

    private final CallRepository calls;
    private final CallBilling billing;
    private final Presence presence;
    private final RealtimeEvents events;
    private final LiveKitRooms rooms;
    private final AfterCommit afterCommit;
    private final TelephonyProviders telephony;
    private final CallMetrics metrics;

    CallEnding(CallRepository calls, CallBilling billing, Presence presence, RealtimeEvents events,
            LiveKitRooms rooms, AfterCommit afterCommit, TelephonyProviders telephony, CallMetrics metrics) {
        this.calls = calls;
        this.billing = billing;
        this.presence = presence;
        this.events = events;
        this.rooms = rooms;
        this.afterCommit = afterCommit;
        this.telephony = telephony;
        this.metrics = metrics;
    }

    /**
     * Our side ends the call at {@code endedAt}, or, for a call the phone network would carry on, asks for its end
     * ({@link #awaitsTheNetwork}): the call is then still active when this returns.
     */
    void end(Call call, Call.Status status, String reason, Instant endedAt, Instant now) {
        if (call.status.isTerminal()) {
            return;
        }
        if (awaitsTheNetwork(call)) {
            if (call.endRequestedAt == null) {
                call.endRequestedAt = endedAt;
                call.updatedAt = now;
                LOG.debugf("Phone call %s: end asked (%s); it ends when the provider reports it", call.id, reason);
            }
            return;
        }
        end(call, status, reason, endedAt, now, true);
    }

    /**
     * An end the phone network has made: the telephony provider reported it, or the call's time limit has certainly
     * run.
     */
    void endAsReported(Call call, Call.Status status, String reason, Instant endedAt, Instant now) {
        end(call, status, reason, endedAt, now, false);
    }

    /**
     * Whether our side cannot end this call here: a phone call placed with a provider that cannot hang up (Exotel), so
     * that the phones stay bridged, up to the time limit given at connect, until the parties hang up. Settling it now
     * would leave every minute they go on talking unbilled, and the provider's report of the real end ignored.
     */
    boolean awaitsTheNetwork(Call call) {
        return call.carrier == Call.Carrier.PHONE && call.providerCallId != null
                && telephony.placedWith(call.telephonyProvider).map(provider -> !provider.canHangUp()).orElse(false);
    }

    private void end(Call call, Call.Status status, String reason, Instant endAt, Instant now, boolean hangUp) {
        if (call.status.isTerminal()) {
            return;
        }
        // A party who left and has not come back ended the call when they left, whoever learns of the end later (a
        // hang-up, room_finished): no minute that started after the departure is charged.
        Instant departed = call.connectedAt == null ? null : call.departedAt();
        Instant endedAt = departed != null && departed.isBefore(endAt) ? departed : endAt;
        if (call.connectedAt != null && status == Call.Status.ENDED) {
            // A minute the caller cannot pay at the very end is simply not charged: the call is over anyway.
            billing.chargeStartedMinutes(call, endedAt, now);
        }
        // An end learnt late keeps no later minute.
        billing.settle(call, endedAt);
        call.status = status;
        call.endReason = reason;
        call.endedAt = endedAt;
        call.durationSeconds = call.connectedAt == null || endedAt.isBefore(call.connectedAt) ? 0
                : (int) Duration.between(call.connectedAt, endedAt).toSeconds();
        call.updatedAt = now;
        calls.leaveParties(call);
        metrics.ended(status, reason);
        events.sendToUsers(List.of(call.callerId, call.calleeId),
                new CallEnded(call.id, call.callerId, call.status, reason, call.durationSeconds, call.coinsCharged));
        String room = call.roomName;
        boolean phone = call.carrier == Call.Carrier.PHONE;
        String providerCallId = call.providerCallId;
        String provider = call.telephonyProvider;
        afterCommit.run(() -> {
            presence.clearBusy(call.callerId);
            presence.clearBusy(call.calleeId);
            // A start that failed on LiveKit does not wait on it a second time for this best-effort delete (a slow
            // LiveKit doubled the failed start's answer time, bench/faults/livekit-down.sh): LiveKit closes a room
            // nobody joined by itself after its empty timeout.
            if (!phone && !"MEDIA_SERVER_UNAVAILABLE".equals(reason)) {
                rooms.deleteRoom(room);
            } else if (hangUp && providerCallId != null) {
                hangUpPhones(call.id, provider, providerCallId);
            }
        });
    }

    /**
     * The provider placed a phone call for one already over here (its id came after the end: the connect's late answer,
     * or a callback after an unconfirmed connect): nothing bills it, so it is hung up where the provider can. Where it
     * cannot (Exotel), the phones may talk unbilled up to the TimeLimit: logged as an error for a person to see to.
     */
    void hangUpPlacedAfterEnd(Call call) {
        UUID callId = call.id;
        String provider = call.telephonyProvider;
        String providerCallId = call.providerCallId;
        if (telephony.placedWith(provider).map(TelephonyProvider::canHangUp).orElse(false)) {
            afterCommit.run(() -> hangUpPhones(callId, provider, providerCallId));
            return;
        }
        LOG.errorf("Phone call %s ended here (%s) before %s placed it as %s, which cannot be hung up: the phones may "
                + "talk unbilled for up to %s s", callId, call.status, provider, providerCallId, call.timeLimitSeconds);
    }

    /**
     * Ends the phone call on the network too. Should the provider fail, the call is already settled here and the
     * TimeLimit it was given bounds what the parties go on talking unbilled (see the README, "Phone-network calls").
     */
    private void hangUpPhones(UUID callId, String placedWith, String providerCallId) {
        try {
            telephony.placedWith(placedWith).filter(TelephonyProvider::canHangUp)
                    .ifPresent(provider -> provider.hangUp(providerCallId));
        } catch (RuntimeException e) {
            LOG.warnf("Phone call %s could not be hung up at the provider: %s", callId, e.getClass().getSimpleName());
        }
    }
}
