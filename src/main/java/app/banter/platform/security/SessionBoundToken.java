package app.banter.platform.security;

import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A verified access token that has its session id at hand. smallrye-jwt looks every claim name up in the
 * {@link org.eclipse.microprofile.jwt.Claims} enum first, and for a name that is not there ({@code sid}) that lookup
 * throws and catches an IllegalArgumentException, stack trace and all: once for the session denylist on every request,
 * again wherever the session is read. Here it happens once per token, when it is verified.
 */
final class SessionBoundToken implements JsonWebToken {

    private final JsonWebToken verified;
    private final String sessionId;

    SessionBoundToken(JsonWebToken verified) {
        this.verified = verified;
        this.sessionId = verified.getClaim(AccessTokens.SESSION_CLAIM);
    }

    @Override
    public String getName() {
        return verified.getName();
    }

    @Override
    public Set<String> getClaimNames() {
        return verified.getClaimNames();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        return AccessTokens.SESSION_CLAIM.equals(claimName) ? (T) sessionId : verified.getClaim(claimName);
    }
}
