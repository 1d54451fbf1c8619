package app.banter.social;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user under a moderation measure; users in good standing have no row. */
@Entity
@Table(name = "user_standings")
public class UserStanding {

    public enum Status {
        /** No calls, messages or friend requests until a moderator reviews. */
        RESTRICTED,
        /** Every session ended; cannot sign in. */
        BANNED
    }

    @Id
    public UUID userId;

    @Enumerated(EnumType.STRING)
    public Status status;

    public String reason;

    /** Null when the reports threshold restricted the user automatically. */
    public UUID decidedBy;

    public Instant since;
}
