package app.banter.chat;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
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

import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/messages")
@Authenticated
@Tag(name = "Chat", description = "Direct messages")
@SecurityRequirement(name = "bearer")
public class ChatResource {

    private final ChatService chat;
    private final CurrentUser me;

    ChatResource(ChatService chat, CurrentUser me) {
        this.chat = chat;
        this.me = me;
    }

    @POST
    @Operation(summary = "Send a direct message (text, an image with an optional caption, or a voice note), "
            + "optionally as a reply; friends only unless the recipient opened DMs to everyone")
    @APIResponse(responseCode = "201", description = "Sent", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MessageView.class)))
    @APIResponse(responseCode = "400", description = "EMPTY_MESSAGE, INVALID_MESSAGE, INVALID_DURATION, "
            + "MESSAGE_TOO_LONG, MEDIA_WRONG_PURPOSE, MEDIA_NOT_READY, MEDIA_ALREADY_USED or VALIDATION_FAILED")
    @APIResponse(responseCode = "403", description = "DMS_FRIENDS_ONLY or ACCOUNT_RESTRICTED")
    @APIResponse(responseCode = "404", description = "No such recipient, no such message to reply to, or no such "
            + "upload of yours (mediaId)")
    @APIResponse(responseCode = "409", description = "USER_BLOCKED")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED, with Retry-After")
    @ProblemCodes({"400 SELF_MESSAGE", "400 EMPTY_MESSAGE", "400 INVALID_MESSAGE", "400 INVALID_DURATION",
            "400 MESSAGE_TOO_LONG", "400 MEDIA_WRONG_PURPOSE", "400 MEDIA_NOT_READY", "400 MEDIA_ALREADY_USED",
            "403 DMS_FRIENDS_ONLY", "403 ACCOUNT_RESTRICTED", "404 NOT_FOUND", "409 USER_BLOCKED", "429 RATE_LIMITED"})
    public Response send(@NotNull @Valid ChatRequests.Send request) {
        return Response.status(Response.Status.CREATED).entity(chat.send(me.id(), request)).build();
    }

    @PATCH
    @Path("/{messageId}")
    @Operation(summary = "Edit the text of your own message")
    @APIResponse(responseCode = "200", description = "The edited message")
    @APIResponse(responseCode = "400", description = "MESSAGE_TOO_LONG or VALIDATION_FAILED")
    @APIResponse(responseCode = "403", description = "ACCOUNT_RESTRICTED, or DMS_FRIENDS_ONLY: the peer no longer "
            + "takes messages from you")
    @APIResponse(responseCode = "404", description = "No such message of yours, or a block between you and the peer")
    @APIResponse(responseCode = "409", description = "MESSAGE_DELETED or MESSAGE_NOT_EDITABLE (a voice note)")
    @ProblemCodes({"400 MESSAGE_TOO_LONG", "403 DMS_FRIENDS_ONLY", "403 ACCOUNT_RESTRICTED", "409 MESSAGE_DELETED",
            "409 MESSAGE_NOT_EDITABLE"})
    public MessageView edit(@RestPath UUID messageId, @NotNull @Valid ChatRequests.Edit request) {
        return chat.edit(me.id(), messageId, request);
    }

    @DELETE
    @Path("/{messageId}")
    @Operation(summary = "Delete your own message: it stays in place, without its content")
    @APIResponse(responseCode = "204", description = "Deleted")
    @ProblemCodes({})
    public Response delete(@RestPath UUID messageId) {
        chat.delete(me.id(), messageId);
        return Response.noContent().build();
    }
}
