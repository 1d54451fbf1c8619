package app.banter.social;

import java.time.Instant;
import java.util.UUID;

import app.banter.user.UserSummary;
import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record FriendRequestView(UUID id, UserSummary sender, UserSummary recipient, String message,
        FriendRequest.Status status, Instant createdAt, Instant answeredAt) {
}
