package app.banter.gift;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.call.ActiveCalls;
import app.banter.gift.GiftEvents.RoomGift;
import app.banter.gift.GiftViews.GiftView;
import app.banter.platform.error.ApiException;
import app.banter.room.RoomMembers;
import app.banter.room.RoomRole;

/** Where a gift may be given: who must be in the room or the call, and who hears of it there. */
@ApplicationScoped
public class GiftPlaces {

    private final ActiveCalls calls;
    private final RoomMembers rooms;

    GiftPlaces(ActiveCalls calls, RoomMembers rooms) {
        this.calls = calls;
        this.rooms = rooms;
    }

    /** The sender is a party of the answered call, and the receiver the other party. */
    void requireInCall(UUID callId, UUID senderId, UUID receiverId) {
        UUID otherParty = calls.otherPartyOfAnsweredCall(callId, senderId)
                .orElseThrow(() -> ApiException.conflict("NOT_IN_CALL", "You are not in this call (or it is over)"));
        if (!otherParty.equals(receiverId)) {
            throw ApiException.conflict("RECEIVER_NOT_IN_CALL", "This person is not in your call");
        }
    }

    /**
     * The sender is present in the live room, and the receiver too, on stage: the host, a moderator or a speaker
     * (listeners receive no gifts). An unknown or ended room is one the sender is not in.
     */
    void requireOnStage(UUID roomId, UUID senderId, UUID receiverId) {
        if (rooms.presentRole(roomId, senderId).isEmpty()) {
            throw ApiException.forbidden("NOT_IN_ROOM", "You are not in this room");
        }
        RoomRole receiverRole = rooms.presentRole(roomId, receiverId)
                .orElseThrow(() -> ApiException.conflict("RECEIVER_NOT_IN_ROOM", "This person is not in the room"));
        if (receiverRole == RoomRole.LISTENER) {
            throw ApiException.conflict("RECEIVER_NOT_ON_STAGE", "Gifts in a room go to its host and speakers");
        }
    }

    /** Room gift figures are for the members present in the room; any other room is not found. */
    void requirePresent(UUID roomId, UUID userId) {
        if (rooms.presentRole(roomId, userId).isEmpty()) {
            throw ApiException.notFound("Room");
        }
    }

    /** room.gift to every member present, once the gift commits. */
    void announceInRoom(UUID roomId, GiftView gift) {
        // Not to members blocked with the giver or the receiver, as the room's views and top gifters leave them out.
        rooms.broadcastAbout(roomId, new RoomGift(roomId, gift), gift.sender().id(), gift.receiver().id());
    }
}
