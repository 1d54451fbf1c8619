package app.banter.room;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.LiveKitWebhooks;
import app.banter.testsupport.TestUsers.TestUser;
import io.restassured.response.ValidatableResponse;
import livekit.LivekitModels;
import livekit.LivekitWebhook.WebhookEvent;

/** Rooms driven through the API as apps drive them, and LiveKit webhooks signed as livekit-server signs them. */
final class RoomFixture {

    private RoomFixture() {
    }

    static Map<String, Object> roomRequest(int capacity) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", "Late night music");
        body.put("description", "Old Hindi songs");
        body.put("category", "music");
        body.put("language", "hi");
        body.put("capacity", capacity);
        body.put("visibility", "PUBLIC");
        return body;
    }

    /** Opens a public room hosted by {@code host}; returns its id. */
    static UUID open(TestUser host, int capacity) {
        return open(host, roomRequest(capacity));
    }

    static UUID open(TestUser host, Map<String, Object> request) {
        return UUID.fromString(host.request().body(request).post("/api/v1/rooms").then().statusCode(201).extract()
                .path("room.id"));
    }

    static ValidatableResponse join(TestUser user, UUID roomId) {
        return user.request().post("/api/v1/rooms/" + roomId + "/join").then();
    }

    static String token(TestUser user, UUID roomId) {
        return join(user, roomId).statusCode(200).extract().path("token");
    }

    static ValidatableResponse act(TestUser actor, UUID roomId, String path) {
        return actor.request().post("/api/v1/rooms/" + roomId + path).then();
    }

    static ValidatableResponse room(TestUser viewer, UUID roomId) {
        return viewer.request().get("/api/v1/rooms/" + roomId).then();
    }

    static String livekitRoom(UUID roomId) {
        return "room-" + roomId;
    }

    /** The claims of a LiveKit JWT, after checking it is signed with our API secret. */
    static JsonNode claims(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(LiveKitStandIn.API_SECRET.getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        String signature = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8)));
        if (!signature.equals(parts[2])) {
            throw new AssertionError("not signed with the LiveKit API secret");
        }
        return new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8));
    }

    static WebhookEvent.Builder event(String event, UUID roomId, Instant at) {
        return WebhookEvent.newBuilder().setEvent(event).setId("EV_" + UUID.randomUUID())
                .setCreatedAt(at.getEpochSecond())
                .setRoom(LivekitModels.Room.newBuilder().setName(livekitRoom(roomId)).setSid("RM_" + roomId));
    }

    static WebhookEvent participant(String event, UUID roomId, UUID userId, Instant at) {
        return event(event, roomId, at).setParticipant(LivekitModels.ParticipantInfo.newBuilder()
                .setIdentity(userId.toString()).setSid("PA_" + userId)).build();
    }

    static WebhookEvent track(String event, UUID roomId, UUID userId, String trackSid, boolean muted, Instant at) {
        return event(event, roomId, at).setParticipant(LivekitModels.ParticipantInfo.newBuilder()
                .setIdentity(userId.toString()).setSid("PA_" + userId))
                .setTrack(LiveKitStandIn.microphone(trackSid).toBuilder().setMuted(muted)).build();
    }

    static ValidatableResponse deliver(WebhookEvent event) {
        return LiveKitWebhooks.deliver(event);
    }
}
