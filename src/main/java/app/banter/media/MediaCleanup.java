package app.banter.media;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** One batch of the cleanup: blobs first, then rows, under the rows' locks. */
@ApplicationScoped
class MediaCleanup {

    private final MediaRepository media;
    private final BlobStorage blobs;
    private final MediaConfig config;

    MediaCleanup(MediaRepository media, BlobStorage blobs, MediaConfig config) {
        this.media = media;
        this.blobs = blobs;
        this.config = config;
    }

    /**
     * Deletes up to {@code limit} unused uploads and returns how many. A blob that cannot be deleted fails the batch,
     * which keeps its rows for the next run; a row whose blob is already gone (a run that died after the blob) is
     * simply deleted.
     */
    @Transactional
    int deleteUnusedBatch(int limit) {
        List<Media> unused = media.lockUnusedBefore(Instant.now().minus(config.cleanup().unusedAfter()), limit);
        for (Media upload : unused) {
            blobs.delete(upload.ref());
            media.delete(upload);
        }
        return unused.size();
    }
}
