package app.banter.platform.webhook;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import app.banter.platform.Batches;

/**
 * Keeps the inbox from growing for ever: every applied event adds a row, and a busy day of calls adds hundreds of
 * thousands. Safe on every pod at once: each batch skips the rows another pod is deleting.
 */
@ApplicationScoped
class WebhookInboxPruning {

    private static final Logger LOG = Logger.getLogger(WebhookInboxPruning.class);

    private final WebhookInboxRepository inbox;
    private final WebhookConfig config;

    WebhookInboxPruning(WebhookInboxRepository inbox, WebhookConfig config) {
        this.inbox = inbox;
        this.config = config;
    }

    @Scheduled(every = "{banter.webhooks.inbox-prune-interval}", delayed = "1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        prune(Instant.now().minus(config.inboxRetention()));
    }

    /** Deletes the records received before {@code cutoff}, batch by batch; returns how many. */
    int prune(Instant cutoff) {
        int total = Batches.untilShort(config.inboxPruneBatchSize(), size -> inbox.deleteReceivedBefore(cutoff, size));
        if (total > 0) {
            LOG.infof("Pruned %d webhook inbox records received before %s", total, cutoff);
        }
        return total;
    }
}
