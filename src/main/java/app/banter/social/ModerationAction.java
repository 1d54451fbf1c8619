package app.banter.social;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One moderation decision, kept for audit. */
@Entity
@Table(name = "moderation_actions")
public class ModerationAction {

    public enum Kind {
        RESTRICT,
        BAN,
        LIFT
    }

    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    @Enumerated(EnumType.STRING)
    public Kind action;

    public String reason;

    @Column(name = "decided_by")
    public UUID decidedBy;

    @Column(name = "created_at")
    public Instant createdAt;
}
