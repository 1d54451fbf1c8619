package app.banter.testsupport;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import com.google.protobuf.util.JsonFormat;

import io.livekit.server.AccessToken;
import io.restassured.response.ValidatableResponse;
import livekit.LivekitModels;
import livekit.LivekitWebhook.WebhookEvent;

/**
 * Webhooks built and signed the way livekit-server signs them: the body is the event as protobuf JSON, and the
 * Authorization header is a bare HS256 JWT from the API key and secret whose sha256 claim is the base64 SHA-256
 * of the body.
 */
public final class LiveKitWebhooks {

    private LiveKitWebhooks() {
    }

    public static ValidatableResponse participant(String event, String room, UUID userId, Instant at) {
        return deliver(event(event, room, at).setParticipant(LivekitModels.ParticipantInfo.newBuilder()
                .setIdentity(userId.toString()).setSid("PA_" + userId.toString().substring(0, 8))).build());
    }

    public static ValidatableResponse roomFinished(String room, Instant at) {
        return deliver(event("room_finished", room, at).build());
    }

    public static WebhookEvent.Builder event(String event, String room, Instant at) {
        return WebhookEvent.newBuilder().setEvent(event).setId("EV_" + UUID.randomUUID())
                .setCreatedAt(at.getEpochSecond())
                .setRoom(LivekitModels.Room.newBuilder().setName(room).setSid("RM_test"));
    }

    public static ValidatableResponse deliver(WebhookEvent event) {
        String body = json(event);
        return deliver(body, sign(body, LiveKitStandIn.API_SECRET));
    }

    public static ValidatableResponse deliver(String body, String authorization) {
        return given().contentType("application/webhook+json").header("Authorization", authorization).body(body)
                .post("/api/v1/webhooks/livekit").then();
    }

    public static String json(WebhookEvent event) {
        try {
            return JsonFormat.printer().print(event);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(String body, String secret) {
        try {
            AccessToken token = new AccessToken(LiveKitStandIn.API_KEY, secret);
            token.setSha256(Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8))));
            token.setTtl(600_000);
            return token.toJwt();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
