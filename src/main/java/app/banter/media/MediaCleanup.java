package app.banter.media;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * One batch of the cleanup: takes the rows (committed) first, then deletes each row with its blob in a transaction of
 * that row's own. Deleting blobs inside one transaction for all the rows lost them when a later row failed the batch:
 * rolled back, the rows of blobs already gone were uploads anyone could still attach, pointing at nothing for good.
 * <p>
 * Within a row's transaction the row goes first and the blob second, and the transaction commits only once the blob
 * is gone. A row that something still references (a profile's avatar, a message's image, written back by a change
 * that raced its release) fails its delete on the foreign key before its blob is touched, so that what still shows
 * it keeps it; a blob Blob Storage refuses to delete rolls its row's delete back. A commit that fails after the blob
 * is gone leaves a taken row without a blob, which cannot be attached and is deleted when it is tried again.
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
     * from being attached, and which is when it is taken again if it could not be deleted: its row refused (still
     * referenced) or its blob refused by Blob Storage (either way it stays and the others go on), or Blob Storage not
     * answering (the batch fails, its rows not deleted yet stay).
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
            try {
                deleteWithBlob(upload);
                deleted++;
            } catch (BlobKept refused) {
                LOG.infof("Upload %s kept until %s: its blob could not be deleted", upload.id, retryAt);
            } catch (PersistenceException e) {
                // Logged once per retry-after: the row is not taken again before then.
                LOG.warnf("Upload %s kept until %s: its row could not be deleted (%s)", upload.id, retryAt,
                        e instanceof ConstraintViolationException violation ? violation.getConstraintName()
                                : e.getClass().getSimpleName());
            }
        }
        return new Batch(unused.size(), deleted);
    }

    private void deleteWithBlob(Media upload) {
        // The row's transaction stays open while Blob Storage answers (seconds at most, well within the transaction
        // timeout); the job deletes one row at a time, so it holds one connection for it.
        QuarkusTransaction.requiringNew().run(() -> {
            media.deleteTaken(upload.id);
            if (!blobs.delete(upload.ref())) {
                throw new BlobKept();
            }
        });
    }

    /** Rolls back the delete of a row whose blob Blob Storage refused to delete. */
    private static final class BlobKept extends RuntimeException {

        BlobKept() {
            super(null, null, false, false);
        }
    }
}
