package app.banter.auth;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import app.banter.platform.security.EndedSessions;

/** A session is a family of refresh tokens: it has ended once none of them is left unrevoked. */
@ApplicationScoped
class RefreshTokenFamilies implements EndedSessions {

    private final RefreshTokenRepository refreshTokens;

    RefreshTokenFamilies(RefreshTokenRepository refreshTokens) {
        this.refreshTokens = refreshTokens;
    }

    @Override
    @Transactional
    public boolean isEnded(UUID sessionId) {
        return !refreshTokens.hasUnrevoked(sessionId);
    }
}
