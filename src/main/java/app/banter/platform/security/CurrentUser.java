package app.banter.platform.security;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import app.banter.platform.error.ApiException;

/** The signed-in user of this request, as our access token names them. */
@RequestScoped
public class CurrentUser {

    @Inject
    JsonWebToken jwt;

    public UUID id() {
        if (jwt == null || jwt.getSubject() == null) {
            throw ApiException.unauthorized("UNAUTHENTICATED", "A valid access token is required");
        }
        return UUID.fromString(jwt.getSubject());
    }

    /** The login session (refresh-token family) this access token belongs to. */
    public UUID sessionId() {
        return UUID.fromString(jwt.getClaim(AccessTokens.SESSION_CLAIM));
    }
}
