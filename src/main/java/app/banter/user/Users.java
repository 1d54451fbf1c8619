package app.banter.user;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * What other features may ask about users. Answers are views, never the entity, so that no other feature can change a
 * user or depend on how users are stored.
 */
@ApplicationScoped
public class Users {

    private final UserRepository users;

    Users(UserRepository users) {
        this.users = users;
    }

    @Transactional
    public boolean isActive(UUID userId) {
        return users.findActive(userId).isPresent();
    }

    /** Whether the account exists at all, deleted or not. */
    @Transactional
    public boolean exists(UUID userId) {
        return users.findByIdOptional(userId).isPresent();
    }

    /** A deleted user still has a summary: they remain a counterparty in others' histories. */
    @Transactional
    public Optional<UserSummary> summary(UUID userId) {
        return users.findByIdOptional(userId).map(UserSummary::of);
    }

    /** Summaries of the given users, deleted ones included. */
    @Transactional
    public Map<UUID, UserSummary> summaries(Collection<UUID> userIds) {
        return users.summaries(userIds);
    }

    /** The own profile of an active user: what sign-in returns. */
    @Transactional
    public Optional<ProfileView> activeProfile(UUID userId) {
        return users.findActive(userId).map(ProfileView::of);
    }

    @Transactional
    public Optional<ProfileView> activeProfileByPhone(String phone) {
        return users.findActiveByPhone(phone).map(ProfileView::of);
    }
}
