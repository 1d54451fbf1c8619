package app.banter.call;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.livekit.server.WebhookReceiver;
import livekit.LivekitWebhook.WebhookEvent;

import app.banter.platform.error.ApiException;

/**
 * LiveKit's webhooks for call rooms. They may come late, twice, out of order or never: each is applied once (by
 * event id), judged by the time it happened, ignored for calls already over, and the reconciler covers the
 * missing ones by asking LiveKit.
 */
@ApplicationScoped
public class LiveKitWebhookService {

    private final EntityManager em;
    private final CallRepository calls;
    private final CallEnding ending;
    private final CallConfig config;
    private final WebhookReceiver receiver;

    LiveKitWebhookService(EntityManager em, CallRepository calls, CallEnding ending, CallConfig config,
            LiveKitConfig livekit) {
        this.em = em;
        this.calls = calls;
        this.ending = ending;
        this.config = config;
        this.receiver = new WebhookReceiver(livekit.apiKey(), livekit.apiSecret());
    }

    /**
     * Checks the Authorization JWT (signed with our API secret, its sha256 claim the hash of these exact bytes)
     * and parses the event; 401 for anything else.
     */
    public WebhookEvent verify(String body, String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized();
        }
        try {
            return receiver.receive(body, authorization.startsWith("Bearer ") ? authorization.substring(7)
                    : authorization);
        } catch (Exception e) {
            // Kotlin code: a malformed body surfaces as an undeclared checked exception.
            throw unauthorized();
        }
    }

    @Transactional
    public boolean apply(WebhookEvent event) {
        if (event.getId().isEmpty() || !recordFirstDelivery(event.getId())) {
            return false;
        }
        String room = event.getRoom().getName();
        Call call = room.isEmpty() ? null : calls.lockByRoom(room).orElse(null);
        if (call == null || call.status.isTerminal()) {
            return false;
        }
        Instant at = event.getCreatedAt() > 0 ? Instant.ofEpochSecond(event.getCreatedAt()) : Instant.now();
        Instant now = Instant.now();
        switch (event.getEvent()) {
            case "participant_joined" -> party(call, event).ifPresent(user -> CallPresence.joined(call, user, at));
            case "participant_left", "participant_connection_aborted" -> party(call, event).ifPresent(user -> {
                CallPresence.left(call, user, at);
                Instant giveUp = at.plus(config.departureTimeout());
                call.nextCheckAt = giveUp.isBefore(call.nextCheckAt) ? giveUp : call.nextCheckAt;
            });
            case "room_finished" -> ending.end(call, call.status == Call.Status.ANSWERED ? Call.Status.ENDED
                    : Call.Status.FAILED, "ROOM_FINISHED", at.isAfter(now) ? now : at, now);
            default -> {
                return false;
            }
        }
        call.updatedAt = now;
        return true;
    }

    private static java.util.Optional<UUID> party(Call call, WebhookEvent event) {
        try {
            UUID user = UUID.fromString(event.getParticipant().getIdentity());
            return call.isParty(user) ? java.util.Optional.of(user) : java.util.Optional.empty();
        } catch (IllegalArgumentException notOurs) {
            return java.util.Optional.empty();
        }
    }

    private boolean recordFirstDelivery(String eventId) {
        return em.createNativeQuery("""
                insert into livekit_events (event_id, received_at) values (?1, ?2) on conflict do nothing""")
                .setParameter(1, eventId)
                .setParameter(2, Instant.now())
                .executeUpdate() == 1;
    }

    private static ApiException unauthorized() {
        return ApiException.unauthorized("INVALID_WEBHOOK_SIGNATURE", "The webhook is not signed by our LiveKit");
    }
}
