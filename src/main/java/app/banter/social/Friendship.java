package app.banter.social;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
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
    @Column(name = "user_id")
    public UUID userId;

    @Id
    @Column(name = "friend_id")
    public UUID friendId;

    @Column(name = "created_at")
    public Instant createdAt;

    public record Key(UUID userId, UUID friendId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
