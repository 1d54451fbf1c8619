package app.banter.user;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The few fields lists show next to a person (friends, requests, conversations). */
@RegisterForReflection
public record UserSummary(UUID id, String username, String fullName, @Schema(nullable = true) String avatarUrl) {

    public static UserSummary of(User user) {
        return new UserSummary(user.id, user.username, user.fullName, user.avatarUrl);
    }
}
