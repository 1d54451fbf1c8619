package app.banter.kyc;

import jakarta.annotation.security.PermitAll;
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
import org.jboss.resteasy.reactive.RestPath;

import app.banter.kyc.provider.KycWebhookVerifiers;
import app.banter.platform.error.ApiException;
import app.banter.platform.web.ProblemCodes;
import app.banter.platform.webhook.WebhookInbox;
import app.banter.platform.webhook.WebhookReceipt;

@Path("/api/v1/webhooks/kyc/{provider}")
@Tag(name = "Webhooks", description = "Calls from providers, authenticated by their signatures")
public class KycWebhookResource {

    private final KycWebhookVerifiers verifiers;
    private final WebhookInbox inbox;
    private final KycWebhookService webhooks;

    KycWebhookResource(KycWebhookVerifiers verifiers, WebhookInbox inbox, KycWebhookService webhooks) {
        this.verifiers = verifiers;
        this.inbox = inbox;
        this.webhooks = webhooks;
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "KYC provider callback (karza or signzy). Neither provider signs its callbacks, so the "
            + "callback URL configured with the provider carries our per-provider token as HTTP Basic credentials "
            + "(https://<provider>:<token>@host/...); deduplicated by the provider's request id and result")
    @Parameter(name = "Authorization", in = ParameterIn.HEADER, required = true,
            description = "Basic base64(<provider>:<banter.kyc.<provider>.webhook-token>)")
    @APIResponse(responseCode = "200", description = "Received: PROCESSED, DUPLICATE or IGNORED")
    @APIResponse(responseCode = "400", description = "INVALID_EVENT or MALFORMED_JSON")
    @APIResponse(responseCode = "401", description = "INVALID_WEBHOOK_SIGNATURE")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no such provider, or no submission with that reference")
    @ProblemCodes({"400 INVALID_EVENT", "401 INVALID_WEBHOOK_SIGNATURE", "404 NOT_FOUND"})
    public WebhookReceipt receive(@RestPath String provider, byte[] body, @Context HttpHeaders headers) {
        var verifier = verifiers.named(provider).orElseThrow(() -> ApiException.notFound("KYC provider"));
        return inbox.receive(verifier.verify(body, headers), webhooks::apply);
    }
}
