package app.banter.social;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
@Path("/api/v1/friends")
@Authenticated
@Tag(name = "Friends", description = "Friend requests and friendships")
@SecurityRequirement(name = "bearer")
public class FriendResource {

    private final FriendService friends;
    private final CurrentUser me;

    FriendResource(FriendService friends, CurrentUser me) {
        this.friends = friends;
        this.me = me;
    }

    @GET
    @Operation(summary = "Your friends, most recent first")
    @ProblemCodes({})
    public Page<FriendView> list(@Valid @BeanParam PageRequest page) {
        return friends.friends(me.id(), page.cursor(), page.limit());
    }

    @DELETE
    @Path("/{userId}")
    @Operation(summary = "Unfriend")
    @APIResponse(responseCode = "204", description = "No longer friends")
    @ProblemCodes({})
    public Response unfriend(@RestPath UUID userId) {
        friends.unfriend(me.id(), userId);
        return Response.noContent().build();
    }
}
