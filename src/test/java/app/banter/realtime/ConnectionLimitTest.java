package app.banter.realtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * banter.realtime.max-connections with a limit of two, and banter.realtime.max-connections-per-user of one: a third websocket upgrade is refused with a 503 problem and
 * Retry-After before authentication, counted in banter.realtime.connections.refused, and admitted again once a
 * connection has closed. The limit is a gauge next to the connection count, for the "near the limit" alert.
 */
@QuarkusTest
@TestProfile(ConnectionLimitTest.TwoPerPod.class)
class ConnectionLimitTest {

    public static class TwoPerPod implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("banter.realtime.max-connections", "2", "banter.realtime.max-connections-per-user", "1");
        }
    }

    @Inject
    MeterRegistry metrics;

    /** A user's newer socket takes the place of their oldest, which is closed with 4001 and no longer counted. */
    @Test
    void aUsersSocketBeyondThePerUserLimitReplacesTheirOldest() {
        TestUser asha = TestUsers.register();
        try (WsClient phone = WsClient.connect(RestAssured.port, asha.accessToken());
                WsClient tablet = WsClient.connect(RestAssured.port, asha.accessToken())) {
            await().atMost(Duration.ofSeconds(10)).until(phone::isClosed);
            assertThat(phone.closeStatus()).isEqualTo((short) 4001);
            tablet.send("{\"type\":\"heartbeat\"}");
            tablet.send("{");
            tablet.await("error", e -> "MALFORMED_FRAME".equals(e.path("code").asText()));
            assertThat(tablet.isClosed()).isFalse();
            assertThat(metrics.get("banter.realtime.connections").gauge().value()).isEqualTo(1.0);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> metrics.get("banter.realtime.connections").gauge().value() == 0.0);
    }

    @Test
    void anUpgradeBeyondThePodsLimitIsRefusedWith503AndCounted() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        TestUser meera = TestUsers.register();
        assertThat(metrics.get("banter.realtime.connections.limit").gauge().value()).isEqualTo(2.0);
        double refusedBefore = metrics.get("banter.realtime.connections.refused").counter().count();

        try (WsClient first = WsClient.connect(RestAssured.port, asha.accessToken());
                WsClient second = WsClient.connect(RestAssured.port, ravi.accessToken())) {
            assertThat(metrics.get("banter.realtime.connections").gauge().value()).isEqualTo(2.0);

            assertThat(WsClient.refusal(RestAssured.port, "/ws", meera.accessToken())).isEqualTo(503);
            // Refused before authentication: an upgrade without any token gets the same answer, not 401.
            given().header("Connection", "Upgrade").header("Upgrade", "websocket")
                    .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                    .get("/ws").then().statusCode(503).header("Retry-After", "1")
                    .contentType("application/problem+json").body("code", equalTo("TOO_MANY_CONNECTIONS"));
            assertThat(metrics.get("banter.realtime.connections.refused").counter().count())
                    .isEqualTo(refusedBefore + 2);

            // The connections held are untouched, and plain requests to other paths are not limited.
            first.send("{");
            first.await("error", e -> "MALFORMED_FRAME".equals(e.path("code").asText()));
            meera.request().get("/api/v1/me").then().statusCode(200);
        }

        await().atMost(Duration.ofSeconds(10))
                .until(() -> metrics.get("banter.realtime.connections").gauge().value() == 0.0);
        try (WsClient third = WsClient.connect(RestAssured.port, meera.accessToken())) {
            third.send("{\"type\":\"heartbeat\"}");
            third.assertNone("error", Duration.ofMillis(300));
        }
    }
}
