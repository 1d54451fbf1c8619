package app.banter.realtime;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/** How a websocket failure that is the client's doing shows itself below the endpoint. */
final class GatewayFailures {

    private GatewayFailures() {
    }

    /**
     * A frame over the size limit: the frame decoder refuses one frame that is too long, and Vert.x refuses a message
     * whose fragments add up to too much with a bare IllegalStateException that only its text identifies.
     */
    static boolean isOverMessageSize(Throwable failure) {
        if (failure instanceof CorruptedWebSocketFrameException corrupted) {
            return WebSocketCloseStatus.MESSAGE_TOO_BIG.equals(corrupted.closeStatus());
        }
        return failure instanceof IllegalStateException && failure.getMessage() != null
                && failure.getMessage().contains("max message size");
    }
}
