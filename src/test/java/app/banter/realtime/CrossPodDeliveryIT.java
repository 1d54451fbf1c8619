package app.banter.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.testsupport.SecondInstanceResource;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;

/**
 * Two pods of the packaged service on one PostgreSQL and Redis: the instance under test (A, on RestAssured's port)
 * and a second one (B) started by {@link SecondInstanceResource}.
 */
@QuarkusIntegrationTest
@WithTestResource(SecondInstanceResource.class)
class CrossPodDeliveryIT {

    @Test
    void eventsReachDevicesOnEitherPodAndADeadPodsUsersGoOffline() {
        int podA = RestAssured.port;
        int podB = SecondInstanceResource.port();
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        TestUser carl = TestUsers.register();
        Social.befriend(asha, ravi);
        Social.befriend(asha, carl);

        try (WsClient ashaOnA = WsClient.connect(podA, asha.accessToken());
                WsClient raviOnA = WsClient.connect(podA, ravi.accessToken());
                WsClient raviOnB = WsClient.connect(podB, ravi.accessToken())) {
            // Sent through A: reaches Ravi's device on B as well as the one on A.
            String id = Social.message(asha, ravi, "across pods").getString("id");
            for (WsClient device : new WsClient[] { raviOnB, raviOnA }) {
                JsonNode event = device.await("message.new", e -> id.equals(e.at("/message/id").asText()));
                assertThat(event.at("/message/text").asText()).isEqualTo("across pods");
            }

            // Sent through B: reaches Asha on A.
            RestAssured.given().port(podB).auth().oauth2(ravi.accessToken()).contentType("application/json")
                    .body(Map.of("recipientId", asha.id(), "text", "back from B")).post("/api/v1/messages")
                    .then().statusCode(201);
            ashaOnA.await("message.new", e -> "back from B".equals(e.at("/message/text").asText()));

            // Carl is connected to B only; B dies without closing anything. A's sweeper notices once the TTL lapses.
            WsClient carlOnB = WsClient.connect(podB, carl.accessToken());
            ashaOnA.await("presence", e -> carl.id().toString().equals(e.get("userId").asText())
                    && "online".equals(e.get("status").asText()));
            SecondInstanceResource.crash();
            JsonNode offline = ashaOnA.await("presence", e -> carl.id().toString().equals(e.get("userId").asText())
                    && "offline".equals(e.get("status").asText()));
            assertThat(offline.get("lastSeenAt").isNull()).isFalse();
            asha.request().queryParam("userIds", carl.id().toString()).get("/api/v1/presence").then()
                    .statusCode(200).body("[0].status", equalTo("offline"));
            carlOnB.close();
        }
    }
}
