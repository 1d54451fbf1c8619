package app.banter.social;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import app.banter.platform.paging.Page;
import app.banter.platform.paging.PageRequest;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/blocks")
@Authenticated
@Tag(name = "Blocks", description = "People you shut out: they cannot message, call, friend or find you")
@SecurityRequirement(name = "bearer")
public class BlockResource {

    private final Blocks blocks;
    private final CurrentUser me;

    BlockResource(Blocks blocks, CurrentUser me) {
        this.blocks = blocks;
        this.me = me;
    }

    @PUT
    @Path("/{userId}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Block a user (idempotent); ends the friendship and pending requests between you")
    @APIResponse(responseCode = "204", description = "Blocked")
    @ProblemCodes({"400 SELF_BLOCK"})
    public Response block(@RestPath UUID userId) {
        blocks.block(me.id(), userId);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{userId}")
    @Operation(summary = "Unblock a user")
    @APIResponse(responseCode = "204", description = "Unblocked")
    @ProblemCodes({})
    public Response unblock(@RestPath UUID userId) {
        blocks.unblock(me.id(), userId);
        return Response.noContent().build();
    }

    @GET
    @Operation(summary = "People you blocked, most recent first")
    @ProblemCodes({})
    public Page<Blocks.BlockedUserView> list(@Valid @BeanParam PageRequest page) {
        return blocks.list(me.id(), page.cursor(), page.limit());
    }
}
