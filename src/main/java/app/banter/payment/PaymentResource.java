package app.banter.payment;

import java.util.List;
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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import app.banter.payment.CoinPackages.CoinPackageView;
import app.banter.payment.PaymentViews.CreateOrderRequest;
import app.banter.payment.PaymentViews.OrderView;
import app.banter.payment.PaymentViews.PurchaseView;
import app.banter.payment.PaymentViews.VerifyRequest;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.PageRequest;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

@Path("/api/v1/payments")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Payments", description = "Buying coins with Razorpay")
@SecurityRequirement(name = "bearer")
public class PaymentResource {

    /** Letters, digits and -_.: up to 100 characters; a UUID per purchase attempt is typical. */
    static final String IDEMPOTENCY_KEY = "^[A-Za-z0-9_.:-]{1,100}$";

    private final PurchaseService purchases;
    private final CoinPackages packages;
    private final CurrentUser me;

    PaymentResource(PurchaseService purchases, CoinPackages packages, CurrentUser me) {
        this.purchases = purchases;
        this.packages = packages;
        this.me = me;
    }

    @GET
    @Path("/packages")
    @Operation(summary = "Coin packages on sale, with prices in paise")
    @ProblemCodes({})
    public List<CoinPackageView> packages() {
        return packages.all();
    }

    @POST
    @Path("/orders")
    @Operation(summary = "Start buying a coin package: creates a Razorpay order for Checkout. Requires an "
            + "Idempotency-Key; a retry with the same key returns the same order. New orders are rate-limited per "
            + "user; a retry with a key already used is not counted")
    @APIResponse(responseCode = "200", description = "The order to pay in Checkout")
    @APIResponse(responseCode = "409", description = "IDEMPOTENCY_KEY_REUSED for another package")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED, with Retry-After")
    @APIResponse(responseCode = "502", description = "PAYMENT_PROVIDER_UNAVAILABLE")
    @APIResponse(responseCode = "503", description = "ORDER_BEING_CREATED: a request with the same key is still "
            + "waiting for Razorpay; retry with the same key")
    @ProblemCodes({"400 UNKNOWN_PACKAGE", "409 IDEMPOTENCY_KEY_REUSED", "429 RATE_LIMITED",
            "502 PAYMENT_PROVIDER_UNAVAILABLE", "503 ORDER_BEING_CREATED"})
    public OrderView createOrder(
            @RestHeader("Idempotency-Key") @NotNull @Pattern(regexp = IDEMPOTENCY_KEY) String idempotencyKey,
            @NotNull @Valid CreateOrderRequest request) {
        return purchases.createOrder(me.id(), request.packageId(), idempotencyKey);
    }

    @POST
    @Path("/verify")
    @Operation(summary = "Confirm a Checkout payment with its signature; credits the coins once")
    @APIResponse(responseCode = "200", description = "The purchase, PAID")
    @APIResponse(responseCode = "404", description = "No such order of yours")
    @ProblemCodes({"400 INVALID_SIGNATURE", "404 NOT_FOUND"})
    public PurchaseView verify(@NotNull @Valid VerifyRequest request) {
        return purchases.verifyCheckout(me.id(), request.orderId(), request.paymentId(), request.signature());
    }

    @GET
    @Path("/purchases")
    @Operation(summary = "Your purchases, newest first (cursor-paginated)")
    @ProblemCodes({})
    public Page<PurchaseView> purchases(@Valid @BeanParam PageRequest page) {
        return purchases.purchases(me.id(), page.cursor(), page.limit());
    }

    @GET
    @Path("/purchases/{purchaseId}")
    @Operation(summary = "One of your purchases")
    @ProblemCodes({})
    public PurchaseView purchase(@RestPath UUID purchaseId) {
        return purchases.purchase(me.id(), purchaseId);
    }
}
