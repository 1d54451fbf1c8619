package app.banter.social;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import org.jboss.resteasy.reactive.RestPath;

import app.banter.platform.paging.Page;
import app.banter.platform.paging.PageRequest;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/friend-requests")
@Authenticated
@Tag(name = "Friends", description = "Friend requests and friendships")
@SecurityRequirement(name = "bearer")
public class FriendRequestResource {

    private final FriendService friends;
    private final CurrentUser me;

    FriendRequestResource(FriendService friends, CurrentUser me) {
        this.friends = friends;
        this.me = me;
    }

    @POST
    @Operation(summary = "Send a friend request with an optional message; 201 with the request, or 200 with their "
            + "request ACCEPTED when the recipient had already asked you. New requests are rate-limited")
    @APIResponse(responseCode = "201", description = "Request sent", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FriendRequestView.class)))
    @APIResponse(responseCode = "200", description = "They had asked you already: their request, ACCEPTED",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = FriendRequestView.class)))
    @APIResponse(responseCode = "403", description = "ACCOUNT_RESTRICTED")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "409", description = "ALREADY_FRIENDS, REQUEST_PENDING or USER_BLOCKED")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED, with Retry-After")
    @ProblemCodes({"400 SELF_REQUEST", "403 ACCOUNT_RESTRICTED", "404 NOT_FOUND", "409 ALREADY_FRIENDS",
            "409 REQUEST_PENDING", "409 USER_BLOCKED", "429 RATE_LIMITED"})
    public Response send(@NotNull @Valid SendFriendRequest request) {
        FriendService.SentFriendRequest sent = friends.send(me.id(), request);
        return Response.status(sent.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(sent.request()).build();
    }

    @GET
    @Path("/incoming")
    @Operation(summary = "Pending requests sent to you, newest first")
    @ProblemCodes({})
    public Page<FriendRequestView> incoming(@Valid @BeanParam PageRequest page) {
        return friends.incoming(me.id(), page.cursor(), page.limit());
    }

    @GET
    @Path("/outgoing")
    @Operation(summary = "Pending requests you sent, newest first")
    @ProblemCodes({})
    public Page<FriendRequestView> outgoing(@Valid @BeanParam PageRequest page) {
        return friends.outgoing(me.id(), page.cursor(), page.limit());
    }

    @POST
    @Path("/{requestId}/accept")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Accept a request sent to you")
    @APIResponse(responseCode = "200", description = "The request, ACCEPTED")
    @APIResponse(responseCode = "409", description = "REQUEST_NOT_PENDING")
    @ProblemCodes({"409 REQUEST_NOT_PENDING"})
    public FriendRequestView accept(@RestPath UUID requestId) {
        return friends.accept(me.id(), requestId);
    }

    @POST
    @Path("/{requestId}/reject")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Reject a request sent to you; the sender is not told")
    @APIResponse(responseCode = "200", description = "The request, REJECTED")
    @APIResponse(responseCode = "409", description = "REQUEST_NOT_PENDING")
    @ProblemCodes({"409 REQUEST_NOT_PENDING"})
    public FriendRequestView reject(@RestPath UUID requestId) {
        return friends.reject(me.id(), requestId);
    }

    @POST
    @Path("/{requestId}/cancel")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Withdraw a request you sent")
    @APIResponse(responseCode = "200", description = "The request, CANCELLED")
    @APIResponse(responseCode = "409", description = "REQUEST_NOT_PENDING")
    @ProblemCodes({"409 REQUEST_NOT_PENDING"})
    public FriendRequestView cancel(@RestPath UUID requestId) {
        return friends.cancel(me.id(), requestId);
    }
}
