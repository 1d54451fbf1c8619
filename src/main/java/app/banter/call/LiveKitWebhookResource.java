package app.banter.call;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;

@Path("/api/v1/webhooks/livekit")
@Tag(name = "Webhooks", description = "Calls from providers, authenticated by their signatures")
public class LiveKitWebhookResource {

    private final LiveKitWebhookService webhooks;

    LiveKitWebhookResource(LiveKitWebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /** LiveKit posts application/webhook+json; the body is read as the exact string it signed. */
    @POST
    @PermitAll
    @Consumes({ "application/webhook+json", MediaType.APPLICATION_JSON })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "LiveKit webhook: Authorization is a JWT signed with our API secret whose sha256 claim "
            + "hashes the body; participant_joined/left/connection_aborted and room_finished drive call state")
    @APIResponse(responseCode = "200", description = "Received")
    @APIResponse(responseCode = "401", description = "INVALID_WEBHOOK_SIGNATURE")
    public WebhookReceipt receive(String body, @RestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        return new WebhookReceipt(webhooks.apply(webhooks.verify(body, authorization)));
    }

    public record WebhookReceipt(boolean applied) {
    }
}
