package app.banter.social;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/reports")
@Authenticated
@Tag(name = "Reports", description = "Report a user, a message or a room to the moderators")
@SecurityRequirement(name = "bearer")
public class ReportResource {

    private final ReportService reports;
    private final CurrentUser me;

    ReportResource(ReportService reports, CurrentUser me) {
        this.reports = reports;
        this.me = me;
    }

    @POST
    @Operation(summary = "Report a user, message or room (rate-limited); enough reporters restrict the user until a "
            + "moderator reviews")
    @APIResponse(responseCode = "201", description = "Filed", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportView.class)))
    @APIResponse(responseCode = "404", description = "No such user or message")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED, with Retry-After")
    @ProblemCodes({"400 SELF_REPORT", "404 NOT_FOUND", "429 RATE_LIMITED"})
    public Response file(@NotNull @Valid ReportRequests.FileReport request) {
        return Response.status(Response.Status.CREATED).entity(reports.file(me.id(), request)).build();
    }
}
