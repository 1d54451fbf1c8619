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

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.OnTextMessage;
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

    private static final String LATE = "drain-race-late";

    /** An endpoint whose upgrades the check below lets through only after it has started the drain. */
    @io.quarkus.websockets.next.WebSocket(path = "/test/late", endpointId = LATE)
    public static class Late {
        @OnTextMessage
        String echo(String message) {
            return message;
        }
    }

    /** Starts the drain in the middle of an upgrade to {@link Late}: after the 503 check, before the socket opens. */
    @ApplicationScoped
    public static class DrainDuringUpgrade implements HttpUpgradeCheck {

        @Inject
        WebSocketDrain drain;

        @Override
        public boolean appliesTo(String endpointId) {
            return LATE.equals(endpointId);
        }

        @Override
        public Uni<CheckResult> perform(HttpUpgradeContext context) {
            drain.drain();
            return CheckResult.permitUpgrade(null);
        }
    }

    @TestHTTPResource("/test/late")
    URI late;

    @Test
    void aSocketThatOpensAfterTheDrainBeganIsClosedWithTheReconnectHint() throws Exception {
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(late.toString().replaceFirst("^http", "ws")), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                        closeCode.complete(statusCode);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);

        assertThat(closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1012);
    }
}
