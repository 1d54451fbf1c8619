package app.banter.chat;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Generated;

@Entity
@Table(name = "messages")
public class Message {

    public enum Kind {
        TEXT,
        IMAGE,
        VOICE
    }

    @Id
    public UUID id;

    /** Assigned by the database on insert; orders the conversation. */
    @Generated
    @Column(insertable = false, updatable = false)
    public long seq;

    public UUID conversationId;

    public UUID senderId;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public String body;

    public String mediaUrl;

    /** An uploaded image or voice note (media package); members read it through a short-lived URL. */
    public UUID mediaId;

    /** Length of a voice note. */
    public Integer durationSeconds;

    public UUID replyToId;

    public Instant createdAt;

    public Instant editedAt;

    public Instant deletedAt;

    public boolean isDeleted() {
        return deletedAt != null;
    }
}
