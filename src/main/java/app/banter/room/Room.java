package app.banter.room;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "rooms")
public class Room {

    /** LiveKit room names of voice rooms; calls use another prefix, so the webhook endpoint tells them apart. */
    public static final String LIVEKIT_PREFIX = "room-";

    public enum Visibility {
        /** Listed in discovery; anyone not blocked with the host may join. */
        PUBLIC,
        /** Not listed; only the host, members and invited users see and join it. */
        INVITE_ONLY
    }

    public enum Status {
        LIVE,
        ENDED
    }

    @Id
    public UUID id;

    public UUID hostId;

    public String title;

    public String description;

    public String category;

    public String language;

    public int capacity;

    @Enumerated(EnumType.STRING)
    public Visibility visibility;

    /** The cover upload, as media names it ("room-covers/{id}"). */
    public String coverMediaKey;

    public String livekitRoom;

    @Enumerated(EnumType.STRING)
    public Status status;

    public int memberCount;

    public Instant emptySince;

    public Instant hostAbsentSince;

    public Instant participantsCheckedAt;

    public Instant nextCheckAt;

    public String endReason;

    public Instant createdAt;

    public Instant updatedAt;

    public Instant endedAt;

    public boolean isLive() {
        return status == Status.LIVE;
    }

    /** Makes the reconciler look at this room by {@code at} at the latest. */
    void checkBy(Instant at) {
        if (nextCheckAt == null || at.isBefore(nextCheckAt)) {
            nextCheckAt = at;
        }
    }
}
