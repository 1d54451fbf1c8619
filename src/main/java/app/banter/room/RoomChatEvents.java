package app.banter.room;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonTypeName;

import app.banter.realtime.ServerEvent;
import app.banter.room.RoomChatViews.RoomMessageView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The room.* events of room chat; each goes to every member present in the room. */
public final class RoomChatEvents {

    private RoomChatEvents() {
    }

    @JsonTypeName("room.message")
    @RegisterForReflection
    public record RoomMessagePosted(UUID roomId, RoomMessageView message) implements ServerEvent.RoomEvent {
    }

    @JsonTypeName("room.message_deleted")
    @RegisterForReflection
    public record RoomMessageDeleted(UUID roomId, UUID messageId) implements ServerEvent.RoomEvent {
    }

    @JsonTypeName("room.pinned")
    @RegisterForReflection
    public record RoomMessagePinned(UUID roomId, RoomMessageView message) implements ServerEvent.RoomEvent {
    }

    @JsonTypeName("room.unpinned")
    @RegisterForReflection
    public record RoomMessageUnpinned(UUID roomId) implements ServerEvent.RoomEvent {
    }
}
