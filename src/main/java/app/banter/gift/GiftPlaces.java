package app.banter.gift;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.call.ActiveCalls;
import app.banter.gift.GiftViews.GiftView;
import app.banter.platform.error.ApiException;

/** Where a gift may be given: who must be in the room or the call, and who hears of it there. */
@ApplicationScoped
public class GiftPlaces {

    private final ActiveCalls calls;

    GiftPlaces(ActiveCalls calls) {
        this.calls = calls;
    }

    /** The sender is a party of the answered call, and the receiver the other party. */
    void requireInCall(UUID callId, UUID senderId, UUID receiverId) {
        UUID otherParty = calls.otherPartyOfAnsweredCall(callId, senderId)
                .orElseThrow(() -> ApiException.conflict("NOT_IN_CALL", "You are not in this call (or it is over)"));
        if (!otherParty.equals(receiverId)) {
            throw ApiException.conflict("RECEIVER_NOT_IN_CALL", "This person is not in your call");
        }
    }

    void requireOnStage(UUID roomId, UUID senderId, UUID receiverId) {
        throw ApiException.conflict("ROOM_GIFTS_UNAVAILABLE", "Gifts in rooms are not available yet");
    }

    void requirePresent(UUID roomId, UUID userId) {
        throw ApiException.notFound("Room");
    }

    void announceInRoom(UUID roomId, GiftView gift) {
        throw new IllegalStateException("No room gifts yet");
    }
}
