package app.banter.chat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import app.banter.platform.error.ApiException;
import app.banter.realtime.ClientEvent;
import app.banter.realtime.ClientFrame;

/** Typing and read frames that clients send over the websocket. */
@ApplicationScoped
public class ChatFrames {

    private final ChatService chat;

    ChatFrames(ChatService chat) {
        this.chat = chat;
    }

    void receive(@Observes ClientFrame frame) {
        switch (frame.event()) {
            case ClientEvent.Typing typing -> chat.typing(frame.userId(), required(typing.conversationId()));
            case ClientEvent.Read read -> chat.markRead(frame.userId(), required(read.conversationId()),
                    required(read.messageId()));
            case ClientEvent.Heartbeat heartbeat -> {
                // The gateway answers heartbeats itself.
            }
        }
    }

    private static <T> T required(T value) {
        if (value == null) {
            throw ApiException.badRequest("VALIDATION_FAILED", "conversationId and messageId are required");
        }
        return value;
    }
}
