package app.banter.chat;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonTypeName;

import app.banter.realtime.ServerEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The realtime events of direct messages; each goes to both members (the sender's other devices too). */
public final class ChatEvents {

    private ChatEvents() {
    }

    @JsonTypeName("message.new")
    @RegisterForReflection
    public record MessageNew(MessageView message) implements ServerEvent.ChatEvent {
    }

    @JsonTypeName("message.edited")
    @RegisterForReflection
    public record MessageEdited(MessageView message) implements ServerEvent.ChatEvent {
    }

    @JsonTypeName("message.deleted")
    @RegisterForReflection
    public record MessageDeleted(UUID conversationId, UUID messageId) implements ServerEvent.ChatEvent {
    }

    @JsonTypeName("message.read")
    @RegisterForReflection
    public record MessageRead(ReadReceipt receipt) implements ServerEvent.ChatEvent {
    }

    /** Sent to the other member only. */
    @JsonTypeName("typing")
    @RegisterForReflection
    public record Typing(UUID conversationId, UUID userId) implements ServerEvent.ChatEvent {
    }
}
