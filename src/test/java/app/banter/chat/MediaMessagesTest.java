package app.banter.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.AzuriteResource;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.Uploads;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;

/** Images and voice notes in direct messages: uploaded media, read through short-lived URLs by the two members. */
@QuarkusTest
class MediaMessagesTest {

    @Inject
    EntityManager entityManager;

    /**
     * An image given as a URL is one of our media only: any other host would learn the address of both members when
     * their apps show it.
     */
    @Test
    void anImageUrlOutsideOurMediaIsRefusedAndSendsNothing() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        String ours = AzuriteResource.blobEndpoint();
        String host = URI.create(ours).getHost();
        for (String elsewhere : List.of("https://cdn.example/p.jpg", "https://tracker.example/pixel.gif?to=ravi",
                ours.replace(host, host + ".evil.example") + "/avatars/p.jpg")) {
            asha.request().body(Map.of("recipientId", ravi.id(), "mediaUrl", elsewhere, "text", "look"))
                    .post("/api/v1/messages").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"))
                    .body("violations.field", hasItem("mediaUrl"));
        }
        ravi.request().get("/api/v1/conversations").then().statusCode(200).body("items.size()", equalTo(0));

        String ourImage = ours + "/avatars/" + UUID.randomUUID();
        asha.request().body(Map.of("recipientId", ravi.id(), "mediaUrl", ourImage)).post("/api/v1/messages").then()
                .statusCode(201).body("kind", equalTo("IMAGE")).body("mediaUrl", equalTo(ourImage));
    }

    @Test
    void anUploadedImageIsSentAndOnlyTheTwoMembersGetItsReadUrl() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        TestUser stranger = TestUsers.register();
        Social.befriend(asha, ravi);
        byte[] photo = Uploads.jpeg(3_000);
        UUID media = Uploads.completed(asha, "CHAT_IMAGE", "image/jpeg", photo);

        JsonPath sent = asha.request().body(Map.of("recipientId", ravi.id(), "mediaId", media, "text", "sunset"))
                .post("/api/v1/messages").then().statusCode(201).body("kind", equalTo("IMAGE"))
                .body("mediaId", equalTo(media.toString())).body("text", equalTo("sunset")).extract().jsonPath();
        assertReadable(sent.getString("mediaUrl"), photo);
        assertThat(Instant.parse(sent.getString("mediaUrlExpiresAt"))).isAfter(Instant.now());
        String conversationId = sent.getString("conversationId");

        // The recipient gets a fresh URL in the conversation and in the list.
        String ravisUrl = ravi.request().get("/api/v1/conversations/" + conversationId + "/messages").then()
                .statusCode(200).body("items[0].mediaId", equalTo(media.toString())).extract()
                .path("items[0].mediaUrl");
        assertReadable(ravisUrl, photo);
        assertReadable(ravi.request().get("/api/v1/conversations").then().statusCode(200)
                .body("items[0].lastMessage.kind", equalTo("IMAGE")).extract().path("items[0].lastMessage.mediaUrl"),
                photo);
        // A third user sees neither the conversation nor any URL, and cannot use the media id.
        stranger.request().get("/api/v1/conversations/" + conversationId + "/messages").then().statusCode(404);
        stranger.request().get("/api/v1/conversations").then().statusCode(200)
                .body("items.size()", equalTo(0));
        stranger.request().body(Map.of("recipientId", asha.id(), "mediaId", media)).post("/api/v1/messages").then()
                .statusCode(403);
        Social.befriend(stranger, ravi);
        stranger.request().body(Map.of("recipientId", ravi.id(), "mediaId", media)).post("/api/v1/messages").then()
                .statusCode(404);
        // Without the signature the blob is not readable.
        String bare = ravisUrl.substring(0, ravisUrl.indexOf('?'));
        assertThat(Uploads.get(bare).statusCode()).isIn(403, 404);

        // Single use; deleting the message releases the upload for the cleanup.
        asha.request().body(Map.of("recipientId", ravi.id(), "mediaId", media)).post("/api/v1/messages").then()
                .statusCode(400).body("code", equalTo("MEDIA_ALREADY_USED"));
        asha.request().delete("/api/v1/messages/" + sent.getString("id")).then().statusCode(204);
        ravi.request().get("/api/v1/conversations/" + conversationId + "/messages").then()
                .body("items[0].deleted", equalTo(true)).body("items[0].mediaUrl", nullValue())
                .body("items[0].mediaId", nullValue());
        assertThat(attached(media)).isFalse();
    }

    @Test
    void aVoiceNoteCarriesItsDurationWithinBounds() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        byte[] note = Uploads.m4a(2_500);
        UUID media = Uploads.completed(asha, "VOICE_MESSAGE", "audio/mp4", note);

        refused(asha, Map.of("recipientId", ravi.id(), "kind", "VOICE", "mediaId", media), "INVALID_DURATION");
        refused(asha, Map.of("recipientId", ravi.id(), "kind", "VOICE", "mediaId", media, "durationSeconds", 301),
                "INVALID_DURATION");
        refused(asha, Map.of("recipientId", ravi.id(), "kind", "VOICE", "mediaId", media, "durationSeconds", 0),
                "VALIDATION_FAILED");
        refused(asha, Map.of("recipientId", ravi.id(), "kind", "VOICE", "mediaId", media, "durationSeconds", 12,
                "text", "hello"), "INVALID_MESSAGE");
        refused(asha, Map.of("recipientId", ravi.id(), "kind", "VOICE", "durationSeconds", 12), "INVALID_MESSAGE");
        refused(asha, Map.of("recipientId", ravi.id(), "kind", "TEXT", "text", "x", "mediaId", media),
                "INVALID_MESSAGE");
        refused(asha, Map.of("recipientId", ravi.id(), "text", "x", "durationSeconds", 3), "INVALID_MESSAGE");
        refused(asha, Map.of("recipientId", ravi.id(), "kind", "VOICE", "mediaId", media, "durationSeconds", "12s"),
                null);
        // A voice note is not an image, nor an image a voice note.
        refused(asha, Map.of("recipientId", ravi.id(), "kind", "IMAGE", "mediaId", media), "MEDIA_WRONG_PURPOSE");
        UUID image = Uploads.completed(asha, "CHAT_IMAGE", "image/png", Uploads.png(400));
        refused(asha, Map.of("recipientId", ravi.id(), "kind", "VOICE", "mediaId", image, "durationSeconds", 5),
                "MEDIA_WRONG_PURPOSE");
        UUID avatar = Uploads.completed(asha, "AVATAR", "image/png", Uploads.png(400));
        refused(asha, Map.of("recipientId", ravi.id(), "mediaId", avatar), "MEDIA_WRONG_PURPOSE");
        long before = messages(asha.id());
        assertThat(attached(media)).isFalse();
        assertThat(before).isZero();

        JsonPath sent = asha.request().body(Map.of("recipientId", ravi.id(), "kind", "VOICE", "mediaId", media,
                "durationSeconds", 12)).post("/api/v1/messages").then().statusCode(201)
                .body("kind", equalTo("VOICE")).body("durationSeconds", equalTo(12)).body("text", nullValue())
                .extract().jsonPath();
        String url = ravi.request().get("/api/v1/conversations/" + sent.getString("conversationId") + "/messages")
                .then().statusCode(200).body("items[0].durationSeconds", equalTo(12)).extract()
                .path("items[0].mediaUrl");
        assertReadable(url, note);
        asha.request().body(Map.of("text", "caption")).patch("/api/v1/messages/" + sent.getString("id")).then()
                .statusCode(409).body("code", equalTo("MESSAGE_NOT_EDITABLE"));
    }

    @Test
    void anUploadThatIsNotCompletedCannotBeSent() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        Social.befriend(asha, ravi);
        JsonPath ticket = Uploads.issue(asha, "CHAT_IMAGE", "image/jpeg", 500);
        assertThat(Uploads.put(ticket, "image/jpeg", Uploads.jpeg(500)).statusCode()).isEqualTo(201);
        refused(asha, Map.of("recipientId", ravi.id(), "mediaId", ticket.getString("mediaId")), "MEDIA_NOT_READY");
        assertThat(messages(asha.id())).isZero();
    }

    private static void assertReadable(String url, byte[] expected) {
        HttpResponse<byte[]> read = Uploads.getBytes(url);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(expected);
    }

    private static void refused(TestUser sender, Map<String, Object> body, String code) {
        var response = sender.request().body(new HashMap<>(body)).post("/api/v1/messages").then().statusCode(400);
        if (code != null) {
            response.body("code", equalTo(code));
        }
    }

    private boolean attached(UUID mediaId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("select attached_at is not null from media where id = ?1")
                .setParameter(1, mediaId).getSingleResult().equals(Boolean.TRUE));
    }

    private long messages(UUID senderId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from messages where sender_id = ?1").setParameter(1, senderId)
                .getSingleResult()).longValue());
    }
}
