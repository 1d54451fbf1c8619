package app.banter.call;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import livekit.LivekitWebhook.WebhookEvent;

import app.banter.livekit.LiveKitRoomHandler;
import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.platform.webhook.WebhookOutcome;

/**
 * LiveKit's webhooks for call rooms, applied by the webhook inbox. They may come late, twice, out of order or
 * never: each is applied once (the inbox deduplicates by event id), judged by the time it happened, ignored for
 * calls already over, and the reconciler covers the missing ones by asking LiveKit.
 */
@ApplicationScoped
public class LiveKitWebhookService implements LiveKitRoomHandler {

    private final CallRepository calls;
    private final CallEnding ending;
    private final CallConfig config;

    LiveKitWebhookService(CallRepository calls, CallEnding ending, CallConfig config) {
        this.calls = calls;
        this.ending = ending;
        this.config = config;
    }

    @Override
    public boolean owns(String roomName) {
        return roomName.startsWith(LiveKitRooms.ROOM_PREFIX);
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public WebhookOutcome apply(VerifiedWebhook<WebhookEvent> webhook) {
        WebhookEvent event = webhook.payload();
        String room = event.getRoom().getName();
        Call call = room.isEmpty() ? null : calls.lockByRoom(room).orElse(null);
        if (call == null || call.status.isTerminal()) {
            return WebhookOutcome.IGNORED;
        }
        Instant at = webhook.occurredAt();
        Instant now = Instant.now();
        switch (event.getEvent()) {
            case "participant_joined" -> party(call, event)
                    .ifPresent(user -> CallPresence.joined(call, user, session(event), at));
            case "participant_left", "participant_connection_aborted" -> party(call, event).ifPresent(user -> {
                CallPresence.left(call, user, session(event), at);
                Instant giveUp = at.plus(config.departureTimeout());
                call.nextCheckAt = giveUp.isBefore(call.nextCheckAt) ? giveUp : call.nextCheckAt;
            });
            case "room_finished" -> ending.end(call, call.status == Call.Status.ANSWERED ? Call.Status.ENDED
                    : Call.Status.FAILED, "ROOM_FINISHED", at.isAfter(now) ? now : at, now);
            default -> {
                return WebhookOutcome.IGNORED;
            }
        }
        call.updatedAt = now;
        return WebhookOutcome.PROCESSED;
    }

    /** The participant's LiveKit sid: one per connection, new when the party reconnects; null when absent. */
    private static String session(WebhookEvent event) {
        String sid = event.getParticipant().getSid();
        return sid.isEmpty() ? null : sid;
    }

    private static java.util.Optional<UUID> party(Call call, WebhookEvent event) {
        try {
            UUID user = UUID.fromString(event.getParticipant().getIdentity());
            return call.isParty(user) ? java.util.Optional.of(user) : java.util.Optional.empty();
        } catch (IllegalArgumentException notOurs) {
            return java.util.Optional.empty();
        }
    }
}
