package app.banter.payment;

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

import app.banter.payment.razorpay.RazorpayWebhookVerifier;
import app.banter.platform.web.ProblemCodes;
import app.banter.platform.webhook.WebhookInbox;
import app.banter.platform.webhook.WebhookReceipt;

@Path("/api/v1/webhooks/razorpay")
@Tag(name = "Webhooks", description = "Calls from providers, authenticated by their signatures")
public class RazorpayWebhookResource {

    private final RazorpayWebhookVerifier verifier;
    private final WebhookInbox inbox;
    private final RazorpayWebhookService webhooks;

    RazorpayWebhookResource(RazorpayWebhookVerifier verifier, WebhookInbox inbox, RazorpayWebhookService webhooks) {
        this.verifier = verifier;
        this.inbox = inbox;
        this.webhooks = webhooks;
    }

    /** The raw bytes are what Razorpay signed, so the body is read as bytes and parsed only after the check. */
    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Razorpay webhook: X-Razorpay-Signature over the raw body, deduplicated by "
            + "x-razorpay-event-id; payment.captured, order.paid, payment.failed, refund.processed, subscription.*")
    @Parameters({ @Parameter(name = "X-Razorpay-Signature", in = ParameterIn.HEADER, required = true),
            @Parameter(name = "x-razorpay-event-id", in = ParameterIn.HEADER, required = true) })
    @APIResponse(responseCode = "200", description = "Received: PROCESSED, DUPLICATE or IGNORED")
    @APIResponse(responseCode = "401", description = "INVALID_WEBHOOK_SIGNATURE")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: the event names an order or subscription we never made")
    @APIResponse(responseCode = "409", description = "PAYMENT_NOT_SETTLED: a refund of a captured payment whose capture "
            + "has not arrived yet while the reconciler still asks about its order; delivered again later, it applies")
    @ProblemCodes({"401 INVALID_WEBHOOK_SIGNATURE", "404 NOT_FOUND", "409 PAYMENT_NOT_SETTLED"})
    public WebhookReceipt receive(byte[] body, @Context HttpHeaders headers) {
        return inbox.receive(verifier.verify(body, headers), webhooks::apply);
    }
}
