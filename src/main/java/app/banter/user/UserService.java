package app.banter.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;

import app.banter.media.MediaAttachments;
import app.banter.media.MediaPurpose;
import app.banter.media.MediaRef;
import app.banter.platform.error.ApiException;
import app.banter.platform.paging.Cursor;
import app.banter.platform.paging.Page;
import app.banter.platform.ratelimit.RateLimiter;

@ApplicationScoped
public class UserService {

    private static final String DELETED_USERNAME_PREFIX = "deleted_";

    private final UserRepository users;
    private final StaffDirectory staff;
    private final Event<UserRegistered> userRegistered;
    private final Event<AccountDeleted> accountDeleted;
    private final PhoneHashes phoneHashes;
    private final HiddenProfiles hiddenProfiles;
    private final MediaAttachments media;
    private final Clock clock;
    private final PremiumPerks premium;
    private final OnlineNowList onlineNow;
    private final UserConfig config;
    private final RateLimiter rateLimiter;

    UserService(UserRepository users, Event<UserRegistered> userRegistered, Event<AccountDeleted> accountDeleted,
            HiddenProfiles hiddenProfiles, MediaAttachments media, PremiumPerks premium, OnlineNowList onlineNow,
            UserConfig config, StaffDirectory staff, PhoneHashes phoneHashes, RateLimiter rateLimiter) {
        this.staff = staff;
        this.phoneHashes = phoneHashes;
        this.premium = premium;
        this.onlineNow = onlineNow;
        this.config = config;
        this.users = users;
        this.media = media;
        this.hiddenProfiles = hiddenProfiles;
        this.userRegistered = userRegistered;
        this.accountDeleted = accountDeleted;
        this.clock = Clock.systemUTC();
        this.rateLimiter = rateLimiter;
    }

    /** Creates the account of a verified phone. The caller has checked the age rule. */
    @Transactional
    public ProfileView register(NewUser request) {
        if (users.findActiveByPhone(request.phone()).isPresent()) {
            throw ApiException.conflict("ALREADY_REGISTERED", "This phone number already has an account");
        }
        String username = normalize(request.username());
        if (isTaken(username)) {
            throw usernameTaken();
        }
        Instant now = clock.instant();
        User user = new User();
        user.id = UUID.randomUUID();
        user.phone = request.phone();
        user.firebaseUid = request.firebaseUid();
        user.username = username;
        user.fullName = request.fullName().strip();
        user.dateOfBirth = request.dateOfBirth();
        user.gender = request.gender();
        user.language = request.language();
        user.interests = request.interests() == null ? new ArrayList<>() : cleanInterests(request.interests());
        user.referredByCode = request.referralCode() == null ? null : request.referralCode().toUpperCase(Locale.ROOT);
        user.createdAt = now;
        user.updatedAt = now;
        persistChecked(user);
        userRegistered.fire(new UserRegistered(user.id, user.referredByCode, phoneHash(user.phone)));
        return ProfileView.of(user);
    }

    /** One statement in autocommit: no transaction to begin and commit around it (docs/PERFORMANCE.md). */
    public ProfileView profile(UUID userId) {
        return ProfileView.of(active(userId));
    }

    @Transactional
    public ProfileView update(UUID userId, UpdateProfileRequest change) {
        User user = lockActive(userId);
        if (change.username() != null) {
            String username = normalize(change.username());
            if (!username.equals(user.username) && isTaken(username)) {
                throw usernameTaken();
            }
            user.username = username;
        }
        if (change.fullName() != null) {
            if (change.fullName().isBlank()) {
                throw ApiException.badRequest("VALIDATION_FAILED", "fullName must not be blank");
            }
            user.fullName = change.fullName().strip();
        }
        if (change.gender() != null) {
            user.gender = change.gender();
        }
        if (change.language() != null) {
            user.language = change.language();
        }
        if (change.interests() != null) {
            user.interests = cleanInterests(change.interests());
        }
        if (change.bio() != null) {
            user.bio = change.bio().isBlank() ? null : change.bio().strip();
        }
        if (change.avatarUrl() != null && change.avatarMediaId() != null) {
            throw ApiException.badRequest("VALIDATION_FAILED", "Give avatarUrl or avatarMediaId, not both");
        }
        if (change.avatarMediaId() != null) {
            MediaRef avatar = media.attach(userId, change.avatarMediaId(), MediaPurpose.AVATAR);
            releaseAvatar(user);
            user.avatarMediaId = avatar.id();
            user.avatarUrl = media.publicUrl(avatar);
        } else if (change.avatarUrl() != null && !change.avatarUrl().equals(user.avatarUrl)) {
            // An app saving the whole profile sends back the avatarUrl it was shown: that keeps the uploaded avatar,
            // which releasing would have the cleanup delete from under the URL.
            releaseAvatar(user);
            user.avatarUrl = change.avatarUrl();
        }
        user.updatedAt = clock.instant();
        persistChecked(user);
        return ProfileView.of(user);
    }

    /** A user hidden from the viewer (a block either way) or from everyone (a ban) is not found. */
    @Transactional
    public PublicProfileView publicProfile(UUID viewerId, UUID userId) {
        User user = users.findActive(userId).filter(u -> !hiddenProfiles.areHiddenFromEachOther(viewerId, u.id))
                .filter(u -> !hiddenProfiles.isHiddenFromEveryone(u.id))
                .orElseThrow(() -> ApiException.notFound("User"));
        return PublicProfileView.of(user, LocalDate.now(clock), premium.showsBadge(user));
    }

    /**
     * Public profiles of those of these users whose accounts are active, in one query. No block check: that is the
     * caller's, who has kept apart everyone who blocked each other (the matcher, in the transaction that makes its
     * calls, before it shows each of two matched users the other).
     */
    @Transactional
    public Map<UUID, PublicProfileView> activePublicProfiles(Collection<UUID> userIds) {
        LocalDate today = LocalDate.now(clock);
        Map<UUID, PublicProfileView> profiles = new HashMap<>();
        users.findActive(userIds).forEach(
                user -> profiles.put(user.id, PublicProfileView.of(user, today, premium.showsBadge(user))));
        return profiles;
    }

    @Transactional
    public boolean isUsernameAvailable(String username) {
        return !isTaken(normalize(username));
    }

    /**
     * Discover people: by name prefix, language, interests, and the opt-in "online now" list, in any combination.
     * Blocks either way hide people from each other here as everywhere, and banned users are hidden from everyone; the
     * online list also leaves out restricted users. Searches are rate-limited per viewer, every page counted.
     */
    @Transactional
    public Page<PublicProfileView> search(UUID viewerId, DiscoverFilter filter, String cursor, int limit) {
        if (filter.isEmpty()) {
            throw ApiException.badRequest("VALIDATION_FAILED", "Give q, language, interest or online=true");
        }
        rateLimiter.acquire("people-search", viewerId.toString(),
                new RateLimiter.Limit(config.discover().searchesPerMinute(), Duration.ofMinutes(1)));
        LocalDate today = LocalDate.now(clock);
        Set<UUID> among = filter.onlineNow() ? onlineNow.listedOnline(config.discover().onlineScanLimit()) : null;
        List<User> rows = users.discover(filter, among, hiddenProfiles.hiddenFrom(viewerId), Cursor.decode(cursor),
                limit + 1);
        return Page.of(rows, limit, user -> PublicProfileView.of(user, today, premium.showsBadge(user)),
                user -> Cursor.encode(user.username));
    }

    /**
     * Deletes an account by erasing what identifies the person. The row stays, so that money records and other
     * users' histories keep a counterparty; the phone number is freed to register again. The Firebase Auth user is
     * deleted once this commits (auth.FirebaseUserDeletions).
     */
    @Transactional
    public void delete(UUID userId) {
        // The account's row lock first, as sign-in, bans and role changes take it (Users.lock), and before anything
        // else a deletion locks: it waits for whatever holds the account against deletion (a friendship being made)
        // and its clean-up then sees what that made.
        User user = lockActive(userId);
        if (user.roles.contains(StaffDirectory.ADMIN)) {
            staff.requireNotLastAdmin(userId, "The last admin cannot delete their account; make another admin first");
        }
        Instant now = clock.instant();
        String phoneHash = phoneHash(user.phone);
        String firebaseUid = user.firebaseUid;
        user.status = User.Status.DELETED;
        user.phone = null;
        user.firebaseUid = null;
        user.username = DELETED_USERNAME_PREFIX + user.id.toString().replace("-", "").substring(0, 12);
        user.fullName = "Deleted user";
        user.dateOfBirth = null;
        user.gender = null;
        user.language = null;
        user.interests = new ArrayList<>();
        user.bio = null;
        releaseAvatar(user);
        user.avatarUrl = null;
        user.referredByCode = null;
        user.deletedAt = now;
        user.updatedAt = now;
        accountDeleted.fire(new AccountDeleted(userId, phoneHash, firebaseUid));
    }

    private String phoneHash(String phone) {
        return phone == null ? null : phoneHashes.of(phone);
    }

    /** A replaced or erased avatar upload is no longer used: the media cleanup deletes it. */
    private void releaseAvatar(User user) {
        if (user.avatarMediaId != null) {
            media.release(MediaRef.of(user.avatarMediaId, MediaPurpose.AVATAR));
            user.avatarMediaId = null;
        }
    }

    User active(UUID userId) {
        return users.findActive(userId).orElseThrow(() -> ApiException.notFound("User"));
    }

    /**
     * The active account, its row locked until commit, for a change to it. A change made from an unlocked read acts on
     * an account that may have changed since: a profile edit racing the deletion would write its name or bio into the
     * erased account, and one racing another avatar change would release the avatar that change released already and
     * leave that change's upload attached to nothing.
     */
    private User lockActive(UUID userId) {
        return users.findByIdOptional(userId, LockModeType.PESSIMISTIC_WRITE).filter(User::isActive)
                .orElseThrow(() -> ApiException.notFound("User"));
    }

    private void persistChecked(User user) {
        try {
            users.persistAndFlush(user);
        } catch (PersistenceException e) {
            // Two registrations or renames racing for the same name or phone: the unique index decides.
            if (e instanceof ConstraintViolationException violation && violation.getConstraintName() != null) {
                String constraint = violation.getConstraintName();
                if (constraint.contains("username")) {
                    throw usernameTaken();
                }
                if (constraint.contains("phone") || constraint.contains("firebase_uid")) {
                    throw ApiException.conflict("ALREADY_REGISTERED", "This phone number already has an account");
                }
            }
            throw e;
        }
    }

    private static List<String> cleanInterests(List<String> interests) {
        return new ArrayList<>(interests.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList());
    }

    /**
     * The names deleted accounts take are never free: had someone taken the name an account's deletion gives it, that
     * deletion would fail on the unique username for good.
     */
    private boolean isTaken(String username) {
        return username.startsWith(DELETED_USERNAME_PREFIX) || users.isUsernameTaken(username);
    }

    private static String normalize(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    private static ApiException usernameTaken() {
        return ApiException.conflict("USERNAME_TAKEN", "This username is taken");
    }
}
