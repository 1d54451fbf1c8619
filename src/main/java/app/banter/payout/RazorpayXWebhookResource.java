package app.banter.payout;

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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import app.banter.payout.razorpayx.RazorpayXWebhookVerifier;
import app.banter.platform.web.ProblemCodes;
import app.banter.platform.webhook.WebhookInbox;
import app.banter.platform.webhook.WebhookReceipt;

@Path("/api/v1/webhooks/razorpayx")
@Tag(name = "Webhooks", description = "Calls from providers, authenticated by their signatures")
public class RazorpayXWebhookResource {

    private final RazorpayXWebhookVerifier verifier;
    private final WebhookInbox inbox;
    private final PayoutWebhookService webhooks;

    RazorpayXWebhookResource(RazorpayXWebhookVerifier verifier, WebhookInbox inbox, PayoutWebhookService webhooks) {
        this.verifier = verifier;
        this.inbox = inbox;
        this.webhooks = webhooks;
    }

    /** The raw bytes are what RazorpayX signed, so the body is read as bytes and parsed only after the check. */
    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "RazorpayX webhook: X-Razorpay-Signature over the raw body with the RazorpayX webhook "
            + "secret, deduplicated by X-Razorpay-Event-Id; payout.processed, .failed, .rejected, .reversed and the "
            + "states before them")
    @Parameters({ @Parameter(name = "X-Razorpay-Signature", in = ParameterIn.HEADER, required = true),
            @Parameter(name = "X-Razorpay-Event-Id", in = ParameterIn.HEADER, required = true) })
    @APIResponse(responseCode = "200", description = "Received: PROCESSED, DUPLICATE or IGNORED (also an event "
            + "about a payout that is not ours, made from the same RazorpayX account by someone else)")
    @APIResponse(responseCode = "400", description = "INVALID_EVENT or MALFORMED_JSON: signed, but not an event we can read")
    @APIResponse(responseCode = "401", description = "INVALID_WEBHOOK_SIGNATURE")
    @APIResponse(responseCode = "409", description = "HOLD_NOT_OPEN: the payout's hold lapsed before RazorpayX "
            + "processed it (see the README); RazorpayX retries")
    @ProblemCodes({"400 INVALID_EVENT", "401 INVALID_WEBHOOK_SIGNATURE", "409 HOLD_NOT_OPEN"})
    public WebhookReceipt receive(byte[] body, @Context HttpHeaders headers) {
        return inbox.receive(verifier.verify(body, headers), webhooks::apply);
    }
}
