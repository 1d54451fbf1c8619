package app.banter.room;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import app.banter.platform.paging.Page;
import app.banter.platform.paging.PageRequest;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import app.banter.room.RoomViews.CreateRoom;
import app.banter.room.RoomViews.CreatedRoom;
import app.banter.room.RoomViews.ListenerView;
import app.banter.room.RoomViews.RoomSession;
import app.banter.room.RoomViews.RoomSummary;
import app.banter.room.RoomViews.RoomView;
import app.banter.room.RoomViews.UserRef;
import io.quarkus.security.Authenticated;

@Path("/api/v1/rooms")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Rooms", description = "Public voice rooms: a host, speakers on stage, listeners")
@SecurityRequirement(name = "bearer")
public class RoomResource {

    private final RoomService rooms;
    private final RoomStage stage;
    private final CurrentUser me;

    RoomResource(RoomService rooms, RoomStage stage, CurrentUser me) {
        this.rooms = rooms;
        this.stage = stage;
        this.me = me;
    }

    @POST
    @Operation(summary = "Open a voice room: you are its host; returns the room and your LiveKit token")
    @APIResponse(responseCode = "201", description = "Live", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedRoom.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, CAPACITY_TOO_LARGE, or MEDIA_WRONG_PURPOSE, "
            + "MEDIA_NOT_READY or MEDIA_ALREADY_USED (coverMediaId)")
    @APIResponse(responseCode = "403", description = "ACCOUNT_RESTRICTED")
    @APIResponse(responseCode = "404", description = "No such upload of yours (coverMediaId)")
    @APIResponse(responseCode = "409", description = "ALREADY_HOSTING: you host a live room already")
    @APIResponse(responseCode = "502", description = "MEDIA_SERVER_UNAVAILABLE")
    @ProblemCodes({"400 CAPACITY_TOO_LARGE", "400 MEDIA_WRONG_PURPOSE", "400 MEDIA_NOT_READY",
            "400 MEDIA_ALREADY_USED", "403 ACCOUNT_RESTRICTED", "404 NOT_FOUND", "409 ALREADY_HOSTING",
            "502 MEDIA_SERVER_UNAVAILABLE"})
    public Response create(@NotNull @Valid CreateRoom request) {
        return Response.status(Response.Status.CREATED).entity(rooms.create(me.id(), request)).build();
    }

    @GET
    @Operation(summary = "Live public rooms, by live member count then newest (cursor-paginated); friends=true "
            + "puts rooms where a friend is on stage first")
    @ProblemCodes({})
    public Page<RoomSummary> discover(
            @RestQuery @Pattern(regexp = RoomViews.CATEGORY) @Parameter(description = "Only this category") String category,
            @RestQuery @Pattern(regexp = RoomViews.LANGUAGE) @Parameter(description = "Only this language") String language,
            @RestQuery @DefaultValue("false") @Parameter(description = "Rooms where a friend speaks first") boolean friends,
            @Valid @BeanParam PageRequest page) {
        return rooms.discover(me.id(), category, language, friends, page.cursor(), page.limit());
    }

    @GET
    @Path("/{roomId}")
    @Operation(summary = "A room: host, speakers with speaking and muted state, listener and live member counts")
    @ProblemCodes({})
    public RoomView room(@RestPath UUID roomId) {
        return rooms.get(me.id(), roomId);
    }

    @GET
    @Path("/{roomId}/listeners")
    @Operation(summary = "A room's present listeners, newest first (cursor-paginated)")
    @ProblemCodes({})
    public Page<ListenerView> listeners(@RestPath UUID roomId, @Valid @BeanParam PageRequest page) {
        return rooms.listeners(me.id(), roomId, page.cursor(), page.limit());
    }

    @POST
    @Path("/{roomId}/join")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Join: a LiveKit token for this room only (listeners subscribe only; the stage publishes "
            + "the microphone only); again while present renews the token")
    @APIResponse(responseCode = "200", description = "Your role and LiveKit token")
    @APIResponse(responseCode = "403", description = "BANNED_FROM_ROOM")
    @APIResponse(responseCode = "409", description = "ROOM_FULL or ROOM_ENDED")
    @ProblemCodes({"403 BANNED_FROM_ROOM", "409 ROOM_FULL", "409 ROOM_ENDED"})
    public RoomSession join(@RestPath UUID roomId) {
        return rooms.join(me.id(), roomId);
    }

    @POST
    @Path("/{roomId}/leave")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Leave the room")
    @APIResponse(responseCode = "204", description = "Left")
    @ProblemCodes({})
    public void leave(@RestPath UUID roomId) {
        rooms.leave(me.id(), roomId);
    }

    @POST
    @Path("/{roomId}/invites")
    @Operation(summary = "Let someone see and join an invite-only room (host or moderator); they are notified the "
            + "first time only. New invitations into a host's rooms are rate-limited")
    @APIResponse(responseCode = "204", description = "Invited")
    @APIResponse(responseCode = "403", description = "NOT_IN_ROOM, ROOM_ROLE_REQUIRED or ACCOUNT_RESTRICTED")
    @APIResponse(responseCode = "409", description = "ROOM_ENDED")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED, with Retry-After")
    @ProblemCodes({"403 NOT_IN_ROOM", "403 ROOM_ROLE_REQUIRED", "403 ACCOUNT_RESTRICTED", "409 ROOM_ENDED",
            "429 RATE_LIMITED"})
    public void invite(@RestPath UUID roomId, @NotNull @Valid UserRef invitee) {
        rooms.invite(me.id(), roomId, invitee.userId());
    }

    @POST
    @Path("/{roomId}/end")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "End the room (host): everyone is disconnected")
    @APIResponse(responseCode = "204", description = "Ended")
    @APIResponse(responseCode = "403", description = "HOST_ONLY")
    @APIResponse(responseCode = "409", description = "ROOM_ENDED")
    @APIResponse(responseCode = "502", description = "MEDIA_SERVER_UNAVAILABLE")
    @ProblemCodes({"403 HOST_ONLY", "409 ROOM_ENDED", "502 MEDIA_SERVER_UNAVAILABLE"})
    public void end(@RestPath UUID roomId) {
        rooms.end(me.id(), roomId);
    }

    @POST
    @Path("/{roomId}/hand")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Raise your hand to speak (listeners)")
    @APIResponse(responseCode = "204", description = "Raised")
    @APIResponse(responseCode = "403", description = "NOT_IN_ROOM")
    @APIResponse(responseCode = "409", description = "ALREADY_ON_STAGE or ROOM_ENDED")
    @ProblemCodes({"403 NOT_IN_ROOM", "409 ALREADY_ON_STAGE", "409 ROOM_ENDED"})
    public void raiseHand(@RestPath UUID roomId) {
        stage.raiseHand(me.id(), roomId);
    }

    @DELETE
    @Path("/{roomId}/hand")
    @Operation(summary = "Lower your hand")
    @APIResponse(responseCode = "204", description = "Lowered")
    @APIResponse(responseCode = "403", description = "NOT_IN_ROOM")
    @APIResponse(responseCode = "409", description = "ROOM_ENDED")
    @ProblemCodes({"403 NOT_IN_ROOM", "409 ROOM_ENDED"})
    public void lowerHand(@RestPath UUID roomId) {
        stage.lowerHand(me.id(), roomId);
    }

    @POST
    @Path("/{roomId}/members/{userId}/invite-to-speak")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Invite a listener to speak (host or moderator); they accept with POST /rooms/{id}/speak")
    @APIResponse(responseCode = "204", description = "Invited")
    @APIResponse(responseCode = "403", description = "NOT_IN_ROOM, ROOM_ROLE_REQUIRED or ACCOUNT_RESTRICTED")
    @APIResponse(responseCode = "409", description = "ALREADY_ON_STAGE or ROOM_ENDED")
    @ProblemCodes({"403 NOT_IN_ROOM", "403 ROOM_ROLE_REQUIRED", "403 ACCOUNT_RESTRICTED", "409 ALREADY_ON_STAGE",
            "409 ROOM_ENDED"})
    public void inviteToSpeak(@RestPath UUID roomId, @RestPath UUID userId) {
        stage.inviteToSpeak(me.id(), roomId, userId);
    }

    @POST
    @Path("/{roomId}/speak")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Accept an invitation to speak: LiveKit lets you publish your microphone at once")
    @APIResponse(responseCode = "204", description = "On stage")
    @APIResponse(responseCode = "403", description = "NOT_IN_ROOM or ACCOUNT_RESTRICTED")
    @APIResponse(responseCode = "409", description = "NOT_INVITED_TO_SPEAK or ROOM_ENDED")
    @APIResponse(responseCode = "502", description = "MEDIA_SERVER_UNAVAILABLE")
    @ProblemCodes({"403 NOT_IN_ROOM", "403 ACCOUNT_RESTRICTED", "409 NOT_INVITED_TO_SPEAK", "409 ROOM_ENDED",
            "502 MEDIA_SERVER_UNAVAILABLE"})
    public void acceptSpeak(@RestPath UUID roomId) {
        stage.acceptSpeak(me.id(), roomId);
    }

    @POST
    @Path("/{roomId}/members/{userId}/promote")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Make a member a moderator (host)")
    @APIResponse(responseCode = "204", description = "Moderator")
    @APIResponse(responseCode = "403", description = "NOT_IN_ROOM or HOST_ONLY")
    @APIResponse(responseCode = "409", description = "ALREADY_MODERATOR, MEMBER_UNAVAILABLE (the member cannot take "
            + "the role now) or ROOM_ENDED")
    @APIResponse(responseCode = "502", description = "MEDIA_SERVER_UNAVAILABLE")
    @ProblemCodes({"403 NOT_IN_ROOM", "403 HOST_ONLY", "409 ALREADY_MODERATOR", "409 MEMBER_UNAVAILABLE",
            "409 ROOM_ENDED", "502 MEDIA_SERVER_UNAVAILABLE"})
    public void promote(@RestPath UUID roomId, @RestPath UUID userId) {
        stage.promoteToModerator(me.id(), roomId, userId);
    }

    @POST
    @Path("/{roomId}/members/{userId}/demote")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Take a speaker (or, for the host, a moderator) off stage: publishing is revoked at LiveKit "
            + "and the microphone track muted at once")
    @APIResponse(responseCode = "204", description = "Listener")
    @APIResponse(responseCode = "403", description = "NOT_IN_ROOM, ROOM_ROLE_REQUIRED, HOST_ONLY or HOST_PROTECTED")
    @APIResponse(responseCode = "409", description = "NOT_ON_STAGE or ROOM_ENDED")
    @APIResponse(responseCode = "502", description = "MEDIA_SERVER_UNAVAILABLE")
    @ProblemCodes({"403 NOT_IN_ROOM", "403 ROOM_ROLE_REQUIRED", "403 HOST_ONLY", "403 HOST_PROTECTED",
            "409 NOT_ON_STAGE", "409 ROOM_ENDED", "502 MEDIA_SERVER_UNAVAILABLE"})
    public void demote(@RestPath UUID roomId, @RestPath UUID userId) {
        stage.demote(me.id(), roomId, userId);
    }

    @POST
    @Path("/{roomId}/members/{userId}/mute")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Mute a member's microphone (host or moderator)")
    @APIResponse(responseCode = "204", description = "Muted")
    @APIResponse(responseCode = "403", description = "NOT_IN_ROOM, ROOM_ROLE_REQUIRED, HOST_ONLY or HOST_PROTECTED")
    @APIResponse(responseCode = "409", description = "NOT_ON_STAGE, NOT_PUBLISHING or ROOM_ENDED")
    @APIResponse(responseCode = "502", description = "MEDIA_SERVER_UNAVAILABLE")
    @ProblemCodes({"403 NOT_IN_ROOM", "403 ROOM_ROLE_REQUIRED", "403 HOST_ONLY", "403 HOST_PROTECTED",
            "409 NOT_ON_STAGE", "409 NOT_PUBLISHING", "409 ROOM_ENDED", "502 MEDIA_SERVER_UNAVAILABLE"})
    public void mute(@RestPath UUID roomId, @RestPath UUID userId) {
        stage.mute(me.id(), roomId, userId);
    }

    @POST
    @Path("/{roomId}/members/{userId}/remove")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Disconnect a member and ban them from this room (host or moderator)")
    @APIResponse(responseCode = "204", description = "Removed and banned")
    @APIResponse(responseCode = "400", description = "CANNOT_REMOVE_SELF")
    @APIResponse(responseCode = "403", description = "NOT_IN_ROOM, ROOM_ROLE_REQUIRED, HOST_ONLY or HOST_PROTECTED")
    @APIResponse(responseCode = "409", description = "ROOM_ENDED")
    @APIResponse(responseCode = "502", description = "MEDIA_SERVER_UNAVAILABLE")
    @ProblemCodes({"400 CANNOT_REMOVE_SELF", "403 NOT_IN_ROOM", "403 ROOM_ROLE_REQUIRED", "403 HOST_ONLY",
            "403 HOST_PROTECTED", "409 ROOM_ENDED", "502 MEDIA_SERVER_UNAVAILABLE"})
    public void remove(@RestPath UUID roomId, @RestPath UUID userId) {
        stage.remove(me.id(), roomId, userId);
    }

    @POST
    @Path("/{roomId}/host")
    @Operation(summary = "Hand the host role to a present member (host); you stay on as a moderator")
    @APIResponse(responseCode = "204", description = "Handed over")
    @APIResponse(responseCode = "400", description = "Invalid input, or ALREADY_HOST")
    @APIResponse(responseCode = "403", description = "NOT_IN_ROOM or HOST_ONLY")
    @APIResponse(responseCode = "409", description = "MEMBER_UNAVAILABLE (the new host cannot take the role now) or "
            + "ROOM_ENDED")
    @APIResponse(responseCode = "502", description = "MEDIA_SERVER_UNAVAILABLE")
    @ProblemCodes({"400 ALREADY_HOST", "403 NOT_IN_ROOM", "403 HOST_ONLY", "409 MEMBER_UNAVAILABLE",
            "409 ROOM_ENDED", "502 MEDIA_SERVER_UNAVAILABLE"})
    public void handOver(@RestPath UUID roomId, @NotNull @Valid UserRef newHost) {
        stage.handOver(me.id(), roomId, newHost.userId());
    }
}
