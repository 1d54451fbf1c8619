package app.banter.realtime;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What a client may send over {@code /ws}: {@code {"type": "heartbeat" | "typing" | "read", ...}}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientEvent.Heartbeat.class, name = "heartbeat"),
        @JsonSubTypes.Type(value = ClientEvent.Typing.class, name = "typing"),
        @JsonSubTypes.Type(value = ClientEvent.Read.class, name = "read")
})
public sealed interface ClientEvent {

    /** Keeps the user present; see {@link RealtimeConfig#presenceTtl()}. */
    @RegisterForReflection
    record Heartbeat() implements ClientEvent {
    }

    /** The user is typing in a conversation; its other member is told. */
    @RegisterForReflection
    record Typing(UUID conversationId) implements ClientEvent {
    }

    /** The user has read a conversation up to and including a message. */
    @RegisterForReflection
    record Read(UUID conversationId, UUID messageId) implements ClientEvent {
    }
}
