package app.banter.media;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.azure.storage.blob.models.BlobType;

import app.banter.media.BlobStorage.BlobFacts;
import app.banter.media.MediaViews.MediaView;
import app.banter.media.MediaViews.UploadRequest;
import app.banter.media.MediaViews.UploadTicket;
import app.banter.platform.error.ApiException;
import app.banter.platform.ratelimit.RateLimiter;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Issuing upload URLs and checking uploads. No database connection is held while Blob Storage answers: each step is a
 * short transaction of its own, and the state only moves forward with a conditional update.
 */
@ApplicationScoped
public class MediaService {

    private static final Logger LOG = Logger.getLogger(MediaService.class);

    private final MediaRepository media;
    private final BlobStorage blobs;
    private final MediaContainers containers;
    private final MediaRules rules;
    private final RateLimiter rateLimiter;
    private final MediaConfig config;

    MediaService(MediaRepository media, BlobStorage blobs, MediaContainers containers, MediaRules rules,
            RateLimiter rateLimiter, MediaConfig config) {
        this.media = media;
        this.containers = containers;
        this.blobs = blobs;
        this.rules = rules;
        this.rateLimiter = rateLimiter;
        this.config = config;
    }

    public UploadTicket issueUpload(UUID ownerId, UploadRequest request) {
        String contentType = rules.requireAllowed(request.purpose(), request.contentType(), request.size());
        rateLimiter.acquire("media-uploads", ownerId.toString(),
                new RateLimiter.Limit(config.uploadsPerHour(), Duration.ofHours(1)));
        Media upload = new Media();
        upload.id = UUID.randomUUID();
        upload.ownerId = ownerId;
        upload.purpose = request.purpose();
        upload.contentType = contentType;
        upload.declaredSize = request.size();
        upload.status = Media.Status.PENDING;
        upload.createdAt = now();
        QuarkusTransaction.requiringNew().run(() -> media.persist(upload));
        containers.awaitReady();
        SignedUrl url = blobs.uploadUrl(upload.ref(), config.uploadUrlTtl());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ms-blob-type", "BlockBlob");
        headers.put("x-ms-blob-content-type", contentType);
        return new UploadTicket(upload.id, url.url(), "PUT", url.expiresAt(), headers);
    }

    /**
     * Checks the staged blob against what was declared. A blob that passes is moved into its purpose's container (the
     * only way anything gets there) and the upload becomes READY; a blob that differs is deleted at once and the upload
     * becomes REJECTED for good (a new upload is needed); an upload without a blob yet stays PENDING. Completing a
     * settled upload again answers it as it is.
     */
    public MediaView complete(UUID ownerId, UUID mediaId) {
        Media upload = findOwned(ownerId, mediaId);
        if (upload.status != Media.Status.PENDING) {
            return answerSettled(upload);
        }
        Optional<BlobFacts> facts = blobs.stagedFacts(upload.ref());
        if (facts.isEmpty()) {
            // A completion running beside this one may have settled it, and moved or deleted its blob, meanwhile.
            Media now = findOwned(ownerId, mediaId);
            if (now.status != Media.Status.PENDING) {
                return answerSettled(now);
            }
            throw ApiException.conflict("MEDIA_NOT_UPLOADED", "Nothing was uploaded for this media yet; PUT the file "
                    + "to the upload URL before it expires, then complete");
        }
        String refusal = refusal(upload, facts.get());
        if (refusal != null) {
            // Refused either way: a staged blob Blob Storage will not delete yet is private, and the cleanup tries
            // again.
            blobs.deleteStaged(upload.ref());
            settle(upload, Media.Status.REJECTED);
            LOG.infof("Upload %s refused: %s", upload.id, refusal);
            throw ApiException.badRequest(refusal, switch (refusal) {
                case "MEDIA_SIZE_MISMATCH" -> "The uploaded file is not the declared size of " + upload.declaredSize
                        + " bytes; it was deleted";
                case "MEDIA_TYPE_MISMATCH" -> "The uploaded file was not sent as " + upload.contentType
                        + " (header x-ms-blob-content-type); it was deleted";
                default -> "The uploaded file is not a " + upload.contentType + " file; it was deleted";
            });
        }
        blobs.moveIntoPlace(upload.ref(), facts.get(), upload.contentType);
        return settle(upload, Media.Status.READY);
    }

    private Media findOwned(UUID ownerId, UUID mediaId) {
        return QuarkusTransaction.requiringNew().call(() -> media.findOwned(mediaId, ownerId))
                .orElseThrow(() -> ApiException.notFound("Media"));
    }

    private static MediaView answerSettled(Media upload) {
        if (upload.status == Media.Status.REJECTED) {
            throw ApiException.conflict("MEDIA_REJECTED",
                    "This upload failed its check and was deleted; start a new upload");
        }
        return MediaView.of(upload);
    }

    /** The problem code that refuses the blob, or null when it is what was declared. */
    private String refusal(Media upload, BlobFacts facts) {
        if (facts.size() != upload.declaredSize) {
            return "MEDIA_SIZE_MISMATCH";
        }
        if (facts.type() != BlobType.BLOCK_BLOB) {
            return "MEDIA_CONTENT_MISMATCH";
        }
        if (facts.contentType() == null || !MediaRules.normalize(facts.contentType()).equals(upload.contentType)) {
            return "MEDIA_TYPE_MISMATCH";
        }
        byte[] head = blobs.stagedHead(upload.ref(), facts, MediaFormats.HEAD_LENGTH);
        return MediaFormats.matches(upload.contentType, head) ? null : "MEDIA_CONTENT_MISMATCH";
    }

    private MediaView settle(Media upload, Media.Status status) {
        Instant at = now();
        return QuarkusTransaction.requiringNew().call(() -> {
            media.settle(upload.id, status, at);
            // A concurrent completion may have settled it first: answer what is stored (read after the update, in a
            // transaction that had loaded nothing before it).
            return MediaView.of(media.findByIdOptional(upload.id).orElseThrow(() -> ApiException.notFound("Media")));
        });
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
