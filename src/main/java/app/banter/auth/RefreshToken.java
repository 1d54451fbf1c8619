package app.banter.auth;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One refresh token of a login session (its family). Only the SHA-256 of the token is stored. */
@Entity
@Table(name = "refresh_tokens")
public class RefreshToken {

    @Id
    public UUID id;

    public UUID familyId;

    public UUID userId;

    public byte[] tokenHash;

    public Instant createdAt;

    public Instant expiresAt;

    /** Set when this token was exchanged for its successor; presenting it again is reuse. */
    public Instant rotatedAt;

    public Instant revokedAt;
}
