package app.banter.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import app.banter.call.TurnCredentials.IceServer;
import app.banter.testsupport.Coturn;
import io.quarkus.test.junit.QuarkusTest;

/** Our TURN credentials against a real COTURN configured with the same shared secret (use-auth-secret). */
@QuarkusTest
class TurnCredentialsTest {

    @Inject
    TurnCredentials turn;

    @ConfigProperty(name = "banter.turn.secret")
    String sharedSecret;

    @Test
    void coturnAllocatesWithValidCredentialsOnly() {
        UUID user = UUID.randomUUID();
        IceServer valid = turn.issue(user, Instant.now());
        assertThat(valid.username()).matches("\\d+:" + user);
        assertThat(Long.parseLong(valid.username().split(":")[0]))
                .isBetween(Instant.now().plus(Duration.ofMinutes(59)).getEpochSecond(),
                        Instant.now().plus(Duration.ofMinutes(61)).getEpochSecond());
        IceServer expired = turn.issue(user, Instant.now().minus(Duration.ofHours(2)));

        try (Coturn coturn = Coturn.start(sharedSecret)) {
            assertThat(coturn.allocates(valid.username(), valid.credential())).isTrue();
            assertThat(coturn.allocates(valid.username(), TurnCredentials.password("wrong-secret",
                    valid.username()))).isFalse();
            assertThat(coturn.allocates(expired.username(), expired.credential())).isFalse();
            // The user part is signed too: a credential cannot be moved to another user.
            String otherUser = valid.username().split(":")[0] + ":" + UUID.randomUUID();
            assertThat(coturn.allocates(otherUser, valid.credential())).isFalse();
        }
    }
}
