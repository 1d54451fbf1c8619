package app.banter.social;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "reports")
public class Report {

    public enum TargetType {
        USER,
        MESSAGE,
        ROOM
    }

    public enum Reason {
        HARASSMENT,
        SPAM,
        INAPPROPRIATE,
        FAKE,
        OTHER
    }

    public enum Status {
        OPEN,
        RESOLVED
    }

    public enum Resolution {
        DISMISSED,
        ACTIONED
    }

    @Id
    public UUID id;

    @Column(name = "reporter_id")
    public UUID reporterId;

    @Enumerated(EnumType.STRING)
    @Column(name = "target_type")
    public TargetType targetType;

    @Column(name = "target_id")
    public UUID targetId;

    @Column(name = "reported_user_id")
    public UUID reportedUserId;

    @Enumerated(EnumType.STRING)
    public Reason reason;

    public String description;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Enumerated(EnumType.STRING)
    public Resolution resolution;

    @Column(name = "resolution_note")
    public String resolutionNote;

    @Column(name = "resolved_by")
    public UUID resolvedBy;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "created_at")
    public Instant createdAt;
}
