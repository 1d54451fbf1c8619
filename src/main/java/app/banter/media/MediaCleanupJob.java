package app.banter.media;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Deletes uploads nobody uses: never completed, refused, completed but never attached, or released (a replaced
 * avatar, a deleted message), once older than banter.media.cleanup.unused-after. Safe on every pod at once: each
 * batch takes its rows with SKIP LOCKED, so pods take different rows, and an attach racing the job waits for the row
 * and then finds it taken for deletion.
 */
@ApplicationScoped
class MediaCleanupJob {

    private static final Logger LOG = Logger.getLogger(MediaCleanupJob.class);

    private final MediaCleanup cleanup;
    private final MediaConfig config;

    MediaCleanupJob(MediaCleanup cleanup, MediaConfig config) {
        this.cleanup = cleanup;
        this.config = config;
    }

    @Scheduled(every = "{banter.media.cleanup.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void deleteUnusedUploads() {
        int batchSize = config.cleanup().batchSize();
        MediaCleanup.Batch batch;
        int total = 0;
        do {
            batch = cleanup.deleteUnusedBatch(batchSize);
            total += batch.deleted();
        } while (batch.taken() == batchSize);
        if (total > 0) {
            LOG.infof("Deleted %d unused uploads", total);
        }
    }
}
