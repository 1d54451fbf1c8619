package app.banter.matching;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import app.banter.matching.MatchingViews.JoinQueueRequest;
import app.banter.matching.MatchingViews.QueueView;
import app.banter.matching.MatchingViews.RateMatchRequest;
import app.banter.matching.MatchingViews.RatingView;
import app.banter.matching.MatchingViews.SkipView;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

@Path("/api/v1/matching")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Matching", description = "Talk to someone now: random matching into a call")
@SecurityRequirement(name = "bearer")
public class MatchingResource {

    private final MatchingService matching;
    private final CurrentUser me;

    MatchingResource(MatchingService matching, CurrentUser me) {
        this.matching = matching;
        this.me = me;
    }

    @POST
    @Path("/queue")
    @Operation(summary = "Wait for a match (or change your request, keeping your place); a match arrives as the "
            + "match.found event with the call's session")
    @APIResponse(responseCode = "200", description = "Waiting")
    @APIResponse(responseCode = "402", description = "INSUFFICIENT_BALANCE for a first minute")
    @APIResponse(responseCode = "403", description = "ACCOUNT_RESTRICTED")
    @APIResponse(responseCode = "409", description = "NOT_CONNECTED (open /ws first) or ALREADY_IN_CALL")
    @ProblemCodes({"402 INSUFFICIENT_BALANCE", "403 ACCOUNT_RESTRICTED", "409 NOT_CONNECTED", "409 ALREADY_IN_CALL"})
    public QueueView join(@NotNull @Valid JoinQueueRequest request) {
        return matching.join(me.id(), request);
    }

    @DELETE
    @Path("/queue")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Stop waiting")
    @APIResponse(responseCode = "204", description = "Not waiting")
    @ProblemCodes({})
    public void leave() {
        matching.leave(me.id());
    }

    @GET
    @Path("/queue")
    @Operation(summary = "Whether you are waiting, and for how long")
    @ProblemCodes({})
    public QueueView status() {
        return matching.status(me.id());
    }

    @POST
    @Path("/calls/{callId}/skip")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Skip a matched call within banter.matching.skip-window: it ends without charge; "
            + "requeue=true puts you back in the queue with the same request, and if the queue refuses you (as it "
            + "would a join, or the request is no longer remembered) the skip is refused and the call goes on")
    @APIResponse(responseCode = "200", description = "The call, ended (SKIPPED), and your queue status")
    @APIResponse(responseCode = "402", description = "INSUFFICIENT_BALANCE for a first minute (requeue=true)")
    @APIResponse(responseCode = "403", description = "ACCOUNT_RESTRICTED (requeue=true)")
    @APIResponse(responseCode = "404", description = "No match of yours became this call")
    @APIResponse(responseCode = "409", description = "SKIP_WINDOW_PASSED, CALL_ENDED; with requeue=true "
            + "MATCH_REQUEST_EXPIRED or NOT_CONNECTED")
    @ProblemCodes({"402 INSUFFICIENT_BALANCE", "403 ACCOUNT_RESTRICTED", "409 SKIP_WINDOW_PASSED", "409 CALL_ENDED",
            "409 MATCH_REQUEST_EXPIRED", "409 NOT_CONNECTED"})
    public SkipView skip(@RestPath UUID callId, @RestQuery boolean requeue) {
        return matching.skip(me.id(), callId, requeue);
    }

    @POST
    @Path("/calls/{callId}/rating")
    @Operation(summary = "Rate a matched call that is over (1-5), once; a report in it is filed as POST /reports does")
    @APIResponse(responseCode = "200", description = "Rated")
    @APIResponse(responseCode = "404", description = "No match of yours became this call")
    @APIResponse(responseCode = "409", description = "CALL_NOT_ENDED or ALREADY_RATED")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED (a report past banter.social.reports.per-hour), "
            + "with Retry-After; nothing is rated")
    @ProblemCodes({"409 CALL_NOT_ENDED", "409 ALREADY_RATED", "429 RATE_LIMITED"})
    public RatingView rate(@RestPath UUID callId, @NotNull @Valid RateMatchRequest request) {
        return matching.rate(me.id(), callId, request);
    }
}
