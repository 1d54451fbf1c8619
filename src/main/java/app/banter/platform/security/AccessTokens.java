package app.banter.platform.security;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.jwt.build.Jwt;

/** Issues our RS256 access tokens; quarkus-smallrye-jwt verifies them on the way in. */
@ApplicationScoped
public class AccessTokens {

    /** The login session (refresh-token family) a token belongs to; what logout and reuse detection revoke. */
    public static final String SESSION_CLAIM = "sid";

    private final AuthTokenConfig config;

    AccessTokens(AuthTokenConfig config) {
        this.config = config;
    }

    public IssuedToken issue(UUID userId, UUID sessionId, Set<String> roles) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(config.accessTokenTtl());
        String token = Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(userId.toString())
                .groups(roles)
                .claim(SESSION_CLAIM, sessionId.toString())
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .sign();
        return new IssuedToken(token, expiresAt);
    }

    public record IssuedToken(String token, Instant expiresAt) {
    }
}
