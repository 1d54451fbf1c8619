package app.banter.media;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.transaction.Transactional;

import app.banter.platform.error.ApiException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The port through which other features use uploads: they attach a user's completed upload to what they store (a
 * profile, a message, a room, a KYC submission) and ask for URLs when they show it. Media depends on no feature; the
 * features depend on this class.
 *
 * <p>
 * Every upload is single-use: attached once, to one thing. Refusals, all before anything is attached:
 * <ul>
 * <li>404 NOT_FOUND: no such upload, someone else's, or one the cleanup is deleting;</li>
 * <li>400 MEDIA_WRONG_PURPOSE: uploaded for another purpose (an avatar used as a chat image);</li>
 * <li>400 MEDIA_NOT_READY: not completed, or refused at completion;</li>
 * <li>400 MEDIA_ALREADY_USED: attached before.</li>
 * </ul>
 */
@ApplicationScoped
public class MediaAttachments {

    private static final Set<String> MODERATOR_ROLES = Set.of("moderator", "admin");

    private final MediaRepository media;
    private final BlobStorage blobs;
    private final MediaConfig config;
    private final SecurityIdentity identity;

    MediaAttachments(MediaRepository media, BlobStorage blobs, MediaConfig config, SecurityIdentity identity) {
        this.media = media;
        this.blobs = blobs;
        this.config = config;
        this.identity = identity;
    }

    /**
     * Marks {@code ownerId}'s completed upload as used for {@code purpose}, in the caller's transaction (so that it
     * is attached exactly when the caller's own change commits), and returns its reference to store.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public MediaRef attach(UUID ownerId, UUID mediaId, MediaPurpose purpose) {
        Media upload = media.lockOwned(mediaId, ownerId).filter(found -> found.cleanupRetryAt == null)
                .orElseThrow(() -> ApiException.notFound("Media"));
        if (upload.purpose != purpose) {
            throw ApiException.badRequest("MEDIA_WRONG_PURPOSE",
                    "This media was uploaded as " + upload.purpose + ", not " + purpose);
        }
        if (upload.status != Media.Status.READY) {
            throw ApiException.badRequest("MEDIA_NOT_READY",
                    "This media is not completed (POST /api/v1/media/{id}/complete after the upload)");
        }
        if (upload.attachedAt != null) {
            throw ApiException.badRequest("MEDIA_ALREADY_USED", "This media is already in use; upload it again");
        }
        upload.attachedAt = Instant.now();
        return upload.ref();
    }

    /**
     * Ends the use of an attached upload (a replaced avatar, a deleted message), in the caller's transaction; the
     * cleanup job deletes its blob and row once it is older than banter.media.cleanup.unused-after. The caller
     * drops its own reference in the same transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void release(MediaRef ref) {
        media.detach(ref.id());
    }

    /** {@code ownerId}'s uploads of {@code purpose} in use, for a feature to release when their owner goes. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<MediaRef> attachedOf(UUID ownerId, MediaPurpose purpose) {
        return media.attachedOf(ownerId, purpose).stream().map(Media::ref).toList();
    }

    /** Where anyone reads public media (avatars, room covers): the CDN in front of its container. */
    public String publicUrl(MediaRef ref) {
        if (!ref.purpose().isPublic()) {
            throw new IllegalArgumentException(ref.purpose() + " media is private");
        }
        return publicBase() + ref.key();
    }

    /**
     * Whether the URL is under the CDN's base, as {@link #publicUrl} makes them: with the base's closing slash, so that
     * the host is the CDN's (not cdn.example.evil, nor someone at cdn.example).
     */
    public boolean isPublicUrl(String url) {
        return url.startsWith(publicBase());
    }

    private String publicBase() {
        return config.cdnBaseUrl().endsWith("/") ? config.cdnBaseUrl() : config.cdnBaseUrl() + "/";
    }

    /**
     * A short-lived read URL of private chat media (images, voice notes). The caller hands it only to those allowed
     * to see it (a conversation's two members). KYC documents are read through {@link #readUrlForModerator} only.
     */
    public SignedUrl readUrl(MediaRef ref) {
        if (ref.purpose() != MediaPurpose.CHAT_IMAGE && ref.purpose() != MediaPurpose.VOICE_MESSAGE) {
            throw new IllegalArgumentException(ref.purpose() + " media has no member read URL");
        }
        return blobs.readUrl(ref, config.readUrlTtl());
    }

    /**
     * A short-lived read URL of any upload (KYC documents above all) for a moderator or admin: the signed-in user of
     * the current request must hold one of those roles, else it is 404 as for anything they may not see. The KYC
     * review endpoint (itself {@code @RolesAllowed}) calls it; the user who uploaded the document never gets one.
     */
    public SignedUrl readUrlForModerator(MediaRef ref) {
        if (!isModerator()) {
            throw ApiException.notFound("Media");
        }
        return blobs.readUrl(ref, config.readUrlTtl());
    }

    private boolean isModerator() {
        try {
            return !identity.isAnonymous() && identity.getRoles().stream().anyMatch(MODERATOR_ROLES::contains);
        } catch (ContextNotActiveException noRequest) {
            return false;
        }
    }
}
