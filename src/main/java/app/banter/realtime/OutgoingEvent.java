package app.banter.realtime;

import java.util.List;
import java.util.UUID;

/**
 * Fired (CDI, synchronously) for every event sent to users, in the sender's transaction: a feature that acts on the
 * same events, such as push notifications for users whose app is asleep, commits with what caused them or not at all.
 */
public record OutgoingEvent(List<UUID> recipients, ServerEvent event) {
}
