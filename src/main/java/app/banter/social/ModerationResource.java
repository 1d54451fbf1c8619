package app.banter.social;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import app.banter.platform.paging.Page;
import app.banter.platform.paging.PageRequest;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;

/** Staff only: the role comes from the access token's groups, which sign-in copies from users.roles. */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/moderation")
@RolesAllowed({ "moderator", "admin" })
@Tag(name = "Moderation", description = "Reports review, restrictions and bans (moderators and admins)")
@SecurityRequirement(name = "bearer")
public class ModerationResource {

    private final ReportService reports;
    private final Moderation moderation;
    private final CurrentUser me;

    ModerationResource(ReportService reports, Moderation moderation, CurrentUser me) {
        this.reports = reports;
        this.moderation = moderation;
        this.me = me;
    }

    @GET
    @Path("/reports")
    @Operation(summary = "Reports with a status (OPEN by default), newest first")
    @APIResponse(responseCode = "200", description = "One page of reports")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: not a moderator or admin")
    @ProblemCodes({})
    public Page<ReportView> reports(@RestQuery @DefaultValue("OPEN") Report.Status status,
            @Valid @BeanParam PageRequest page) {
        return reports.list(status, page.cursor(), page.limit());
    }

    @POST
    @Path("/reports/{reportId}/resolve")
    @Operation(summary = "Close a report as DISMISSED or ACTIONED")
    @APIResponse(responseCode = "200", description = "The resolved report")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: not a moderator or admin")
    @APIResponse(responseCode = "400", description = "SELF_MODERATION: the report is about you")
    @APIResponse(responseCode = "409", description = "REPORT_RESOLVED")
    @ProblemCodes({"400 SELF_MODERATION", "409 REPORT_RESOLVED"})
    public ReportView resolve(@RestPath UUID reportId, @NotNull @Valid ReportRequests.Resolve request) {
        return reports.resolve(me.id(), reportId, request);
    }

    @POST
    @Path("/users/{userId}/restrict")
    @Operation(summary = "Restrict a user: no messages, calls or friend requests")
    @APIResponse(responseCode = "200", description = "The user's standing")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: not a moderator or admin")
    @APIResponse(responseCode = "409", description = "STAFF_MEMBER: revoke the user's staff roles first; "
            + "ALREADY_BANNED: lift the ban first; ACCOUNT_DELETED: the account was deleted")
    @ProblemCodes({"400 SELF_MODERATION", "409 STAFF_MEMBER", "409 ALREADY_BANNED", "409 ACCOUNT_DELETED"})
    public Moderation.StandingView restrict(@RestPath UUID userId, @NotNull @Valid ReportRequests.Decision request) {
        return moderation.restrict(me.id(), userId, request.reason());
    }

    @POST
    @Path("/users/{userId}/ban")
    @Operation(summary = "Ban a user: every session and websocket ends now, and sign-in is refused")
    @APIResponse(responseCode = "200", description = "The user's standing")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: not a moderator or admin")
    @APIResponse(responseCode = "409",
            description = "STAFF_MEMBER: revoke the user's staff roles first; ACCOUNT_DELETED: the account was deleted")
    @ProblemCodes({"400 SELF_MODERATION", "409 STAFF_MEMBER", "409 ACCOUNT_DELETED"})
    public Moderation.StandingView ban(@RestPath UUID userId, @NotNull @Valid ReportRequests.Decision request) {
        return moderation.ban(me.id(), userId, request.reason());
    }

    @POST
    @Path("/users/{userId}/lift")
    @Operation(summary = "Lift a restriction or ban")
    @APIResponse(responseCode = "200", description = "The user's standing")
    @APIResponse(responseCode = "403", description = "FORBIDDEN: not a moderator or admin")
    @APIResponse(responseCode = "409", description = "NOT_RESTRICTED")
    @ProblemCodes({"400 SELF_MODERATION", "409 NOT_RESTRICTED"})
    public Moderation.StandingView lift(@RestPath UUID userId, @NotNull @Valid ReportRequests.Decision request) {
        return moderation.lift(me.id(), userId, request.reason());
    }
}
