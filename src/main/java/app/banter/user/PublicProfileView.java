package app.banter.user;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What anyone signed in may see of a user: no phone, no date of birth. */
public record PublicProfileView(UUID id, String username, String fullName, @Schema(nullable = true) Integer age,
        @Schema(nullable = true) Gender gender, @Schema(nullable = true) String language, List<String> interests, @Schema(nullable = true) String bio,
        @Schema(nullable = true) String avatarUrl,
        @Schema(description = "The premium badge: a premium member (where badges are switched on)") boolean premium) {

    static PublicProfileView of(User user, LocalDate today, boolean premiumBadge) {
        return new PublicProfileView(user.id, user.username, user.fullName, user.age(today), user.gender,
                user.language, List.copyOf(user.interests), user.bio, user.avatarUrl, premiumBadge);
    }
}
