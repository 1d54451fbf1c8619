package app.banter.auth;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import app.banter.platform.error.ApiException;
import app.banter.platform.security.AccessTokens;
import app.banter.platform.security.AuthTokenConfig;
import app.banter.platform.security.Secrets;
import app.banter.platform.security.SessionRevocations;
import app.banter.social.Moderation;
import app.banter.social.UserBanned;
import app.banter.user.AccountDeleted;
import app.banter.user.DeviceService;
import app.banter.user.ProfileView;
import app.banter.user.RegisterDeviceRequest;
import app.banter.user.RolesChanged;
import app.banter.user.Users;

/**
 * Login sessions: each is a family of refresh tokens, rotated on every use (RFC 9700 section 4.14.2). The access
 * tokens of a session carry its id, so ending the session ends them too.
 */
@ApplicationScoped
public class Sessions {

    private static final Logger LOG = Logger.getLogger(Sessions.class);

    private final RefreshTokenRepository refreshTokens;
    private final Users users;
    private final AccessTokens accessTokens;
    private final SessionRevocations revocations;
    private final AuthTokenConfig config;
    private final Moderation moderation;
    private final DeviceService devices;

    Sessions(RefreshTokenRepository refreshTokens, Users users, AccessTokens accessTokens,
            SessionRevocations revocations, AuthTokenConfig config, Moderation moderation, DeviceService devices) {
        this.devices = devices;
        this.refreshTokens = refreshTokens;
        this.users = users;
        this.accessTokens = accessTokens;
        this.revocations = revocations;
        this.config = config;
        this.moderation = moderation;
    }

    /** A new session; the phone's push token, when the app sent one, is registered to it. */
    @Transactional
    public SessionTokens start(ProfileView user, Optional<RegisterDeviceRequest> device) {
        // Read again under the account's lock: a ban or a role change committed meanwhile is seen here, and one made
        // after waits for this session and ends it.
        users.lock(user.id());
        ProfileView current = users.activeProfile(user.id()).orElseThrow(() -> ApiException.unauthorized(
                "INVALID_ID_TOKEN", "This account no longer exists; sign in again"));
        UUID sessionId = UUID.randomUUID();
        SessionTokens tokens = issue(current, sessionId);
        device.ifPresent(d -> devices.register(current.id(), sessionId, d));
        return tokens;
    }

    /**
     * Exchanges a refresh token for a new pair. A token that was already exchanged means it leaked or the client
     * raced itself: the whole session is revoked, and that revocation must commit although the call fails.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public SessionTokens rotate(String presented) {
        Instant now = Instant.now();
        RefreshToken token = refreshTokens.findByHashForUpdate(Secrets.sha256(presented))
                .orElseThrow(Sessions::invalidRefreshToken);
        if (token.revokedAt != null) {
            throw invalidRefreshToken();
        }
        if (token.rotatedAt != null) {
            LOG.warnf("Refresh token reuse in session %s; revoking the session", token.familyId);
            end(token.familyId, now);
            throw invalidRefreshToken();
        }
        if (!token.expiresAt.isAfter(now)) {
            throw invalidRefreshToken();
        }
        ProfileView user = users.activeProfile(token.userId).orElse(null);
        if (user == null) {
            end(token.familyId, now);
            throw invalidRefreshToken();
        }
        token.rotatedAt = now;
        return issue(user, token.familyId);
    }

    @Transactional
    public void end(UUID sessionId) {
        end(sessionId, Instant.now());
    }

    void endAllOf(@Observes AccountDeleted event) {
        endAllOf(event.userId());
    }

    void endAllOf(@Observes UserBanned event) {
        endAllOf(event.userId());
    }

    /** Access tokens carry the roles they were issued with: the user signs in again to hold the new ones. */
    void endAllOf(@Observes RolesChanged event) {
        endAllOf(event.userId());
    }

    private void endAllOf(UUID userId) {
        List<UUID> ended = refreshTokens.revokeAllOf(userId, Instant.now());
        ended.forEach(revocations::revoke);
        devices.forgetSessions(ended);
    }

    private void end(UUID sessionId, Instant now) {
        refreshTokens.revokeFamily(sessionId, now);
        revocations.revoke(sessionId);
        devices.forgetSessions(List.of(sessionId));
    }

    private SessionTokens issue(ProfileView user, UUID sessionId) {
        if (moderation.isBanned(user.id())) {
            throw ApiException.forbidden("ACCOUNT_BANNED", "This account is banned");
        }
        Instant now = Instant.now();
        String refresh = Secrets.randomToken();
        RefreshToken token = new RefreshToken();
        token.id = UUID.randomUUID();
        token.familyId = sessionId;
        token.userId = user.id();
        token.tokenHash = Secrets.sha256(refresh);
        token.createdAt = now;
        token.expiresAt = now.plus(config.refreshTokenTtl());
        refreshTokens.persist(token);
        Set<String> roles = new LinkedHashSet<>();
        roles.add("user");
        roles.addAll(user.roles());
        AccessTokens.IssuedToken access = accessTokens.issue(user.id(), sessionId, roles);
        return new SessionTokens(user, access.token(), access.expiresAt(), refresh, token.expiresAt);
    }

    private static ApiException invalidRefreshToken() {
        return ApiException.unauthorized("INVALID_REFRESH_TOKEN", "The refresh token is not valid; sign in again");
    }

    public record SessionTokens(ProfileView user, String accessToken, Instant accessTokenExpiresAt, String refreshToken,
            Instant refreshTokenExpiresAt) {
    }
}
