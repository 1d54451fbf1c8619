package app.banter.call;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** What other features may ask about the calls going on now (gifts ask who is on the other end). */
@ApplicationScoped
public class ActiveCalls {

    private final CallRepository calls;

    ActiveCalls(CallRepository calls) {
        this.calls = calls;
    }

    /**
     * The other party of {@code callId} when {@code userId} is a party and the call is answered and not yet over;
     * empty for a call that rings, ended, is someone else's or does not exist, which all look alike.
     */
    @Transactional
    public Optional<UUID> otherPartyOfAnsweredCall(UUID callId, UUID userId) {
        return calls.findForParty(callId, userId)
                .filter(call -> call.status == Call.Status.ANSWERED)
                .map(call -> call.otherParty(userId));
    }
}
