package app.banter.payment;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;

import app.banter.payment.razorpay.RazorpaySignatures;
import app.banter.platform.error.ApiException;

@Path("/api/v1/webhooks/razorpay")
@Tag(name = "Webhooks", description = "Calls from providers, authenticated by their signatures")
public class RazorpayWebhookResource {

    private final RazorpaySignatures signatures;
    private final RazorpayWebhookService webhooks;

    RazorpayWebhookResource(RazorpaySignatures signatures, RazorpayWebhookService webhooks) {
        this.signatures = signatures;
        this.webhooks = webhooks;
    }

    /** The raw bytes are what Razorpay signed, so the body is read as bytes and parsed only after the check. */
    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Razorpay webhook: X-Razorpay-Signature over the raw body, deduplicated by "
            + "x-razorpay-event-id; payment.captured, order.paid, payment.failed, refund.processed, subscription.*")
    public WebhookReceipt receive(byte[] body, @RestHeader("X-Razorpay-Signature") String signature,
            @RestHeader("x-razorpay-event-id") String eventId) {
        if (signature == null || body == null || !signatures.isValidWebhook(body, signature)) {
            throw ApiException.badRequest("INVALID_SIGNATURE", "The webhook signature does not match");
        }
        if (eventId == null || eventId.isBlank() || eventId.length() > 64) {
            throw ApiException.badRequest("INVALID_EVENT", "x-razorpay-event-id is missing");
        }
        return new WebhookReceipt(webhooks.apply(eventId, body));
    }

    public record WebhookReceipt(RazorpayWebhookService.Outcome outcome) {
    }
}
