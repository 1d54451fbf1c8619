package app.banter.matching;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonTypeName;

import app.banter.call.CallViews.CallSession;
import app.banter.realtime.ServerEvent;
import app.banter.user.PublicProfileView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The match.* events. */
public final class MatchEvents {

    private MatchEvents() {
    }

    /**
     * To each of the two: who they were matched with, whether they are the caller (the one who waited longer, who pays
     * beyond the free minutes), and their own session for the call, which is already answered: join the room. The
     * call's own events (call.ended) follow as for any call.
     */
    @JsonTypeName("match.found")
    @RegisterForReflection
    public record MatchFound(UUID matchId, UUID callId, PublicProfileView partner, boolean caller,
            CallSession session) implements ServerEvent.MatchEvent {
    }
}
