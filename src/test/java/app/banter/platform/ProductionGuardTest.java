package app.banter.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.google.firebase.internal.FirebaseProcessEnvironment;

class ProductionGuardTest {

    private static final String SDK_EMULATOR_VARIABLE = "FIREBASE_AUTH_EMULATOR_HOST";

    @Test
    void productionRefusesEveryDeveloperShortcut() {
        assertThat(ProductionGuard.unsafeSettings(true, true, true, true, true, true, Optional.of("127.0.0.1:9099")))
                .containsExactly("banter.auth.dev-login.enabled=true", "banter.jwt.generate-keys=true",
                        "banter.embedded.enabled=true", "banter.firebase.emulator-host set",
                        "banter.firebase.messaging-url set", "FIREBASE_AUTH_EMULATOR_HOST set");
        assertThat(ProductionGuard.unsafeSettings(true, false, false, false, false, false, Optional.empty()))
                .isEmpty();
    }

    @Test
    void productionRefusesAnotherFcmHost() {
        assertThat(ProductionGuard.unsafeSettings(true, false, false, false, false, true, Optional.empty()))
                .containsExactly("banter.firebase.messaging-url set");
    }

    @Test
    void otherProfilesMayUseThem() {
        assertThat(ProductionGuard.unsafeSettings(false, true, true, true, true, true, Optional.of("127.0.0.1:9099")))
                .isEmpty();
    }

    /**
     * firebase-admin's own variable, without our property: the SDK would accept unsigned emulator tokens, so the
     * guard must see it. It is set through the SDK's environment view, the one the SDK reads before the process
     * environment, which a test cannot change.
     */
    @Test
    void productionRefusesTheSdksOwnEmulatorVariable() {
        String before = FirebaseProcessEnvironment.getenv(SDK_EMULATOR_VARIABLE);
        FirebaseProcessEnvironment.setenv(SDK_EMULATOR_VARIABLE, "10.0.0.7:9099");
        try {
            Optional<String> seen = ProductionGuard.firebaseAdminEmulatorHost();
            assertThat(seen).contains("10.0.0.7:9099");
            assertThat(ProductionGuard.unsafeSettings(true, false, false, false, false, false, seen))
                    .containsExactly("FIREBASE_AUTH_EMULATOR_HOST set");
        } finally {
            FirebaseProcessEnvironment.clearCache();
            if (before != null && !before.equals(System.getenv(SDK_EMULATOR_VARIABLE))) {
                FirebaseProcessEnvironment.setenv(SDK_EMULATOR_VARIABLE, before);
            }
        }
    }
}
