package app.banter.payout;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
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
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import app.banter.payout.PayoutViews.PayoutRequest;
import app.banter.payout.PayoutViews.PayoutView;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.PageRequest;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

@Path("/api/v1/payouts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Payouts", description = "Withdrawing earnings to a UPI id or bank account through RazorpayX")
@SecurityRequirement(name = "bearer")
public class PayoutResource {

    /** Letters, digits and -_.: up to 100 characters; a UUID per withdrawal attempt is typical. */
    static final String IDEMPOTENCY_KEY = "^[A-Za-z0-9_.:-]{1,100}$";

    private final PayoutService payouts;
    private final CurrentUser me;

    PayoutResource(PayoutService payouts, CurrentUser me) {
        this.payouts = payouts;
        this.me = me;
    }

    @POST
    @Operation(summary = "Withdraw earnings (never bought or granted coins) to a UPI id or a bank account. Requires "
            + "a verified KYC and an Idempotency-Key; a retry with the same key returns the same payout")
    @APIResponse(responseCode = "201", description = "The payout: PENDING until RazorpayX accepts it, then "
            + "PROCESSING; FAILED at once when RazorpayX refuses the destination",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PayoutView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (VPA, IFSC, account number formats), "
            + "INVALID_PAYOUT_METHOD or PAYOUT_BELOW_MINIMUM")
    @APIResponse(responseCode = "402", description = "INSUFFICIENT_BALANCE: not that many earnings available")
    @APIResponse(responseCode = "403", description = "KYC_REQUIRED")
    @APIResponse(responseCode = "409", description = "PAYOUT_DAILY_LIMIT_EXCEEDED, PAYOUT_MONTHLY_LIMIT_EXCEEDED or "
            + "IDEMPOTENCY_KEY_REUSED")
    @ProblemCodes({"400 INVALID_PAYOUT_METHOD", "400 PAYOUT_BELOW_MINIMUM", "402 INSUFFICIENT_BALANCE",
            "403 KYC_REQUIRED", "409 PAYOUT_DAILY_LIMIT_EXCEEDED", "409 PAYOUT_MONTHLY_LIMIT_EXCEEDED",
            "409 IDEMPOTENCY_KEY_REUSED"})
    public Response request(
            @RestHeader("Idempotency-Key") @NotNull @Pattern(regexp = IDEMPOTENCY_KEY) String idempotencyKey,
            @NotNull @Valid PayoutRequest request) {
        return Response.status(Response.Status.CREATED).entity(payouts.request(me.id(), idempotencyKey, request))
                .build();
    }

    @GET
    @Operation(summary = "Your withdrawals, newest first (cursor-paginated), destinations masked")
    @ProblemCodes({})
    public Page<PayoutView> payouts(@Valid @BeanParam PageRequest page) {
        return payouts.payouts(me.id(), page.cursor(), page.limit());
    }

    @GET
    @Path("/{payoutId}")
    @Operation(summary = "One of your withdrawals")
    @APIResponse(responseCode = "200", description = "The payout")
    @APIResponse(responseCode = "404", description = "No such payout of yours")
    @ProblemCodes({"404 NOT_FOUND"})
    public PayoutView payout(@RestPath UUID payoutId) {
        return payouts.payout(me.id(), payoutId);
    }
}
