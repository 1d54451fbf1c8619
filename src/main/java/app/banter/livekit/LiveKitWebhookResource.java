package app.banter.livekit;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import livekit.LivekitWebhook.WebhookEvent;

import app.banter.platform.web.ProblemCodes;
import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.platform.webhook.WebhookInbox;
import app.banter.platform.webhook.WebhookOutcome;
import app.banter.platform.webhook.WebhookReceipt;

/**
 * LiveKit's one webhook URL for the whole service: verified here, deduplicated by the inbox, then handed to the
 * feature whose room it is about (calls, voice rooms). An event about no room of ours is recorded and ignored.
 */
@Path("/api/v1/webhooks/livekit")
@Tag(name = "Webhooks", description = "Calls from providers, authenticated by their signatures")
public class LiveKitWebhookResource {

    private final LiveKitWebhookVerifier verifier;
    private final WebhookInbox inbox;
    private final Instance<LiveKitRoomHandler> handlers;

    LiveKitWebhookResource(LiveKitWebhookVerifier verifier, WebhookInbox inbox, Instance<LiveKitRoomHandler> handlers) {
        this.verifier = verifier;
        this.inbox = inbox;
        this.handlers = handlers;
    }

    /** LiveKit posts application/webhook+json; the body is read as the exact bytes it signed. */
    @POST
    @PermitAll
    @Consumes({ "application/webhook+json", MediaType.APPLICATION_JSON })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "LiveKit webhook: Authorization is a JWT signed with our API secret whose sha256 claim "
            + "hashes the body; participant_joined/left/connection_aborted, room_finished and "
            + "track_published/unpublished drive call and voice-room state")
    @Parameter(name = HttpHeaders.AUTHORIZATION, in = ParameterIn.HEADER, required = true)
    @APIResponse(responseCode = "200", description = "Received: PROCESSED, DUPLICATE or IGNORED")
    @APIResponse(responseCode = "400", description = "INVALID_EVENT")
    @APIResponse(responseCode = "401", description = "INVALID_WEBHOOK_SIGNATURE")
    @ProblemCodes({"400 INVALID_EVENT", "401 INVALID_WEBHOOK_SIGNATURE"})
    public WebhookReceipt receive(byte[] body, @Context HttpHeaders headers) {
        return inbox.receive(verifier.verify(body, headers), this::dispatch);
    }

    private WebhookOutcome dispatch(VerifiedWebhook<WebhookEvent> webhook) {
        String room = webhook.payload().getRoom().getName();
        if (room.isEmpty()) {
            return WebhookOutcome.IGNORED;
        }
        for (LiveKitRoomHandler handler : handlers) {
            if (handler.owns(room)) {
                return handler.apply(webhook);
            }
        }
        return WebhookOutcome.IGNORED;
    }
}
