package app.banter.gift;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonTypeName;

import app.banter.gift.GiftViews.GiftView;
import app.banter.realtime.ServerEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Gift events: to everyone in the room, or to both parties of the call. */
public final class GiftEvents {

    private GiftEvents() {
    }

    @JsonTypeName("room.gift")
    @RegisterForReflection
    public record RoomGift(UUID roomId, GiftView gift) implements ServerEvent.RoomEvent {
    }

    @JsonTypeName("call.gift")
    @RegisterForReflection
    public record CallGift(UUID callId, GiftView gift) implements ServerEvent.CallEvent {
    }
}
