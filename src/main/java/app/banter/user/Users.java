package app.banter.user;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/**
 * What other features may ask about users. Answers are views, never the entity, so that no other feature can change a
 * user or depend on how users are stored.
 */
@ApplicationScoped
public class Users {

    private final UserRepository users;
    private final DeviceRepository devices;

    Users(UserRepository users, DeviceRepository devices) {
        this.users = users;
        this.devices = devices;
    }

    @Transactional
    public boolean isActive(UUID userId) {
        return users.findActive(userId).isPresent();
    }

    /**
     * Locks the account's row until commit; false when there is no such account. Sign-in, moderation measures and
     * lifts, role changes and the deletion of one user take it first, so that each sees what the others committed: no
     * session starts unseen by a ban, or with the roles a change just revoked.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean lock(UUID userId) {
        return users.findByIdOptional(userId, LockModeType.PESSIMISTIC_WRITE).isPresent();
    }

    /**
     * Holds both accounts against deletion until commit: their rows share-locked, which {@link #lock} and deleting an
     * account wait for, but others holding them do not. What is made between the two while they are held (a
     * friendship) is seen by a deletion's clean-up, and what a deletion committed first is seen by what follows here.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void holdAgainstDeletion(UUID a, UUID b) {
        users.lockForShare(a, b);
    }

    /** Whether the user holds a moderator or admin role. */
    @Transactional
    public boolean isStaff(UUID userId) {
        return users.findByIdOptional(userId)
                .filter(user -> user.roles.stream().anyMatch(StaffDirectory.STAFF_ROLES::contains)).isPresent();
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

    /**
     * The phone number of an active user, only to derive a keyed hash from it at once (referral abuse rules); never to
     * be stored, logged or returned.
     */
    @Transactional
    public Optional<String> phoneNumber(UUID userId) {
        return users.findActive(userId).map(user -> user.phone);
    }

    /**
     * What identifies the user's registered phones: "id:" plus the stable device id where the app sent one, and
     * "fcm:" plus the push token (which identifies an app install) for every device.
     */
    @Transactional
    public List<String> deviceKeys(UUID userId) {
        List<String> keys = new ArrayList<>();
        for (Device device : devices.listOwned(userId)) {
            keys.addAll(keysOf(device.deviceId, device.fcmToken));
        }
        return keys;
    }

    /**
     * The SHA-256 hex of every device key the user has registered since their account was made, signed out of or not:
     * a device row lasts only as long as its session, and referral abuse rules must still recognise a phone its owner
     * signed out of first.
     */
    @Transactional
    public Set<String> deviceKeyHashesEverUsedBy(UUID userId) {
        return Set.copyOf(devices.keyHashesEverUsedBy(userId));
    }

    static List<String> keysOf(String deviceId, String fcmToken) {
        return deviceId == null ? List.of("fcm:" + fcmToken) : List.of("id:" + deviceId, "fcm:" + fcmToken);
    }
}
