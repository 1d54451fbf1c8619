package app.banter.user;

import java.util.UUID;

/** The few fields lists show next to a person (friends, requests, conversations). */
public record UserSummary(UUID id, String username, String fullName, String avatarUrl) {

    public static UserSummary of(User user) {
        return new UserSummary(user.id, user.username, user.fullName, user.avatarUrl);
    }
}
