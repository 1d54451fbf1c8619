package app.banter.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProductionGuardTest {

    @Test
    void productionRefusesEveryDeveloperShortcut() {
        assertThat(ProductionGuard.unsafeSettings(true, true, true, true, true)).containsExactly(
                "banter.auth.dev-login.enabled=true", "banter.jwt.generate-keys=true",
                "banter.embedded.enabled=true", "banter.firebase.emulator-host set");
        assertThat(ProductionGuard.unsafeSettings(true, false, false, false, false)).isEmpty();
    }

    @Test
    void otherProfilesMayUseThem() {
        assertThat(ProductionGuard.unsafeSettings(false, true, true, true, true)).isEmpty();
    }
}
