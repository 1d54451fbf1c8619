package app.banter.room;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import app.banter.platform.Batches;

/**
 * Ends a room's chat banter.rooms.chat-retention (7 days) after the room ended, with its pin: the table would
 * otherwise keep what everyone ever said in a room, for ever, where nobody reads it. Safe on every pod at once: each
 * batch skips the rows another pod is deleting.
 */
@ApplicationScoped
class RoomChatPruning {

    private static final Logger LOG = Logger.getLogger(RoomChatPruning.class);

    private final RoomChatRepository messages;
    private final RoomConfig config;

    RoomChatPruning(RoomChatRepository messages, RoomConfig config) {
        this.messages = messages;
        this.config = config;
    }

    @Scheduled(every = "{banter.rooms.chat-prune-interval}", delayed = "1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        prune(Instant.now().minus(config.chatRetention()));
    }

    /** Deletes the chat of the rooms that ended before {@code cutoff}, batch by batch; returns how many messages. */
    int prune(Instant cutoff) {
        int total = Batches.untilShort(config.chatPruneBatchSize(),
                size -> messages.deleteOfRoomsEndedBefore(cutoff, size));
        if (total > 0) {
            LOG.infof("Pruned %d chat messages of rooms ended before %s", total, cutoff);
        }
        return total;
    }
}
