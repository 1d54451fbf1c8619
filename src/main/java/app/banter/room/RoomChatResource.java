package app.banter.room;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import app.banter.room.RoomChatViews.PinRoomMessage;
import app.banter.room.RoomChatViews.PinnedMessageView;
import app.banter.room.RoomChatViews.PostRoomMessage;
import app.banter.room.RoomChatViews.RoomMessageView;
import io.quarkus.security.Authenticated;

@Path("/api/v1/rooms/{roomId}/chat")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Room chat", description = "Text chat of a voice room, for the members present in it")
@SecurityRequirement(name = "bearer")
public class RoomChatResource {

    private final RoomChatService chat;
    private final CurrentUser me;

    RoomChatResource(RoomChatService chat, CurrentUser me) {
        this.chat = chat;
        this.me = me;
    }

    @POST
    @Path("/messages")
    @Operation(summary = "Post a message to the room's chat (members present in the room; the limits of direct "
            + "messages apply); every member present receives room.message")
    @APIResponse(responseCode = "201", description = "Posted", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoomMessageView.class)))
    @APIResponse(responseCode = "400", description = "EMPTY_MESSAGE, MESSAGE_TOO_LONG or invalid input")
    @APIResponse(responseCode = "403", description = "NOT_IN_ROOM (you are not present in this room) or "
            + "ACCOUNT_RESTRICTED")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED, with Retry-After")
    @ProblemCodes({"400 EMPTY_MESSAGE", "400 MESSAGE_TOO_LONG", "403 ACCOUNT_RESTRICTED", "403 NOT_IN_ROOM",
            "429 RATE_LIMITED"})
    public Response post(@RestPath UUID roomId, @NotNull @Valid PostRoomMessage request) {
        return Response.status(Response.Status.CREATED).entity(chat.post(roomId, me.id(), request.text())).build();
    }

    @GET
    @Path("/messages")
    @Operation(summary = "The room's messages, newest first (cursor-paginated), for members present in it")
    @ProblemCodes({})
    public Page<RoomMessageView> messages(@RestPath UUID roomId, @Valid @BeanParam PageRequest page) {
        return chat.messages(roomId, me.id(), page.cursor(), page.limit());
    }

    @DELETE
    @Path("/messages/{messageId}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Delete a message: your own, or (host and moderators) anyone's; members receive "
            + "room.message_deleted")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "NOT_ROOM_MODERATOR")
    @ProblemCodes({"403 NOT_ROOM_MODERATOR"})
    public void delete(@RestPath UUID roomId, @RestPath UUID messageId) {
        chat.delete(roomId, me.id(), messageId);
    }

    @GET
    @Path("/pin")
    @Operation(summary = "The room's pinned message, if any")
    @ProblemCodes({})
    public PinnedMessageView pinned(@RestPath UUID roomId) {
        return chat.pinned(roomId, me.id());
    }

    @PUT
    @Path("/pin")
    @Operation(summary = "Pin a message of the room (host only), in place of the one pinned before; members receive "
            + "room.pinned")
    @APIResponse(responseCode = "200", description = "Pinned")
    @APIResponse(responseCode = "403", description = "NOT_IN_ROOM or NOT_ROOM_HOST")
    @ProblemCodes({"403 NOT_IN_ROOM", "403 NOT_ROOM_HOST"})
    public PinnedMessageView pin(@RestPath UUID roomId, @NotNull @Valid PinRoomMessage request) {
        return chat.pin(roomId, me.id(), request.messageId());
    }

    @DELETE
    @Path("/pin")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Clear the pinned message (host only); members receive room.unpinned")
    @APIResponse(responseCode = "204", description = "Nothing is pinned now")
    @APIResponse(responseCode = "403", description = "NOT_IN_ROOM or NOT_ROOM_HOST")
    @ProblemCodes({"403 NOT_IN_ROOM", "403 NOT_ROOM_HOST"})
    public void unpin(@RestPath UUID roomId) {
        chat.unpin(roomId, me.id());
    }
}
