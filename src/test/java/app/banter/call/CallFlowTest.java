package app.banter.call;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.LiveKitWebhooks;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import livekit.LivekitRoom;

/**
 * A call from start to end through the API only, as the apps make it: what the service builds with the LiveKit SDK
 * (access tokens, protobuf RoomService requests), the webhooks it verifies with it, and the TURN credentials it signs.
 * Black-box, so that {@link CallFlowIT} runs it against the packaged and native application, where reflection and
 * resource rules can break the SDK and protobuf at run time.
 */
@QuarkusTest
class CallFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void resetStandIn() {
        LiveKitStandIn.resetToDefaults();
    }

    @Test
    void videoCallFromRingToHangUp() throws Exception {
        TestUser caller = TestUsers.register();
        TestUser callee = TestUsers.register();
        try (WsClient callerPhone = WsClient.connect(RestAssured.port, caller.accessToken());
                WsClient calleePhone = WsClient.connect(RestAssured.port, callee.accessToken())) {
            JsonNode started = JSON.readTree(caller.request()
                    .body(Map.of("calleeId", callee.id(), "type", "VIDEO")).post("/api/v1/calls").then()
                    .statusCode(201).body("call.status", equalTo("RINGING")).extract().asString());
            String callId = started.at("/call/id").asText();
            String room = "call-" + callId;
            assertLiveKitToken(started.path("token").asText(), caller, room);
            assertTurnCredential(started.at("/iceServers/0"), caller);

            LivekitRoom.CreateRoomRequest created = LivekitRoom.CreateRoomRequest.parseFrom(lastRequest("CreateRoom")
                    .getBody());
            assertThat(created.getName()).isEqualTo(room);
            assertThat(created.getMaxParticipants()).isEqualTo(2);

            assertThat(calleePhone.await("call.incoming").path("callId").asText()).isEqualTo(callId);
            String calleeToken = callee.request().post("/api/v1/calls/" + callId + "/accept").then().statusCode(200)
                    .body("call.status", equalTo("ANSWERED")).extract().path("token");
            assertLiveKitToken(calleeToken, callee, room);
            callerPhone.await("call.accepted");

            // Both join the room, as LiveKit reports it: webhooks signed by the SDK, checked by the service's SDK.
            LiveKitStandIn.participantsAnyRoom(List.of(caller.id().toString(), callee.id().toString()));
            Instant now = Instant.now();
            LiveKitWebhooks.participant("participant_joined", room, caller.id(), now).statusCode(200);
            LiveKitWebhooks.participant("participant_joined", room, callee.id(), now).statusCode(200);
            String forged = LiveKitWebhooks.json(LiveKitWebhooks.event("room_finished", room, now).build());
            LiveKitWebhooks.deliver(forged, LiveKitWebhooks.sign(forged, "not-the-livekit-api-secret"))
                    .statusCode(401);

            caller.request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200)
                    .body("status", equalTo("ENDED"));
            calleePhone.await("call.ended", event -> event.path("callId").asText().equals(callId));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(LivekitRoom.DeleteRoomRequest
                    .parseFrom(lastRequest("DeleteRoom").getBody()).getRoom()).isEqualTo(room));
        }
    }

    private static LoggedRequest lastRequest(String method) {
        List<LoggedRequest> requests = LiveKitStandIn.server()
                .findAll(postRequestedFor(urlPathEqualTo(LiveKitStandIn.PATH + method)));
        assertThat(requests).as(method).isNotEmpty();
        return requests.getLast();
    }

    /** An HS256 JWT signed with the API secret, for this user in this room only, publishing camera and microphone. */
    private static void assertLiveKitToken(String token, TestUser user, String room) throws Exception {
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(parts[2]).isEqualTo(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(hmac("HmacSHA256", LiveKitStandIn.API_SECRET, parts[0] + "." + parts[1])));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("iss").asText()).isEqualTo(LiveKitStandIn.API_KEY);
        assertThat(claims.path("sub").asText()).isEqualTo(user.id().toString());
        assertThat(claims.at("/video/room").asText()).isEqualTo(room);
        assertThat(claims.at("/video/roomJoin").asBoolean()).isTrue();
        assertThat(claims.at("/video/roomAdmin").asBoolean()).isFalse();
        assertThat(claims.at("/video/canPublishSources").toString()).contains("camera", "microphone");
    }

    /** COTURN's use-auth-secret scheme: "expiry:userId", base64(HMAC-SHA1(shared secret, username)). */
    private static void assertTurnCredential(JsonNode iceServer, TestUser user) throws Exception {
        String username = iceServer.path("username").asText();
        assertThat(username).endsWith(":" + user.id());
        assertThat(Long.parseLong(username.substring(0, username.indexOf(':'))))
                .isGreaterThan(Instant.now().getEpochSecond());
        String secret = ConfigProvider.getConfig().getValue("banter.turn.secret", String.class);
        assertThat(iceServer.path("credential").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(hmac("HmacSHA1", secret, username)));
    }

    private static byte[] hmac(String algorithm, String secret, String text) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }
}
