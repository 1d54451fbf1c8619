package app.banter.media;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Request and response bodies of the media endpoints. */
public final class MediaViews {

    private MediaViews() {
    }

    /** What the phone is about to upload: the purpose, its content type and its exact size in bytes. */
    public record UploadRequest(@NotNull MediaPurpose purpose,
            @NotNull @Pattern(regexp = "^[A-Za-z0-9.+-]{1,40}/[A-Za-z0-9.+-]{1,40}$",
                    message = "must be a MIME type such as image/jpeg") String contentType,
            @NotNull @Positive Long size) {
    }

    /**
     * Where and how to upload: one HTTP PUT of the whole file to {@code uploadUrl} with {@code requiredHeaders},
     * before {@code expiresAt}; then POST /api/v1/media/{mediaId}/complete.
     */
    @RegisterForReflection
    public record UploadTicket(UUID mediaId, String uploadUrl, @Schema(description = "Always PUT") String method,
            Instant expiresAt, Map<String, String> requiredHeaders) {
    }

    @RegisterForReflection
    public record MediaView(UUID id, MediaPurpose purpose, String contentType, long size, Media.Status status,
            Instant createdAt, @Schema(nullable = true) Instant completedAt) {

        static MediaView of(Media media) {
            return new MediaView(media.id, media.purpose, media.contentType, media.declaredSize, media.status,
                    media.createdAt, media.completedAt);
        }
    }
}
