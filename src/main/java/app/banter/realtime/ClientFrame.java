package app.banter.realtime;

import java.util.UUID;

/**
 * A client event other than a heartbeat, fired synchronously to the feature that handles it (chat handles typing and
 * read). An observer refuses a frame by throwing an ApiException, which the sender gets back as an error event.
 */
public record ClientFrame(UUID userId, ClientEvent event) {
}
