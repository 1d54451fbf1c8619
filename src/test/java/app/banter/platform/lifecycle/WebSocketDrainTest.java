package app.banter.platform.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import app.banter.realtime.Presence;
import app.banter.testsupport.Social;
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

    @Inject
    Presence presence;

    /**
     * The drained pod's users are not leaving: they reconnect to another pod within seconds. Their presence is left to
     * lapse with its TTL unless that reconnect refreshes it, so friends see no offline/online flap and the matching
     * pool keeps their place.
     */
    @Test
    void openSocketsCloseWithAReconnectHintTheirUsersStayOnlineAndNewOnesAreRefused() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        try (WsClient friend = WsClient.connect(RestAssured.port, ravi.accessToken());
                WsClient phone = WsClient.connect(RestAssured.port, asha.accessToken())) {
            friend.await("presence", e -> asha.id().toString().equals(e.get("userId").asText())
                    && "online".equals(e.get("status").asText()));

            shutdownDelay.fire(new ShutdownDelayInitiatedEvent());

            await().atMost(Duration.ofSeconds(10)).until(() -> phone.isClosed() && friend.isClosed());
            assertThat(phone.closeStatus()).isEqualTo((short) 1012);
            assertThat(friend.drain()).noneMatch(e -> "presence".equals(e.path("type").asText())
                    && "offline".equals(e.path("status").asText()));
        }
        ravi.request().queryParam("userIds", asha.id().toString()).get("/api/v1/presence").then().statusCode(200)
                .body("[0].status", equalTo("online"));
        // Asha's app reconnects through the Service to a pod that stays: her presence goes on from there.
        presence.touch(asha.id(), "a-connection-on-another-pod");
        ravi.request().queryParam("userIds", asha.id().toString()).get("/api/v1/presence").then().statusCode(200)
                .body("[0].status", equalTo("online"));

        assertThat(WsClient.refusal(RestAssured.port, "/ws", asha.accessToken())).isEqualTo(503);
        // Plain requests are still served while the Service stops routing to this pod.
        given().get("/q/openapi").then().statusCode(200);
    }
}
