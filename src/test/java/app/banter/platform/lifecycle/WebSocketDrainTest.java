package app.banter.platform.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;

/**
 * What a websocket client sees when its pod starts to stop: a 1012 close it can reconnect on, and a 503 for a new
 * connection to the same pod. Its own application instance (a test profile), since draining is one-way.
 */
@QuarkusTest
@TestProfile(WebSocketDrainTest.Draining.class)
class WebSocketDrainTest {

    public static class Draining implements QuarkusTestProfile {
    }

    /** A stand-in for the realtime gateway: the drain works for any endpoint. */
    @io.quarkus.websockets.next.WebSocket(path = "/test/echo")
    public static class Echo {
        /** The server has the connection: the client's handshake can complete a moment before. */
        static final CompletableFuture<Void> OPENED = new CompletableFuture<>();

        @OnOpen
        void opened() {
            OPENED.complete(null);
        }

        @OnTextMessage
        String echo(String message) {
            return message;
        }
    }

    @TestHTTPResource("/test/echo")
    URI echo;

    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdownDelay;

    @Test
    void openSocketsCloseWithAReconnectHintAndNewOnesAreRefused() throws Exception {
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        connect(new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                closeCode.complete(statusCode);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        Echo.OPENED.get(10, TimeUnit.SECONDS);

        shutdownDelay.fire(new ShutdownDelayInitiatedEvent());

        assertThat(closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1012);
        assertThatThrownBy(() -> connect(new WebSocket.Listener() {
        }).get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(503));
        // Plain requests are still served while the Service stops routing to this pod.
        given().get("/q/openapi").then().statusCode(200);
    }

    private CompletableFuture<WebSocket> connect(WebSocket.Listener listener) {
        URI ws = URI.create(echo.toString().replaceFirst("^http", "ws"));
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(ws, listener);
    }
}
