package app.banter.platform.security;

import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Dev and test only ({@code banter.jwt.generate-keys=true}): an RSA key pair made at start for signing and verifying
 * access tokens, so nobody has to create keys to try the service. Production reads both keys from its Secret and
 * {@link ProductionGuard} refuses to start with this switched on. The pair is kept in system properties so that a
 * dev-mode restart keeps accepting the tokens it issued before.
 */
public class GeneratedSigningKeysConfigFactory implements ConfigSourceFactory {

    static final String SIGN_KEY = "smallrye.jwt.sign.key";
    static final String VERIFY_KEY = "mp.jwt.verify.publickey";
    private static final String KEPT_PRIVATE = "banter-generated.jwt-private-key";
    private static final String KEPT_PUBLIC = "banter-generated.jwt-public-key";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue enabled = context.getValue("banter.jwt.generate-keys");
        if (enabled == null || !"true".equalsIgnoreCase(enabled.getValue()) || isSet(context.getValue(SIGN_KEY))) {
            return Collections.emptyList();
        }
        synchronized (System.getProperties()) {
            if (System.getProperty(KEPT_PRIVATE) == null) {
                GeneratedSigningKeys keys = GeneratedSigningKeys.generate();
                System.setProperty(KEPT_PRIVATE, keys.privateKeyPem());
                System.setProperty(KEPT_PUBLIC, keys.publicKeyPem());
            }
        }
        return Collections.singletonList(new PropertiesConfigSource(
                Map.of(SIGN_KEY, System.getProperty(KEPT_PRIVATE), VERIFY_KEY, System.getProperty(KEPT_PUBLIC)),
                "banter-generated-signing-keys", 260));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(260);
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }
}
