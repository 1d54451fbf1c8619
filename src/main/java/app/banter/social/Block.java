package app.banter.social;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

@Entity
@Table(name = "blocks")
@IdClass(Block.Key.class)
public class Block {

    @Id
    @Column(name = "blocker_id")
    public UUID blockerId;

    @Id
    @Column(name = "blocked_id")
    public UUID blockedId;

    @Column(name = "created_at")
    public Instant createdAt;

    public record Key(UUID blockerId, UUID blockedId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
