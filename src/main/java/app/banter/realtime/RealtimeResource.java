package app.banter.realtime;


import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
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
@Path("/api/v1/realtime")
@Authenticated
@Tag(name = "Realtime", description = "Tickets for the /ws websocket")
@SecurityRequirement(name = "bearer")
public class RealtimeResource {

    private final WsTickets tickets;
    private final CurrentUser me;
    private final JsonWebToken jwt;

    RealtimeResource(WsTickets tickets, CurrentUser me, JsonWebToken jwt) {
        this.tickets = tickets;
        this.me = me;
        this.jwt = jwt;
    }

    @POST
    @Path("/tickets")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "A single-use ticket, valid for seconds, to open /ws?ticket=... from a client that cannot "
            + "send an Authorization header on the websocket upgrade")
    @APIResponse(responseCode = "201", description = "Ticket issued", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WsTickets.Ticket.class)))
    @ProblemCodes({})
    public Response ticket() {
        WsTickets.Ticket ticket = tickets.issue(me.id(), me.sessionId(), jwt.getGroups());
        return Response.status(Response.Status.CREATED).entity(ticket).build();
    }
}
