package app.banter.room;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Generated;

/** One message of a room's text chat. */
@Entity
@Table(name = "room_messages")
public class RoomChatMessage {

    @Id
    public UUID id;

    /** Assigned by the database on insert; orders the room's chat. */
    @Generated
    @Column(insertable = false, updatable = false)
    public long seq;

    public UUID roomId;

    public UUID senderId;

    /** Null once deleted. */
    public String body;

    public Instant createdAt;

    public Instant deletedAt;

    public UUID deletedBy;

    public boolean isDeleted() {
        return deletedAt != null;
    }
}
