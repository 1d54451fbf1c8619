package app.banter.social;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "friend_requests")
public class FriendRequest {

    public enum Status {
        PENDING,
        ACCEPTED,
        REJECTED,
        CANCELLED
    }

    @Id
    public UUID id;

    public UUID senderId;

    public UUID recipientId;

    public String message;

    @Enumerated(EnumType.STRING)
    public Status status;

    public Instant createdAt;

    public Instant answeredAt;

    public boolean isPending() {
        return status == Status.PENDING;
    }
}
