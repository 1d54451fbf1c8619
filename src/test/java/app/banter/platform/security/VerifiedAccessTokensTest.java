package app.banter.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/** The verified-token cache: each token verified once while valid, never served past its expiry or when it failed. */
class VerifiedAccessTokensTest {

    private final Map<String, Long> expiries = new ConcurrentHashMap<>();
    private final AtomicInteger verifications = new AtomicInteger();
    private final DefaultJWTParser verifier = new DefaultJWTParser() {
        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verifications.incrementAndGet();
            Long exp = expiries.get(token);
            if (exp == null) {
                throw new ParseException("bad signature");
            }
            return new Token(token, exp);
        }
    };
    private final VerifiedAccessTokens tokens = new VerifiedAccessTokens(verifier, config(100));

    @Test
    void aValidTokenIsVerifiedOnce() throws Exception {
        expiries.put("a", Instant.now().plusSeconds(600).getEpochSecond());
        JsonWebToken first = tokens.parse("a");
        assertThat(tokens.parse("a")).isSameAs(first);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void anExpiredTokenIsVerifiedAgain() throws Exception {
        expiries.put("b", Instant.now().plusSeconds(1).getEpochSecond());
        tokens.parse("b");
        Thread.sleep(Duration.ofMillis(2100));
        tokens.parse("b");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenThatFailsIsNeverRemembered() {
        assertThatThrownBy(() -> tokens.parse("forged")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse("forged")).isInstanceOf(ParseException.class);
        assertThat(verifications).hasValue(2);
    }

    private record Token(String raw, long exp) implements JsonWebToken {
        @Override
        public String getName() {
            return raw;
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of(Claims.exp.name());
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return Claims.exp.name().equals(claimName) ? (T) Long.valueOf(exp) : null;
        }
    }

    private static AuthTokenConfig config(int cacheSize) {
        return new AuthTokenConfig() {
            @Override
            public String issuer() {
                return "https://banter.app";
            }

            @Override
            public String audience() {
                return "banter-app";
            }

            @Override
            public Duration accessTokenTtl() {
                return Duration.ofMinutes(15);
            }

            @Override
            public Duration refreshTokenTtl() {
                return Duration.ofDays(60);
            }

            @Override
            public int verifiedTokenCacheSize() {
                return cacheSize;
            }

            @Override
            public Duration revocationCheckCacheTtl() {
                return Duration.ofSeconds(2);
            }

            @Override
            public boolean generateKeys() {
                return false;
            }
        };
    }
}
