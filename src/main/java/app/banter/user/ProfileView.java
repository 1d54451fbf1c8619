package app.banter.user;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user's own profile, with the private fields only they may see. */
public record ProfileView(UUID id, String phone, String username, String fullName, LocalDate dateOfBirth,
        Gender gender, String language, List<String> interests, @Schema(nullable = true) String bio,
        @Schema(nullable = true) String avatarUrl, List<String> roles, @Schema(nullable = true) Instant premiumUntil,
        Instant createdAt) {

    public static ProfileView of(User user) {
        return new ProfileView(user.id, user.phone, user.username, user.fullName, user.dateOfBirth, user.gender,
                user.language, List.copyOf(user.interests), user.bio, user.avatarUrl, List.copyOf(user.roles),
                user.premiumUntil, user.createdAt);
    }
}
