package app.banter.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.testsupport.OpenApiDocument;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

/** The test profile sets a presence TTL of 4 s and sweeps every second. */
@QuarkusTest
class PresenceTest {

    @Inject
    Presence presence;

    @Test
    void friendsSeeOnlineBusyAndOfflineAndStrangersSeeNothing() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        TestUser stranger = TestUsers.register();
        Social.befriend(asha, ravi);
        try (WsClient ashaPhone = WsClient.connect(RestAssured.port, asha.accessToken())) {
            status(asha, ravi).body("[0].status", equalTo("offline"));
            WsClient raviPhone = WsClient.connect(RestAssured.port, ravi.accessToken());
            JsonNode online = ashaPhone.await("presence", e -> ravi.id().toString().equals(e.get("userId").asText()));
            assertThat(online.get("status").asText()).isEqualTo("online");
            status(asha, ravi).body("[0].status", equalTo("online"));

            presence.markBusy(ravi.id(), Duration.ofMinutes(5));
            JsonNode busy = ashaPhone.await("presence");
            assertThat(busy.get("status").asText()).isEqualTo("busy");
            status(asha, ravi).body("[0].status", equalTo("busy"));
            presence.clearBusy(ravi.id());
            JsonNode onlineAgain = ashaPhone.await("presence");
            assertThat(onlineAgain.get("status").asText()).isEqualTo("online");

            raviPhone.close();
            JsonNode offline = ashaPhone.await("presence", e -> "offline".equals(e.get("status").asText()));
            assertThat(offline.get("lastSeenAt").isNull()).isFalse();
            // Online and busy carry no lastSeenAt: every frame is what the AsyncAPI document (and the client's types)
            // say a presence event is.
            for (JsonNode frame : List.of(online, busy, onlineAgain, offline)) {
                assertThat(asyncApiViolations(frame)).as("%s against /asyncapi.json", frame).isEmpty();
            }
            status(asha, ravi).body("[0].status", equalTo("offline")).body("[0].lastSeenAt", notNullValue());

            // Strangers learn nothing, not even offline.
            stranger.request().queryParam("userIds", asha.id() + "," + ravi.id()).get("/api/v1/presence").then()
                    .statusCode(200).body("", hasSize(0));
        }
    }

    @Test
    void aClientThatStopsBeatingGoesOfflineAfterTheTtlAndOneThatBeatsStays() {
        TestUser asha = TestUsers.register();
        TestUser silent = TestUsers.register();
        TestUser beating = TestUsers.register();
        Social.befriend(asha, silent);
        Social.befriend(asha, beating);
        WsClient silentPhone = WsClient.connect(RestAssured.port, silent.accessToken()).stopBeating();
        try (WsClient beatingPhone = WsClient.connect(RestAssured.port, beating.accessToken());
                WsClient ashaPhone = WsClient.connect(RestAssured.port, asha.accessToken())) {
            long start = System.nanoTime();
            // The silent client never beats and never closes: it is gone as far as presence can tell.
            while (Duration.ofNanos(System.nanoTime() - start).toSeconds() < 7) {
                beatingPhone.send("{\"type\":\"heartbeat\"}");
                sleep(1000);
            }
            JsonNode offline = ashaPhone.await("presence",
                    e -> silent.id().toString().equals(e.get("userId").asText())
                            && "offline".equals(e.get("status").asText()));
            assertThat(offline.get("lastSeenAt").isNull()).isFalse();
            status(asha, silent).body("[0].status", equalTo("offline")).body("[0].lastSeenAt", notNullValue());
            status(asha, beating).body("[0].status", equalTo("online"));

            // A beat after lapsing brings it back.
            silentPhone.send("{\"type\":\"heartbeat\"}");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> status(asha, silent)
                    .body("[0].status", equalTo("online")));
        } finally {
            silentPhone.close();
        }
    }

    @Test
    void presenceAnswersAtMostAHundredUsersInOneCall() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        List<UUID> ids = new ArrayList<>();
        ids.add(ravi.id());
        ids.add(asha.id());
        while (ids.size() < 100) {
            ids.add(UUID.randomUUID());
        }
        String list = ids.stream().map(UUID::toString).collect(Collectors.joining(","));
        asha.request().queryParam("userIds", list).get("/api/v1/presence").then().statusCode(200)
                .body("", hasSize(2));
        asha.request().queryParam("userIds", list + "," + UUID.randomUUID()).get("/api/v1/presence").then()
                .statusCode(400);
        asha.request().queryParam("userIds", "not-a-uuid").get("/api/v1/presence").then().statusCode(400);
        asha.request().get("/api/v1/presence").then().statusCode(400);
    }

    /** What is wrong with a frame against the payload of the served AsyncAPI document's message of its type. */
    private static List<String> asyncApiViolations(JsonNode frame) {
        OpenApiDocument asyncApi = new OpenApiDocument(RestAssured.get("/asyncapi.json").then().statusCode(200)
                .extract().asString());
        for (JsonNode message : asyncApi.root().path("components").path("messages")) {
            if (message.path("name").asText().equals(frame.path("type").asText())) {
                return asyncApi.violations(frame, message.path("payload"));
            }
        }
        return List.of("no message named " + frame.path("type"));
    }

    private static ValidatableResponse status(TestUser viewer, TestUser subject) {
        return viewer.request().queryParam("userIds", subject.id().toString()).get("/api/v1/presence").then()
                .statusCode(200);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
