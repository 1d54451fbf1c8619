package app.banter.user;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import app.banter.platform.error.ApiException;

/**
 * What staff tools may read and change about users: lookups with the phone masked, and the staff roles (which the
 * moderation and operator endpoints check through the access token's groups).
 */
@ApplicationScoped
public class StaffDirectory {

    public static final String ADMIN = "admin";
    public static final String MODERATOR = "moderator";
    public static final Set<String> STAFF_ROLES = Set.of(ADMIN, MODERATOR);

    private final UserRepository users;
    private final UserRoleStore roles;
    private final Event<RolesChanged> rolesChanged;

    StaffDirectory(UserRepository users, UserRoleStore roles, Event<RolesChanged> rolesChanged) {
        this.users = users;
        this.roles = roles;
        this.rolesChanged = rolesChanged;
    }

    /** Deleted users too: staff look up past accounts (their phone is gone by then). */
    @Transactional
    public Optional<StaffUserView> byId(UUID userId) {
        return users.findByIdOptional(userId).map(StaffUserView::of);
    }

    @Transactional
    public Optional<StaffUserView> byUsername(String username) {
        return users.findByUsername(username.toLowerCase(Locale.ROOT)).map(StaffUserView::of);
    }

    /** Grants the role to an active user; false (nothing changed) when they had it already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean grant(UUID userId, String role) {
        requireStaffRole(role);
        User user = users.findByIdOptional(userId, LockModeType.PESSIMISTIC_WRITE).filter(User::isActive)
                .orElseThrow(() -> ApiException.notFound("User"));
        if (user.roles.contains(role)) {
            return false;
        }
        List<String> changed = new ArrayList<>(user.roles);
        changed.add(role);
        setRoles(user, changed);
        return true;
    }

    /**
     * Revokes the role; false (nothing changed) when they did not have it. The last active admin keeps theirs, so that
     * someone can always grant roles without SQL.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean revoke(UUID userId, String role) {
        requireStaffRole(role);
        if (ADMIN.equals(role)) {
            requireNotLastAdmin(userId, "The last admin cannot lose the admin role");
        }
        User user = users.findByIdOptional(userId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ApiException.notFound("User"));
        if (!user.roles.contains(role)) {
            return false;
        }
        List<String> changed = new ArrayList<>(user.roles);
        changed.remove(role);
        setRoles(user, changed);
        return true;
    }

    /** Refuses, with {@code why}, when the user is the only active admin; their account is left locked until commit. */
    @Transactional(Transactional.TxType.MANDATORY)
    void requireNotLastAdmin(UUID userId, String why) {
        List<UUID> admins = roles.lockHolders(ADMIN);
        if (admins.size() == 1 && admins.contains(userId)) {
            throw ApiException.conflict("LAST_ADMIN", why);
        }
    }

    private void setRoles(User user, List<String> changed) {
        user.roles = changed;
        user.updatedAt = Instant.now();
        rolesChanged.fire(new RolesChanged(user.id));
    }

    private static void requireStaffRole(String role) {
        if (!STAFF_ROLES.contains(role)) {
            throw ApiException.badRequest("UNKNOWN_ROLE", "Roles are " + String.join(" and ", STAFF_ROLES.stream()
                    .sorted().toList()));
        }
    }
}
