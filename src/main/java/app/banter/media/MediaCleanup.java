package app.banter.media;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

/** One batch of the cleanup: each row's blob first, then the row, under the rows' locks. */
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
     * that died after the blob) is simply deleted. A blob Blob Storage refuses to delete does not hold up the others:
     * its row stays, to be tried again after banter.media.cleanup.retry-after. Blob Storage not answering fails the
     * batch, which keeps its rows for the next run.
     */
    @Transactional
    Batch deleteUnusedBatch(int limit) {
        Instant now = Instant.now();
        List<Media> unused = media.lockUnusedBefore(now.minus(config.cleanup().unusedAfter()), now, limit);
        int deleted = 0;
        for (Media upload : unused) {
            if (blobs.delete(upload.ref())) {
                media.delete(upload);
                deleted++;
            } else {
                upload.cleanupRetryAt = now.plus(config.cleanup().retryAfter());
                LOG.infof("Upload %s kept until %s: its blob could not be deleted", upload.id, upload.cleanupRetryAt);
            }
        }
        return new Batch(unused.size(), deleted);
    }
}
