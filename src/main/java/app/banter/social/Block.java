package app.banter.social;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

@Entity
@Table(name = "blocks")
@IdClass(Block.Key.class)
public class Block {

    @Id
    public UUID blockerId;

    @Id
    public UUID blockedId;

    public Instant createdAt;

    public record Key(UUID blockerId, UUID blockedId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
