package app.banter.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.google.firebase.auth.internal.Utils;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Refuses to start a production instance with any of the conveniences that only make sense on a developer's
 * machine or in tests: each of them would let anyone sign in as anyone, or hand our credentials to another host.
 */
@Singleton
public class ProductionGuard {

    void onStart(@Observes StartupEvent event,
            @ConfigProperty(name = "banter.auth.dev-login.enabled", defaultValue = "false") boolean devLogin,
            @ConfigProperty(name = "banter.jwt.generate-keys", defaultValue = "false") boolean generatedKeys,
            @ConfigProperty(name = "banter.embedded.enabled", defaultValue = "false") boolean embedded,
            @ConfigProperty(name = "banter.firebase.emulator-host") Optional<String> firebaseEmulator,
            @ConfigProperty(name = "banter.firebase.messaging-url") Optional<String> messagingUrl) {
        boolean production = ConfigUtils.getProfiles().contains("prod");
        List<String> unsafe = unsafeSettings(production, devLogin, generatedKeys, embedded,
                firebaseEmulator.isPresent(), messagingUrl.isPresent(), firebaseAdminEmulatorHost());
        if (!unsafe.isEmpty()) {
            throw new IllegalStateException("Refusing to start in production with " + String.join(", ", unsafe));
        }
    }

    /**
     * Where firebase-admin itself would send ID tokens: its own FIREBASE_AUTH_EMULATOR_HOST, read from the process
     * environment or from the SDK's in-process override. Asking the SDK covers every way of setting it, not only
     * our property; with it set the SDK accepts unsigned tokens for any phone number.
     */
    static Optional<String> firebaseAdminEmulatorHost() {
        return Utils.isEmulatorMode() ? Optional.of(Utils.getEmulatorHost()) : Optional.empty();
    }

    static List<String> unsafeSettings(boolean production, boolean devLogin, boolean generatedKeys, boolean embedded,
            boolean firebaseEmulator, boolean messagingRedirected, Optional<String> firebaseAdminEmulator) {
        List<String> unsafe = new ArrayList<>();
        if (!production) {
            return unsafe;
        }
        if (devLogin) {
            unsafe.add("banter.auth.dev-login.enabled=true");
        }
        if (generatedKeys) {
            unsafe.add("banter.jwt.generate-keys=true");
        }
        if (embedded) {
            unsafe.add("banter.embedded.enabled=true");
        }
        if (firebaseEmulator) {
            unsafe.add("banter.firebase.emulator-host set");
        }
        // FCM's requests carry the service account's access token: a test's stand-in URL would hand it to that host.
        if (messagingRedirected) {
            unsafe.add("banter.firebase.messaging-url set");
        }
        if (firebaseAdminEmulator.isPresent()) {
            unsafe.add(Utils.AUTH_EMULATOR_HOST + " set");
        }
        return unsafe;
    }
}
