package app.banter.platform.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.smallrye.mutiny.Uni;

/**
 * An upgrade already past the drain's 503 check when the pod starts to stop: it opens after the drain went through the
 * open sockets, and still gets the 1012 reconnect hint rather than staying until the pod is killed. Its own
 * application instance (a test profile), since draining is one-way.
 */
@QuarkusTest
@TestProfile(WebSocketDrainRaceTest.DrainingDuringAnUpgrade.class)
class WebSocketDrainRaceTest {

    public static class DrainingDuringAnUpgrade implements QuarkusTestProfile {
    }

    /**
     * Starts the drain while an upgrade is being authenticated, once armed: after the 503 check (which comes before
     * authentication), before the socket opens. Disarmed it does nothing, so it is harmless to the other tests.
     */
    @ApplicationScoped
    public static class DrainDuringUpgrade implements SecurityIdentityAugmentor {

        static volatile boolean armed;

        @Inject
        WebSocketDrain drain;

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            if (armed && !identity.isAnonymous()) {
                armed = false;
                drain.drain();
            }
            return Uni.createFrom().item(identity);
        }
    }

    @Test
    void aSocketThatOpensAfterTheDrainBeganIsClosedWithTheReconnectHint() throws Exception {
        TestUser asha = TestUsers.register();
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        DrainDuringUpgrade.armed = true;
        HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + asha.accessToken())
                .buildAsync(URI.create("ws://localhost:" + RestAssured.port + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                        closeCode.complete(statusCode);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);

        assertThat(DrainDuringUpgrade.armed).isFalse();
        assertThat(closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1012);
    }
}
