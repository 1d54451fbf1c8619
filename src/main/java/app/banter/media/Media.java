package app.banter.media;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One upload: issued (PENDING), verified (READY) or refused at completion (REJECTED, its blob deleted). */
@Entity
@Table(name = "media")
public class Media {

    public enum Status {
        PENDING,
        READY,
        REJECTED
    }

    @Id
    public UUID id;

    public UUID ownerId;

    @Enumerated(EnumType.STRING)
    public MediaPurpose purpose;

    public String contentType;

    public long declaredSize;

    @Enumerated(EnumType.STRING)
    public Status status;

    public Instant createdAt;

    public Instant completedAt;

    public Instant attachedAt;

    /**
     * Set when the cleanup takes the row, before it deletes the blob: the upload can no longer be attached, and if its
     * blob could not be deleted the cleanup tries again from then on.
     */
    public Instant cleanupRetryAt;

    MediaRef ref() {
        return new MediaRef(id, purpose);
    }
}
