package app.banter.social;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import app.banter.user.UserSummary;
import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record FriendRequestView(UUID id, UserSummary sender, UserSummary recipient,
        @Schema(nullable = true) String message, FriendRequest.Status status, Instant createdAt,
        @Schema(nullable = true) Instant answeredAt) {
}
