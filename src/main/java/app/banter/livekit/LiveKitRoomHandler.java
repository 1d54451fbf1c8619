package app.banter.livekit;

import jakarta.transaction.Transactional;

import livekit.LivekitWebhook.WebhookEvent;

import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.platform.webhook.WebhookOutcome;

/**
 * A feature that keeps LiveKit rooms of its own (calls, voice rooms). The one LiveKit webhook endpoint hands each
 * verified event to the handler that owns the event's room; room names tell owners apart by prefix
 * ({@code call-<id>}, {@code room-<id>}), so exactly one handler owns a room.
 */
public interface LiveKitRoomHandler {

    /** Whether {@code roomName} is one of this feature's rooms. */
    boolean owns(String roomName);

    /** Applies the event in the inbox's transaction, which records it as received. */
    @Transactional(Transactional.TxType.MANDATORY)
    WebhookOutcome apply(VerifiedWebhook<WebhookEvent> webhook);
}
