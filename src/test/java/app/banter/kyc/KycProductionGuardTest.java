package app.banter.kyc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KycProductionGuardTest {

    @Test
    void productionRefusesTheSandboxAndTheDevelopmentHashKey() {
        assertThat(KycProductionGuard.refusal(true, "sandbox", "a-real-secret-of-some-length"))
                .contains("banter.kyc.provider=sandbox");
        assertThat(KycProductionGuard.refusal(true, "karza", KycProductionGuard.DEVELOPMENT_HMAC_SECRET))
                .isPresent();
        assertThat(KycProductionGuard.refusal(true, "signzy", "a-real-secret-of-some-length")).isEmpty();
    }

    @Test
    void otherProfilesMayUseTheSandbox() {
        assertThat(KycProductionGuard.refusal(false, "sandbox", KycProductionGuard.DEVELOPMENT_HMAC_SECRET)).isEmpty();
    }
}
