package app.banter.platform.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/** Turns away a well-signed, unexpired access token whose session was revoked (see {@link SessionRevocations}). */
@ApplicationScoped
public class RevokedSessionAugmentor implements SecurityIdentityAugmentor {

    private final SessionRevocations revocations;

    RevokedSessionAugmentor(SessionRevocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        String sessionId = jwt.getClaim(AccessTokens.SESSION_CLAIM);
        if (sessionId == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("access token without a session"));
        }
        return revocations.isRevoked(sessionId, jwt.getIssuedAtTime()).onItem().transformToUni(revoked -> revoked
                ? Uni.createFrom().failure(new AuthenticationFailedException("session revoked"))
                : Uni.createFrom().item(identity));
    }
}
