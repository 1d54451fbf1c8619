package app.banter.social;

import java.time.Instant;
import java.util.UUID;

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

    public UUID reporterId;

    @Enumerated(EnumType.STRING)
    public TargetType targetType;

    public UUID targetId;

    public UUID reportedUserId;

    @Enumerated(EnumType.STRING)
    public Reason reason;

    public String description;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Enumerated(EnumType.STRING)
    public Resolution resolution;

    public String resolutionNote;

    public UUID resolvedBy;

    public Instant resolvedAt;

    public Instant createdAt;
}
