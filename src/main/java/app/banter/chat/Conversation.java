package app.banter.chat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The direct-message thread of two users; userLow is the smaller id of the pair. */
@Entity
@Table(name = "conversations")
public class Conversation {

    @Id
    public UUID id;

    public UUID userLow;

    public UUID userHigh;

    public Instant createdAt;

    public Instant lastMessageAt;

    public long lowReadSeq;

    public long highReadSeq;

    public List<UUID> members() {
        return List.of(userLow, userHigh);
    }

    public UUID peerOf(UUID userId) {
        return userId.equals(userLow) ? userHigh : userLow;
    }
}
