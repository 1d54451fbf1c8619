package app.banter.call;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.call.CallFixture.Party;
import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.LogCapture;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import livekit.LivekitRoom;

@QuarkusTest
class CallLifecycleTest {

    @Inject
    CallFixture fixture;

    @Inject
    CallReconciler reconciler;

    @AfterEach
    void reset() {
        LiveKitStandIn.resetToDefaults();
    }

    @Test
    void ringAcceptAndHangUp() throws Exception {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            ValidatableResponse started = caller.user().request()
                    .body(Map.of("calleeId", callee.user().id(), "type", "AUDIO")).post("/api/v1/calls").then()
                    .statusCode(201)
                    .body("call.status", equalTo("RINGING"))
                    .body("call.ratePerMinute", equalTo(10))
                    .body("livekitUrl", equalTo("ws://127.0.0.1:7880"))
                    .body("iceServers[0].username", org.hamcrest.Matchers.endsWith(":" + caller.user().id()));
            String callId = started.extract().path("call.id");
            assertToken(started.extract().path("token"), caller.user().id(), "call-" + callId, List.of("microphone"));

            byte[] created = LiveKitStandIn.server().findAll(postRequestedFor(urlPathEqualTo(
                    LiveKitStandIn.PATH + "CreateRoom"))).getLast().getBody();
            LivekitRoom.CreateRoomRequest room = LivekitRoom.CreateRoomRequest.parseFrom(created);
            assertThat(room.getName()).isEqualTo("call-" + callId);
            assertThat(room.getMaxParticipants()).isEqualTo(2);
            assertThat(room.getDepartureTimeout()).isEqualTo(20);

            JsonNode incoming = callee.ws().await("call.incoming");
            assertThat(incoming.path("callId").asText()).isEqualTo(callId);
            assertThat(incoming.path("caller").path("id").asText()).isEqualTo(caller.user().id().toString());
            assertThat(incoming.toString()).doesNotContain(caller.user().phone());
            caller.user().request().get("/api/v1/presence?userIds=" + callee.user().id()).then().statusCode(200);

            ValidatableResponse accepted = callee.user().request().post("/api/v1/calls/" + callId + "/accept").then()
                    .statusCode(200).body("call.status", equalTo("ANSWERED"));
            assertToken(accepted.extract().path("token"), callee.user().id(), "call-" + callId,
                    List.of("microphone"));
            caller.ws().await("call.accepted");

            callee.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200)
                    .body("status", equalTo("ENDED"));
            caller.ws().await("call.ended");
            // Terminal states never change.
            callee.user().request().post("/api/v1/calls/" + callId + "/accept").then().statusCode(409)
                    .body("code", equalTo("CALL_ENDED"));
            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200)
                    .body("status", equalTo("ENDED"));
            caller.user().request().get("/api/v1/calls").then().statusCode(200).body("items[0].id", equalTo(callId));
            assertThat(fixture.coins(caller.user()).held()).isZero();
        }
    }

    @Test
    void videoTokensMayPublishTheCamera() throws Exception {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            String token = caller.user().request().body(Map.of("calleeId", callee.user().id(), "type", "VIDEO"))
                    .post("/api/v1/calls").then().statusCode(201).body("call.ratePerMinute", equalTo(20))
                    .extract().path("token");
            JsonNode claims = claims(token);
            assertThat(claims.path("video").path("canPublishSources").toString()).contains("microphone", "camera");
        }
    }

    @Test
    void rejectCancelAndMissedReleaseTheHold() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            String rejected = fixture.start(caller, callee, "AUDIO");
            assertThat(fixture.coins(caller.user()).held()).isEqualTo(10);
            callee.user().request().post("/api/v1/calls/" + rejected + "/reject").then().statusCode(200)
                    .body("status", equalTo("REJECTED"));
            caller.ws().await("call.rejected");
            assertThat(fixture.coins(caller.user()).held()).isZero();

            String cancelled = fixture.start(caller, callee, "AUDIO");
            callee.user().request().post("/api/v1/calls/" + cancelled + "/cancel").then().statusCode(403);
            caller.user().request().post("/api/v1/calls/" + cancelled + "/cancel").then().statusCode(200)
                    .body("status", equalTo("CANCELLED"));
            callee.ws().await("call.ended", e -> e.path("callId").asText().equals(cancelled));

            String missed = fixture.start(caller, callee, "AUDIO");
            fixture.elapse(UUID.fromString(missed), Duration.ofSeconds(46));
            reconciler.reconcile();
            caller.user().request().get("/api/v1/calls/" + missed).then().body("status", equalTo("MISSED"));
            assertThat(fixture.coins(caller.user()).held()).isZero();
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(100);
        }
    }

    @Test
    void whoCannotBeCalled() {
        try (Party caller = fixture.online(); Party callee = fixture.online(); Party third = fixture.online()) {
            TestUser offline = TestUsers.register();
            call(caller.user(), offline.id()).statusCode(409).body("code", equalTo("USER_OFFLINE"));
            call(caller.user(), caller.user().id()).statusCode(400);
            call(caller.user(), UUID.randomUUID()).statusCode(404);

            String first = fixture.start(caller, callee, "AUDIO");
            call(third.user(), callee.user().id()).statusCode(409).body("code", equalTo("USER_BUSY"));
            call(third.user(), caller.user().id()).statusCode(409).body("code", equalTo("USER_BUSY"));
            call(caller.user(), third.user().id()).statusCode(409).body("code", equalTo("ALREADY_IN_CALL"));
            caller.user().request().post("/api/v1/calls/" + first + "/cancel").then().statusCode(200);

            fixture.leaveCoins(third.user(), 9);
            call(third.user(), callee.user().id()).statusCode(402).body("code", equalTo("INSUFFICIENT_BALANCE"));
            assertThat(fixture.coins(third.user()).held()).isZero();
        }
    }

    /**
     * A caller who cannot pay the first minute is refused before anything about the callee is looked at: the same
     * 402 whether the callee is offline, online and free, in a call, or restricted, so that calling is no free and
     * unseen way to learn a stranger's presence (friends-only) or standing. Nothing rings and nothing is held.
     */
    @Test
    void aCallerWhoCannotPayLearnsNothingAboutTheCallee() {
        try (Party caller = fixture.online(); Party free = fixture.online(); Party talking = fixture.online();
                Party other = fixture.online(); Party restricted = fixture.online()) {
            TestUser offline = TestUsers.register();
            fixture.start(other, talking, "AUDIO");
            restrict(restricted.user());
            fixture.leaveCoins(caller.user(), 9);

            for (UUID callee : List.of(offline.id(), free.user().id(), talking.user().id(),
                    restricted.user().id())) {
                call(caller.user(), callee).statusCode(402).body("code", equalTo("INSUFFICIENT_BALANCE"))
                        .body("detail", equalTo("Not enough coins for the first minute of a call"));
            }
            assertThat(fixture.coins(caller.user()).held()).isZero();
            free.ws().assertNone("call.incoming", Duration.ofMillis(300));
        }
    }

    /** A callee under a moderation measure looks offline to a caller who can pay: their standing is not told. */
    @Test
    void aRestrictedCalleeLooksOffline() {
        try (Party caller = fixture.online(); Party restricted = fixture.online()) {
            restrict(restricted.user());
            call(caller.user(), restricted.user().id()).statusCode(409).body("code", equalTo("USER_OFFLINE"))
                    .body("detail", equalTo("This person is offline"));
            assertThat(fixture.coins(caller.user()).held()).isZero();
        }
    }

    @Test
    void blockedUsersCannotCallEachOther() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            Social.block(callee.user(), caller.user());
            call(caller.user(), callee.user().id()).statusCode(404);
            call(callee.user(), caller.user().id()).statusCode(409).body("code", equalTo("USER_BLOCKED"));
            LiveKitStandIn.server().verify(0, postRequestedFor(urlPathEqualTo(LiveKitStandIn.PATH + "CreateRoom")));
        }
    }

    @Test
    void nobodyElseCanReadAcceptOrEndTheCall() {
        try (Party caller = fixture.online(); Party callee = fixture.online(); Party stranger = fixture.online()) {
            String callId = fixture.start(caller, callee, "AUDIO");
            stranger.user().request().get("/api/v1/calls/" + callId).then().statusCode(404);
            stranger.user().request().post("/api/v1/calls/" + callId + "/accept").then().statusCode(404);
            stranger.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(404);
            stranger.user().request().get("/api/v1/calls").then().body("items", hasSize(0));
            caller.user().request().post("/api/v1/calls/" + callId + "/accept").then().statusCode(403);
            caller.user().request().get("/api/v1/calls/" + callId).then().body("status", equalTo("RINGING"));
        }
    }

    @Test
    void mediaServerDownFailsTheCallAndReleasesTheHold() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            LiveKitStandIn.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock
                    .post(urlPathEqualTo(LiveKitStandIn.PATH + "CreateRoom"))
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
            int deletesBefore = LiveKitStandIn.server()
                    .findAll(postRequestedFor(urlPathEqualTo(LiveKitStandIn.PATH + "DeleteRoom"))).size();
            try (LogCapture log = LogCapture.start()) {
                call(caller.user(), callee.user().id()).statusCode(502)
                        .body("code", equalTo("MEDIA_SERVER_UNAVAILABLE"))
                        .body("title", equalTo("Bad Gateway"));
                // The operator learns which LiveKit could not be reached.
                assertThat(log.warnings()).anySatisfy(line -> assertThat(line.message())
                        .contains("CreateRoom").contains(LiveKitStandIn.server().baseUrl()).contains("503"));
            }
            assertThat(fixture.coins(caller.user()).held()).isZero();
            caller.user().request().get("/api/v1/calls").then().body("items[0].status", equalTo("FAILED"));
            // Not asked a second time to delete the room it just failed to create (a slow LiveKit doubled the wait).
            assertThat(LiveKitStandIn.server()
                    .findAll(postRequestedFor(urlPathEqualTo(LiveKitStandIn.PATH + "DeleteRoom"))))
                    .hasSize(deletesBefore);
            LiveKitStandIn.resetToDefaults();
            call(caller.user(), callee.user().id()).statusCode(201);
        }
    }

    @Test
    void badRequests() {
        TestUser me = TestUsers.register();
        me.request().body(Map.of("calleeId", "x", "type", "AUDIO")).post("/api/v1/calls").then().statusCode(400);
        me.request().body(Map.of("calleeId", UUID.randomUUID(), "type", "HOLOGRAM")).post("/api/v1/calls").then()
                .statusCode(400);
        given().contentType("application/json").body(Map.of()).post("/api/v1/calls").then().statusCode(401);
    }

    private static void restrict(TestUser user) {
        TestUsers.moderator().request().body(Map.of("reason", "spam wave"))
                .post("/api/v1/moderation/users/" + user.id() + "/restrict").then().statusCode(200);
    }

    private static ValidatableResponse call(TestUser caller, UUID calleeId) {
        return caller.request().body(Map.of("calleeId", calleeId, "type", "AUDIO")).post("/api/v1/calls").then();
    }

    private static void assertToken(String token, UUID identity, String room, List<String> sources)
            throws Exception {
        JsonNode claims = claims(token);
        assertThat(claims.path("sub").asText()).isEqualTo(identity.toString());
        assertThat(claims.path("iss").asText()).isEqualTo(LiveKitStandIn.API_KEY);
        assertThat(claims.path("video").path("room").asText()).isEqualTo(room);
        assertThat(claims.path("video").path("roomJoin").asBoolean()).isTrue();
        assertThat(claims.path("video").path("roomAdmin").asBoolean()).isFalse();
        assertThat(claims.path("video").path("canPublishData").asBoolean()).isFalse();
        List<String> granted = new java.util.ArrayList<>();
        claims.path("video").path("canPublishSources").forEach(s -> granted.add(s.asText()));
        assertThat(granted).containsExactlyInAnyOrderElementsOf(sources);
        long secondsLeft = claims.path("exp").asLong() - java.time.Instant.now().getEpochSecond();
        assertThat(secondsLeft).isBetween(1L, 600L);
    }

    private static JsonNode claims(String jwt) throws Exception {
        return new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                StandardCharsets.UTF_8));
    }
}
