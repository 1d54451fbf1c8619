package app.banter.notification;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import app.banter.platform.Batches;

/**
 * Ends a notification's life after banter.notifications.retention (90 days): the in-app list is where recent activity
 * is read, and the table would otherwise gain a row for every ring and every message to someone offline, for ever.
 * Their queued pushes, long expired by then, go with them. Safe on every pod at once: each batch skips the rows
 * another pod is deleting.
 */
@ApplicationScoped
class NotificationPruning {

    private static final Logger LOG = Logger.getLogger(NotificationPruning.class);

    private final NotificationRepository notifications;
    private final NotificationConfig config;

    NotificationPruning(NotificationRepository notifications, NotificationConfig config) {
        this.notifications = notifications;
        this.config = config;
    }

    @Scheduled(every = "{banter.notifications.prune-interval}", delayed = "1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        prune(Instant.now().minus(config.retention()));
    }

    /** Deletes the notifications created before {@code cutoff}, batch by batch; returns how many. */
    int prune(Instant cutoff) {
        int total = Batches.untilShort(config.pruneBatchSize(),
                size -> notifications.deleteCreatedBefore(cutoff, size));
        if (total > 0) {
            LOG.infof("Pruned %d notifications created before %s", total, cutoff);
        }
        return total;
    }
}
