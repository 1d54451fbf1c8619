package app.banter.social;

import java.time.Instant;
import java.util.UUID;

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

    public UUID userId;

    @Enumerated(EnumType.STRING)
    public Kind action;

    public String reason;

    public UUID decidedBy;

    public Instant createdAt;
}
