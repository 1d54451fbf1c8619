package app.banter.kyc;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One document a user submitted, and what the provider decided about it. */
@Entity
@Table(name = "kyc_submissions")
public class KycSubmission {

    @Id
    public UUID id;

    public UUID userId;

    @Enumerated(EnumType.STRING)
    public DocumentType documentType;

    /** The uploaded photo or scan of the document, when one was sent. */
    public UUID documentMediaId;

    /**
     * Hex HMAC-SHA256 of type and normalized number (see {@link DocumentNumbers}); null, like the last four, once the
     * account is deleted.
     */
    public String numberHmac;

    public String numberLast4;

    public String provider;

    public String providerReference;

    /** PENDING, VERIFIED or REJECTED; never NONE. */
    @Enumerated(EnumType.STRING)
    public KycStatus status;

    public String reason;

    public Instant decidedAt;

    public Instant pollAfter;

    public Instant createdAt;

    public Instant updatedAt;

    public boolean isFinal() {
        return status != KycStatus.PENDING;
    }
}
