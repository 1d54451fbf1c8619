package app.banter.platform.security;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How our own tokens are issued. Keys come from mp.jwt.verify.publickey / smallrye.jwt.sign.key. */
@ConfigMapping(prefix = "banter.jwt")
public interface AuthTokenConfig {

    /** iss of our access tokens; must equal mp.jwt.verify.issuer. */
    @WithDefault("https://banter.app")
    String issuer();

    /** aud of our access tokens; must be among mp.jwt.verify.audiences. */
    @WithDefault("banter-app")
    String audience();

    @WithDefault("15M")
    Duration accessTokenTtl();

    @WithDefault("60D")
    Duration refreshTokenTtl();

    /**
     * How many verified access tokens each pod remembers (until each one expires) so that a client's repeated requests
     * skip the signature check; a few KiB each.
     */
    @WithDefault("20000")
    int verifiedTokenCacheSize();

    /**
     * How long a pod trusts a "not revoked" answer of the session denylist before asking Redis again. A revocation
     * clears it at once on the pod that revokes and, through the realtime fan-out channel, on every other pod; this is
     * the bound for a pod that misses that message. 0 asks Redis on every request.
     */
    @WithDefault("2S")
    Duration revocationCheckCacheTtl();

    /** Dev and test only: make a signing key pair at start instead of reading one from config. */
    @WithDefault("false")
    boolean generateKeys();
}
