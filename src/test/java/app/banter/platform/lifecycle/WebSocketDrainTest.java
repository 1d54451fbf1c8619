package app.banter.platform.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * What a websocket client sees when its pod starts to stop: a 1012 close it can reconnect on, and a 503 for a new
 * connection to the same pod. Its own application instance (a test profile), since draining is one-way.
 */
@QuarkusTest
@TestProfile(WebSocketDrainTest.Draining.class)
class WebSocketDrainTest {

    public static class Draining implements QuarkusTestProfile {
    }

    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdownDelay;

    @Test
    void openSocketsCloseWithAReconnectHintAndNewOnesAreRefused() {
        TestUser asha = TestUsers.register();
        try (WsClient phone = WsClient.connect(RestAssured.port, asha.accessToken())) {

            shutdownDelay.fire(new ShutdownDelayInitiatedEvent());

            await().atMost(Duration.ofSeconds(10)).until(phone::isClosed);
            assertThat(phone.closeStatus()).isEqualTo((short) 1012);
        }
        assertThat(WsClient.refusal(RestAssured.port, "/ws", asha.accessToken())).isEqualTo(503);
        // Plain requests are still served while the Service stops routing to this pod.
        given().get("/q/openapi").then().statusCode(200);
    }
}
