package app.banter.social;

import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import app.banter.platform.paging.Page;
import app.banter.platform.security.CurrentUser;
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
    public Page<FriendView> list(@RestQuery @Size(max = 200) String cursor,
            @RestQuery @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return friends.friends(me.id(), cursor, limit);
    }

    @DELETE
    @Path("/{userId}")
    @Operation(summary = "Unfriend")
    public Response unfriend(@RestPath UUID userId) {
        friends.unfriend(me.id(), userId);
        return Response.noContent().build();
    }
}
