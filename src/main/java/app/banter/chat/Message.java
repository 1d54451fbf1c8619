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
        IMAGE
    }

    @Id
    public UUID id;

    /** Assigned by the database on insert; orders the conversation. */
    @Generated
    @Column(insertable = false, updatable = false)
    public long seq;

    @Column(name = "conversation_id")
    public UUID conversationId;

    @Column(name = "sender_id")
    public UUID senderId;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public String body;

    @Column(name = "media_url")
    public String mediaUrl;

    @Column(name = "reply_to_id")
    public UUID replyToId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "edited_at")
    public Instant editedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    public boolean isDeleted() {
        return deletedAt != null;
    }
}
