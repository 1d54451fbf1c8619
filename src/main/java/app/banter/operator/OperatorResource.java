package app.banter.operator;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import app.banter.operator.OperatorService.RoleChangeView;
import app.banter.payment.PurchaseReview;
import app.banter.payment.PurchaseReview.AnomalyResolution;
import app.banter.payment.PurchaseReview.AnomalyView;
import app.banter.payment.PurchaseReview.ReviewPurchaseView;
import app.banter.payment.PurchaseReview.Resolution;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.PageRequest;
import app.banter.platform.security.CurrentUser;
import app.banter.user.StaffUserView;
import app.banter.platform.web.ProblemCodes;

/**
 * The operator API. Admins run Banter: roles, money under review, KPIs and the audit log are theirs. Moderators, who
 * already restrict and ban users by id (/api/v1/moderation), may also look users up, read-only; nothing else here.
 * Roles come from the access token's groups, as for moderation.
 */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/admin")
@RolesAllowed("admin")
@Tag(name = "Operator", description = "Roles, user lookup, purchases in review, payment anomalies, KPIs, audit log")
@SecurityRequirement(name = "bearer")
public class OperatorResource {

    private final OperatorService operator;
    private final PurchaseReview review;
    private final Kpis kpis;
    private final AuditLog audit;
    private final CurrentUser me;

    OperatorResource(OperatorService operator, PurchaseReview review, Kpis kpis, AuditLog audit, CurrentUser me) {
        this.operator = operator;
        this.review = review;
        this.kpis = kpis;
        this.audit = audit;
        this.me = me;
    }

    @GET
    @Path("/users/{userId}")
    @RolesAllowed({ "admin", "moderator" })
    @Operation(summary = "Look a user up by id (phone masked); audited")
    @APIResponse(responseCode = "200", description = "The user")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: not an admin or moderator")
    @APIResponse(responseCode = "404", description = "NOT_FOUND")
    @ProblemCodes({})
    public StaffUserView user(@RestPath UUID userId) {
        return operator.lookUp(me.id(), userId);
    }

    @GET
    @Path("/users")
    @RolesAllowed({ "admin", "moderator" })
    @Operation(summary = "Look a user up by exact username (phone masked); audited")
    @APIResponse(responseCode = "200", description = "The user")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED: username missing or malformed")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: not an admin or moderator")
    @APIResponse(responseCode = "404", description = "NOT_FOUND")
    @ProblemCodes({"404 NOT_FOUND"})
    public StaffUserView userByUsername(
            @RestQuery @NotBlank @Pattern(regexp = "^[A-Za-z0-9_]{3,20}$", message = "must be a username") String username) {
        return operator.lookUpByUsername(me.id(), username);
    }

    @POST
    @Path("/users/{userId}/roles/grant")
    @Operation(summary = "Grant admin or moderator; the user's sessions end so that their next sign-in carries it")
    @APIResponse(responseCode = "200", description = "The user's roles; changed is false if they had it")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: not an admin")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no active user")
    @ProblemCodes({"400 UNKNOWN_ROLE"})
    public RoleChangeView grant(@RestPath UUID userId, @NotNull @Valid OperatorRequests.RoleChange request) {
        return operator.grant(me.id(), userId, request.role(), request.reason());
    }

    @POST
    @Path("/users/{userId}/roles/revoke")
    @Operation(summary = "Revoke admin or moderator; the user's sessions end at once")
    @APIResponse(responseCode = "200", description = "The user's roles; changed is false if they lacked it")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: not an admin")
    @APIResponse(responseCode = "404", description = "NOT_FOUND")
    @APIResponse(responseCode = "409", description = "LAST_ADMIN")
    @ProblemCodes({"400 UNKNOWN_ROLE", "409 LAST_ADMIN"})
    public RoleChangeView revoke(@RestPath UUID userId, @NotNull @Valid OperatorRequests.RoleChange request) {
        return operator.revoke(me.id(), userId, request.role(), request.reason());
    }

    @GET
    @Path("/purchases/review")
    @Operation(summary = "Purchases in REVIEW (paid, but not as ordered), newest first")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: not an admin")
    @ProblemCodes({})
    public Page<ReviewPurchaseView> purchasesInReview(@Valid @BeanParam PageRequest page) {
        return review.inReview(page.cursor(), page.limit());
    }

    @POST
    @Path("/purchases/{purchaseId}/resolve")
    @Operation(summary = "Resolve a purchase in REVIEW: CREDIT its coins, or REFUND the payment at Razorpay")
    @APIResponse(responseCode = "200", description = "The outcome; changed is false when it was already resolved so")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: not an admin")
    @APIResponse(responseCode = "404", description = "NOT_FOUND")
    @APIResponse(responseCode = "409", description = "NOT_IN_REVIEW, ALREADY_RESOLVED (the other way), "
            + "PURCHASE_REFUNDED (Razorpay refunded the payment in full) or REFUND_NOT_RECORDED (CREDIT while Razorpay "
            + "has refunded more of the payment than is recorded here: wait for its refund webhook)")
    @APIResponse(responseCode = "502", description = "PAYMENT_PROVIDER_UNAVAILABLE: nothing changed; retry")
    @ProblemCodes({"409 NOT_IN_REVIEW", "409 ALREADY_RESOLVED", "409 PURCHASE_REFUNDED", "409 REFUND_NOT_RECORDED",
            "502 PAYMENT_PROVIDER_UNAVAILABLE"})
    public Resolution resolvePurchase(@RestPath UUID purchaseId,
            @NotNull @Valid OperatorRequests.ResolvePurchase request) {
        return operator.resolvePurchase(me.id(), purchaseId, request.action(), request.reason());
    }

    @GET
    @Path("/payment-anomalies")
    @Operation(summary = "Payment anomalies, OPEN (default) or RESOLVED, newest first")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: not an admin")
    @ProblemCodes({})
    public Page<AnomalyView> anomalies(
            @RestQuery @DefaultValue("OPEN") @Pattern(regexp = "^(OPEN|RESOLVED)$", message = "must be OPEN or RESOLVED") String status,
            @Valid @BeanParam PageRequest page) {
        return review.anomalies("OPEN".equals(status), page.cursor(), page.limit());
    }

    @POST
    @Path("/payment-anomalies/{anomalyId}/dismiss")
    @Operation(summary = "Close an anomaly that needs no money movement (a purchase in REVIEW is resolved instead)")
    @APIResponse(responseCode = "200", description = "The anomaly; changed is false when it was already dismissed")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: not an admin")
    @APIResponse(responseCode = "404", description = "NOT_FOUND")
    @APIResponse(responseCode = "409", description = "PURCHASE_IN_REVIEW or ALREADY_RESOLVED")
    @ProblemCodes({"409 PURCHASE_IN_REVIEW", "409 ALREADY_RESOLVED"})
    public AnomalyResolution dismissAnomaly(@RestPath UUID anomalyId, @NotNull @Valid OperatorRequests.Dismiss request) {
        return operator.dismissAnomaly(me.id(), anomalyId, request.reason());
    }

    @GET
    @Path("/kpis")
    @Operation(summary = "Daily KPIs by IST day, both dates included (at most banter.operator.kpi-max-days days)")
    @APIResponse(responseCode = "200", description = "One row per day")
    @APIResponse(responseCode = "400", description = "INVALID_DATE (from or to missing or not a date), INVALID_RANGE or "
            + "RANGE_TOO_LONG")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: not an admin")
    @ProblemCodes({"400 INVALID_DATE", "400 INVALID_RANGE", "400 RANGE_TOO_LONG"})
    public Kpis.KpiReport kpis(
            @RestQuery @Parameter(required = true, description = "First IST day, YYYY-MM-DD", schema = @Schema(
                    type = SchemaType.STRING, format = "date")) String from,
            @RestQuery @Parameter(required = true, description = "Last IST day, YYYY-MM-DD", schema = @Schema(
                    type = SchemaType.STRING, format = "date")) String to) {
        return kpis.between(from, to);
    }

    @GET
    @Path("/audit")
    @Operation(summary = "The operator audit log, newest first")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: not an admin")
    @ProblemCodes({})
    public Page<AuditLog.Entry> auditLog(@Valid @BeanParam PageRequest page) {
        return audit.page(page.cursor(), page.limit());
    }
}
