package app.banter.social;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One direction of a friendship; every friendship has both rows. */
@Entity
@Table(name = "friendships")
@IdClass(Friendship.Key.class)
public class Friendship {

    @Id
    public UUID userId;

    @Id
    public UUID friendId;

    public Instant createdAt;

    public record Key(UUID userId, UUID friendId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
