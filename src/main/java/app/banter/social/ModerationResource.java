package app.banter.social;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import app.banter.platform.paging.Page;
import app.banter.platform.security.CurrentUser;

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
    public Page<ReportView> reports(@RestQuery @DefaultValue("OPEN") Report.Status status,
            @RestQuery @Size(max = 200) String cursor,
            @RestQuery @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return reports.list(status, cursor, limit);
    }

    @POST
    @Path("/reports/{reportId}/resolve")
    @Operation(summary = "Close a report as DISMISSED or ACTIONED")
    public ReportView resolve(@RestPath UUID reportId, @NotNull @Valid ReportRequests.Resolve request) {
        return reports.resolve(me.id(), reportId, request);
    }

    @POST
    @Path("/users/{userId}/restrict")
    @Operation(summary = "Restrict a user: no messages, calls or friend requests")
    public Moderation.StandingView restrict(@RestPath UUID userId, @NotNull @Valid ReportRequests.Decision request) {
        return moderation.restrict(me.id(), userId, request.reason());
    }

    @POST
    @Path("/users/{userId}/ban")
    @Operation(summary = "Ban a user: every session and websocket ends now, and sign-in is refused")
    public Moderation.StandingView ban(@RestPath UUID userId, @NotNull @Valid ReportRequests.Decision request) {
        return moderation.ban(me.id(), userId, request.reason());
    }

    @POST
    @Path("/users/{userId}/lift")
    @Operation(summary = "Lift a restriction or ban")
    public Moderation.StandingView lift(@RestPath UUID userId, @NotNull @Valid ReportRequests.Decision request) {
        return moderation.lift(me.id(), userId, request.reason());
    }
}
