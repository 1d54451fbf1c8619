package app.banter.chat;

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

import org.eclipse.microprofile.openapi.annotations.Operation;
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
@Path("/api/v1/conversations")
@Authenticated
@Tag(name = "Chat", description = "Direct messages")
@SecurityRequirement(name = "bearer")
public class ConversationResource {

    private final ChatService chat;
    private final CurrentUser me;

    ConversationResource(ChatService chat, CurrentUser me) {
        this.chat = chat;
        this.me = me;
    }

    @GET
    @Operation(summary = "Your conversations, most recently active first, with the last message and unread count")
    @ProblemCodes({})
    public Page<ConversationView> list(@Valid @BeanParam PageRequest page) {
        return chat.conversations(me.id(), page.cursor(), page.limit());
    }

    @GET
    @Path("/{conversationId}/messages")
    @Operation(summary = "Messages of one of your conversations, newest first")
    @ProblemCodes({})
    public Page<MessageView> messages(@RestPath UUID conversationId, @Valid @BeanParam PageRequest page) {
        return chat.messages(me.id(), conversationId, page.cursor(), page.limit());
    }

    @POST
    @Path("/{conversationId}/read")
    @Operation(summary = "Mark the conversation read up to and including a message; the other member is told")
    @ProblemCodes({})
    public ReadReceipt markRead(@RestPath UUID conversationId, @NotNull @Valid ChatRequests.MarkRead request) {
        return chat.markRead(me.id(), conversationId, request.messageId());
    }
}
