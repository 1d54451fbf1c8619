package app.banter.payment;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import app.banter.payment.SubscriptionService.SubscriptionView;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

@Path("/api/v1/subscriptions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Premium", description = "Premium plans through Razorpay subscriptions")
@SecurityRequirement(name = "bearer")
public class SubscriptionResource {

    private final SubscriptionService subscriptions;
    private final CurrentUser me;

    SubscriptionResource(SubscriptionService subscriptions, CurrentUser me) {
        this.subscriptions = subscriptions;
        this.me = me;
    }

    @POST
    @Operation(summary = "Start a premium plan (monthly or yearly): returns the Razorpay subscription to pay in "
            + "Checkout; premium starts when Razorpay confirms the payment (rate-limited)")
    @APIResponse(responseCode = "201", description = "Subscription created, to pay in Checkout", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "429", description = "RATE_LIMITED, with Retry-After")
    @APIResponse(responseCode = "502", description = "PAYMENT_PROVIDER_UNAVAILABLE")
    @ProblemCodes({"400 UNKNOWN_PLAN", "429 RATE_LIMITED", "502 PAYMENT_PROVIDER_UNAVAILABLE"})
    public Response subscribe(@NotNull @Valid SubscribeRequest request) {
        return Response.status(Response.Status.CREATED).entity(subscriptions.subscribe(me.id(), request.plan()))
                .build();
    }

    @GET
    @Operation(summary = "Your premium subscriptions")
    @ProblemCodes({})
    public List<SubscriptionView> mine() {
        return subscriptions.subscriptionsOf(me.id());
    }

    @POST
    @Path("/{subscriptionId}/cancel")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Cancel a premium plan at the end of the period already paid: Razorpay renews it no more, "
            + "premium lasts to currentEnd")
    @APIResponse(responseCode = "200", description = "Cancellation recorded (again: unchanged)")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no such subscription of yours")
    @APIResponse(responseCode = "409", description = "SUBSCRIPTION_ENDED or SUBSCRIPTION_NOT_CANCELLABLE")
    @APIResponse(responseCode = "502", description = "PAYMENT_PROVIDER_UNAVAILABLE: nothing changed, retry")
    @ProblemCodes({"409 SUBSCRIPTION_ENDED", "409 SUBSCRIPTION_NOT_CANCELLABLE", "502 PAYMENT_PROVIDER_UNAVAILABLE"})
    public SubscriptionView cancel(@RestPath UUID subscriptionId) {
        return subscriptions.cancel(me.id(), subscriptionId);
    }

    public record SubscribeRequest(@NotBlank @Size(max = 20) String plan) {
    }
}
