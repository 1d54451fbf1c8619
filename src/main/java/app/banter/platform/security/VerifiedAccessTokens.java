package app.banter.platform.security;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies each access token once and remembers the result until the token expires. A client sends the same token
 * with every request and its websocket upgrade for up to 15 minutes, and checking the RS256 signature and parsing the
 * claims again each time was the largest single cost of sending a message (bench/realtime). Only tokens that passed
 * full verification are remembered, and only until their own {@code exp}; a revoked session is still turned away on
 * every request by {@link RevokedSessionAugmentor}, which this does not bypass. The token is kept as a
 * {@link SessionBoundToken}, which reads its session claim without an exception per request.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedAccessTokens implements JWTParser {

    private final DefaultJWTParser verifier;
    private final Cache<String, JsonWebToken> verified;

    VerifiedAccessTokens(DefaultJWTParser verifier, AuthTokenConfig config) {
        this.verifier = verifier;
        this.verified = Caffeine.newBuilder().maximumSize(config.verifiedTokenCacheSize())
                .expireAfter(Expiry.creating((String token, JsonWebToken jwt) -> Duration
                        .ofSeconds(Math.max(0, jwt.getExpirationTime() - Instant.now().getEpochSecond()))))
                .build();
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken jwt = verified.getIfPresent(token);
        if (jwt == null) {
            jwt = new SessionBoundToken(verifier.parse(token));
            verified.put(token, jwt);
        }
        return jwt;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
