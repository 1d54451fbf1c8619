package app.banter.media;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * One batch of the cleanup: takes the rows (committed) first, then deletes each row's blob and then the row. Deleting
 * blobs inside the rows' transaction lost them when a later row failed the batch: rolled back, the rows of blobs
 * already gone were uploads anyone could still attach, pointing at nothing for good.
 */
@ApplicationScoped
class MediaCleanup {

    private static final Logger LOG = Logger.getLogger(MediaCleanup.class);

    private final MediaRepository media;
    private final BlobStorage blobs;
    private final MediaConfig config;

    MediaCleanup(MediaRepository media, BlobStorage blobs, MediaConfig config) {
        this.media = media;
        this.blobs = blobs;
        this.config = config;
    }

    /** Rows a batch took, and how many of them it deleted. */
    record Batch(int taken, int deleted) {
    }

    /**
     * Takes up to {@code limit} unused uploads and deletes each with its blob; a row whose blob is already gone (a run
     * that died after the blob) is simply deleted. Taking a row sets its cleanup_retry_at, which from then on keeps it
     * from being attached, and which is when it is taken again if its blob could not be deleted: Blob Storage
     * refusing (its row stays, the others go on) or not answering (the batch fails, its rows not deleted yet stay).
     */
    Batch deleteUnusedBatch(int limit) {
        Instant now = Instant.now();
        Instant retryAt = now.plus(config.cleanup().retryAfter());
        List<Media> unused = QuarkusTransaction.requiringNew().call(() -> {
            List<Media> taken = media.lockUnusedBefore(now.minus(config.cleanup().unusedAfter()), now, limit);
            taken.forEach(upload -> upload.cleanupRetryAt = retryAt);
            return taken;
        });
        int deleted = 0;
        for (Media upload : unused) {
            if (blobs.delete(upload.ref())) {
                QuarkusTransaction.requiringNew().run(() -> media.deleteById(upload.id));
                deleted++;
            } else {
                LOG.infof("Upload %s kept until %s: its blob could not be deleted", upload.id, retryAt);
            }
        }
        return new Batch(unused.size(), deleted);
    }
}
