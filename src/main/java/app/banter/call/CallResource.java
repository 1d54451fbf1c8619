package app.banter.call;

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

import app.banter.call.CallViews.CallSession;
import app.banter.call.CallViews.CallView;
import app.banter.call.CallViews.StartCallRequest;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.PageRequest;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

@Path("/api/v1/calls")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Calls", description = "One-to-one voice and video calls, paid by the caller per started minute")
@SecurityRequirement(name = "bearer")
public class CallResource {

    private static final String ENDS_ON_THE_NETWORK = "The end is asked, and the call is still RINGING or ANSWERED: "
            + "the phones ring or stay bridged until a party hangs up on the phone or the time limit runs; the call "
            + "is billed until then and ends when the provider reports it (call.ended)";

    private final CallService calls;
    private final CurrentUser me;

    CallResource(CallService calls, CurrentUser me) {
        this.calls = calls;
        this.me = me;
    }

    @POST
    @Operation(summary = "Call someone: reserves the first minute, creates the room and rings the callee; returns "
            + "the caller's LiveKit token and ICE servers. With carrier PHONE the telephony provider rings both "
            + "parties' phones instead (no token), bridging them for as many minutes as the caller can pay")
    @APIResponse(responseCode = "201", description = "Ringing", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallSession.class)))
    @APIResponse(responseCode = "400", description = "PHONE_CALLS_DISABLED or PHONE_CALL_AUDIO_ONLY (carrier PHONE)")
    @APIResponse(responseCode = "402", description = "INSUFFICIENT_BALANCE for the first minute")
    @APIResponse(responseCode = "403", description = "ACCOUNT_RESTRICTED, or PHONE_CALLS_NOT_ACCEPTED (carrier PHONE to "
            + "someone whose privacy setting does not take phone calls from the caller)")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "409", description = "USER_BLOCKED (unblock them first), ALREADY_IN_CALL, USER_BUSY or "
            + "USER_OFFLINE (also for a callee who cannot take calls now). A caller who cannot pay the first minute "
            + "gets 402 whatever the callee's state")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED, with Retry-After: calls started per hour, in all "
            + "and to the same callee, whatever their answer")
    @APIResponse(responseCode = "502", description = "MEDIA_SERVER_UNAVAILABLE or TELEPHONY_UNAVAILABLE")
    @ProblemCodes({"400 CANNOT_CALL_SELF", "400 PHONE_CALLS_DISABLED", "400 PHONE_CALL_AUDIO_ONLY",
            "402 INSUFFICIENT_BALANCE", "403 ACCOUNT_RESTRICTED", "403 PHONE_CALLS_NOT_ACCEPTED", "404 NOT_FOUND",
            "409 USER_BLOCKED", "409 ALREADY_IN_CALL", "409 USER_BUSY", "409 USER_OFFLINE", "429 RATE_LIMITED",
            "502 MEDIA_SERVER_UNAVAILABLE", "502 TELEPHONY_UNAVAILABLE"})
    public Response start(@NotNull @Valid StartCallRequest request) {
        return Response.status(Response.Status.CREATED)
                .entity(calls.start(me.id(), request.calleeId(), request.type(), request.carrierOrDefault())).build();
    }

    @POST
    @Path("/{callId}/accept")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Answer a ringing call (callee); returns the callee's LiveKit token and ICE servers")
    @APIResponse(responseCode = "200", description = "Answered: the callee's LiveKit token and ICE servers")
    @APIResponse(responseCode = "403", description = "NOT_THE_CALLEE")
    @APIResponse(responseCode = "409", description = "CALL_NOT_RINGING, CALL_ENDED, ANSWER_ON_PHONE or "
            + "USER_UNAVAILABLE (the caller was banned or deleted their account)")
    @ProblemCodes({"403 NOT_THE_CALLEE", "409 CALL_NOT_RINGING", "409 CALL_ENDED", "409 ANSWER_ON_PHONE",
            "409 USER_UNAVAILABLE"})
    public CallSession accept(@RestPath UUID callId) {
        return calls.accept(me.id(), callId);
    }

    @POST
    @Path("/{callId}/reject")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Decline a ringing call (callee). A PHONE call whose provider cannot hang up (Exotel) "
            + "rings on and may still be answered on the phone: 202, and the call ends when the provider reports it")
    @APIResponse(responseCode = "200", description = "The call, REJECTED", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallView.class)))
    @APIResponse(responseCode = "202", description = ENDS_ON_THE_NETWORK, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallView.class)))
    @APIResponse(responseCode = "403", description = "NOT_THE_CALLEE")
    @APIResponse(responseCode = "409", description = "CALL_NOT_RINGING or CALL_ENDED")
    @ProblemCodes({"403 NOT_THE_CALLEE", "409 CALL_NOT_RINGING", "409 CALL_ENDED"})
    public Response reject(@RestPath UUID callId) {
        return ended(calls.reject(me.id(), callId));
    }

    @POST
    @Path("/{callId}/cancel")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Stop ringing before the callee answers (caller). A PHONE call whose provider cannot hang "
            + "up (Exotel) rings on and may still be answered: 202, and the call ends when the provider reports it")
    @APIResponse(responseCode = "200", description = "The call, CANCELLED", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallView.class)))
    @APIResponse(responseCode = "202", description = ENDS_ON_THE_NETWORK, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallView.class)))
    @APIResponse(responseCode = "403", description = "NOT_THE_CALLER")
    @APIResponse(responseCode = "409", description = "CALL_NOT_RINGING or CALL_ENDED")
    @ProblemCodes({"403 NOT_THE_CALLER", "409 CALL_NOT_RINGING", "409 CALL_ENDED"})
    public Response cancel(@RestPath UUID callId) {
        return ended(calls.cancel(me.id(), callId));
    }

    @POST
    @Path("/{callId}/end")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Hang up (either party): charges the minutes started so far and releases the rest. A PHONE "
            + "call whose provider cannot hang up (Exotel) stays bridged until the phones hang up: 202, and the call "
            + "is billed until the provider reports its end")
    @APIResponse(responseCode = "200", description = "The call, ended (or as it ended before)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallView.class)))
    @APIResponse(responseCode = "202", description = ENDS_ON_THE_NETWORK, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallView.class)))
    @ProblemCodes({})
    public Response end(@RestPath UUID callId) {
        return ended(calls.end(me.id(), callId));
    }

    /** 200 with the call ended; 202 with the call still active when only the phone network can end it. */
    private static Response ended(CallView call) {
        return Response.status(call.status().isTerminal() ? Response.Status.OK : Response.Status.ACCEPTED)
                .entity(call).build();
    }

    @GET
    @Path("/{callId}")
    @Operation(summary = "One of your calls")
    @ProblemCodes({})
    public CallView call(@RestPath UUID callId) {
        return calls.call(me.id(), callId);
    }

    @GET
    @Operation(summary = "Your call history, newest first (cursor-paginated)")
    @ProblemCodes({})
    public Page<CallView> history(@Valid @BeanParam PageRequest page) {
        return calls.history(me.id(), page.cursor(), page.limit());
    }
}
