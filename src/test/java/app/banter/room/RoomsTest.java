package app.banter.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.Uploads;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import livekit.LivekitRoom;

/** Opening, joining and leaving rooms, the tokens each role gets, and the RoomMembers port. */
@QuarkusTest
class RoomsTest {

    @Inject
    RoomMembers members;

    @AfterEach
    void reset() {
        LiveKitStandIn.resetToDefaults();
    }

    @Test
    void theHostOpensARoomAndListenersJoinWithSubscribeOnlyTokens() throws Exception {
        TestUser host = TestUsers.register();
        TestUser listener = TestUsers.register();
        Map<String, Object> request = RoomFixture.roomRequest(50);
        UUID cover = Uploads.completed(host, "ROOM_COVER", "image/png", Uploads.png(2048));
        request.put("coverMediaId", cover);
        JsonNode created = host.request().body(request).post("/api/v1/rooms").then().statusCode(201).extract()
                .as(JsonNode.class);
        UUID roomId = UUID.fromString(created.path("room").path("id").asText());
        String coverUrl = created.path("room").path("coverUrl").asText();
        assertThat(coverUrl).endsWith("/room-covers/" + cover);
        assertThat(Uploads.getBytes(coverUrl).statusCode()).as("public through the CDN origin").isEqualTo(200);
        request.put("coverMediaId", cover);
        TestUser other = TestUsers.register();
        other.request().body(request).post("/api/v1/rooms").then().statusCode(404);
        assertThat(created.path("session").path("role").asText()).isEqualTo("HOST");
        assertGrants(created.path("session").path("token").asText(), host.id(), roomId, true);

        LivekitRoom.CreateRoomRequest createRoom = LiveKitStandIn.received("CreateRoom",
                LivekitRoom.CreateRoomRequest.parser()).getLast();
        assertThat(createRoom.getName()).isEqualTo(RoomFixture.livekitRoom(roomId));
        assertThat(createRoom.getMaxParticipants()).isEqualTo(50);

        JsonNode session = RoomFixture.join(listener, roomId).statusCode(200).body("role", equalTo("LISTENER"))
                .extract().as(JsonNode.class);
        assertGrants(session.path("token").asText(), listener.id(), roomId, false);
        assertThat(members.presentRole(roomId, listener.id())).contains(RoomRole.LISTENER);
        assertThat(members.presentRole(roomId, host.id())).contains(RoomRole.HOST);

        RoomFixture.room(listener, roomId).statusCode(200).body("liveMemberCount", equalTo(2))
                .body("listenerCount", equalTo(1)).body("myRole", equalTo("LISTENER"))
                .body("speakers[0].role", equalTo("HOST")).body("host.id", equalTo(host.id().toString()));
        // Joining again while present renews the token and counts nobody twice.
        RoomFixture.join(listener, roomId).statusCode(200);
        RoomFixture.room(listener, roomId).statusCode(200).body("liveMemberCount", equalTo(2));

        RoomFixture.act(listener, roomId, "/leave").statusCode(204);
        assertThat(members.presentRole(roomId, listener.id())).isEmpty();
        RoomFixture.act(listener, roomId, "/leave").statusCode(404);
        RoomFixture.room(host, roomId).statusCode(200).body("liveMemberCount", equalTo(1));
        assertThat(members.presentRole(UUID.randomUUID(), host.id())).isEmpty();
    }

    @Test
    void broadcastReachesEveryPresentMemberAndNobodyElse() {
        TestUser host = TestUsers.register();
        TestUser listener = TestUsers.register();
        TestUser outsider = TestUsers.register();
        UUID roomId = RoomFixture.open(host, 10);
        try (WsClient hostWs = WsClient.connect(RestAssured.port, host.accessToken());
                WsClient listenerWs = WsClient.connect(RestAssured.port, listener.accessToken());
                WsClient outsiderWs = WsClient.connect(RestAssured.port, outsider.accessToken())) {
            RoomFixture.join(listener, roomId).statusCode(200);
            JsonNode joined = hostWs.await("room.member_joined");
            assertThat(joined.path("user").path("id").asText()).isEqualTo(listener.id().toString());
            assertThat(joined.path("liveMemberCount").asInt()).isEqualTo(2);

            members.broadcast(roomId, new RoomEvents.HandRaised(roomId, listener.id()));
            assertThat(hostWs.await("room.hand_raised").path("userId").asText()).isEqualTo(listener.id().toString());
            assertThat(listenerWs.await("room.hand_raised").path("roomId").asText()).isEqualTo(roomId.toString());
            outsiderWs.assertNone("room.hand_raised", java.time.Duration.ofMillis(300));
        }
    }

    @Test
    void oneLiveRoomPerHostAndCapacityWithinTheLimit() {
        TestUser host = TestUsers.register();
        host.request().body(RoomFixture.roomRequest(1_000_000)).post("/api/v1/rooms").then().statusCode(400)
                .body("code", equalTo("CAPACITY_TOO_LARGE"));
        UUID roomId = RoomFixture.open(host, 5);
        host.request().body(RoomFixture.roomRequest(5)).post("/api/v1/rooms").then().statusCode(409)
                .body("code", equalTo("ALREADY_HOSTING"));
        RoomFixture.act(host, roomId, "/end").statusCode(204);
        RoomFixture.open(host, 5);
    }

    /**
     * The grants of a room token: those on stage publish their microphone; listeners only subscribe, and are hidden, so
     * that LiveKit tells nobody in the room about them (the room's own views leave out those one is blocked with).
     */
    static void assertGrants(String token, UUID identity, UUID roomId, boolean publishes) throws Exception {
        JsonNode claims = RoomFixture.claims(token);
        JsonNode video = claims.path("video");
        assertThat(claims.path("sub").asText()).isEqualTo(identity.toString());
        assertThat(video.path("room").asText()).isEqualTo(RoomFixture.livekitRoom(roomId));
        assertThat(video.path("roomJoin").asBoolean()).isTrue();
        assertThat(video.path("canSubscribe").asBoolean()).isTrue();
        assertThat(video.path("canPublish").asBoolean()).isEqualTo(publishes);
        assertThat(video.path("canPublishData").asBoolean()).isFalse();
        assertThat(video.path("hidden").asBoolean()).as("hidden").isEqualTo(!publishes);
        for (String admin : List.of("roomAdmin", "roomCreate", "roomList", "roomRecord", "ingressAdmin",
                "canUpdateOwnMetadata")) {
            assertThat(video.path(admin).asBoolean()).as(admin).isFalse();
        }
        List<String> sources = new ArrayList<>();
        video.path("canPublishSources").forEach(source -> sources.add(source.asText()));
        assertThat(sources).isEqualTo(publishes ? List.of("microphone") : List.of());
    }

    @Test
    void anInvitationIntoAnInviteOnlyRoomIsANotification() {
        TestUser host = TestUsers.register();
        TestUser guest = TestUsers.register();
        Map<String, Object> request = RoomFixture.roomRequest(10);
        request.put("visibility", "INVITE_ONLY");
        UUID roomId = RoomFixture.open(host, request);

        host.request().body(Map.of("userId", guest.id())).post("/api/v1/rooms/" + roomId + "/invites").then()
                .statusCode(204);

        guest.request().get("/api/v1/notifications").then().body("items[0].kind", equalTo("room.invited"))
                .body("items[0].data.roomId", equalTo(roomId.toString()))
                .body("items[0].data.userId", equalTo(host.id().toString()));
    }

    /**
     * Inviting someone again lets them in as before but tells them nothing new: each invitation is one notification,
     * however often the host asks. Someone who blocked the host, or whom the host blocked, is as absent as nobody
     * (404) and hears nothing, as with direct messages.
     */
    @Test
    void aRepeatedInvitationIsNotifiedOnceAndBlocksKeepInvitationsAway() {
        TestUser host = TestUsers.register();
        TestUser guest = TestUsers.register();
        TestUser blocker = TestUsers.register();
        TestUser blocked = TestUsers.register();
        Map<String, Object> request = RoomFixture.roomRequest(10);
        request.put("visibility", "INVITE_ONLY");
        UUID roomId = RoomFixture.open(host, request);
        Social.block(blocker, host);
        Social.block(host, blocked);

        for (int attempt = 0; attempt < 3; attempt++) {
            host.request().body(Map.of("userId", guest.id())).post("/api/v1/rooms/" + roomId + "/invites").then()
                    .statusCode(204);
        }
        for (TestUser apart : List.of(blocker, blocked)) {
            host.request().body(Map.of("userId", apart.id())).post("/api/v1/rooms/" + roomId + "/invites").then()
                    .statusCode(404).body("code", equalTo("NOT_FOUND"));
        }

        guest.request().get("/api/v1/notifications").then().statusCode(200)
                .body("items.findAll { it.kind == 'room.invited' }.size()", equalTo(1));
        RoomFixture.join(guest, roomId).statusCode(200);
        for (TestUser apart : List.of(blocker, blocked)) {
            apart.request().get("/api/v1/notifications").then().statusCode(200)
                    .body("items.findAll { it.kind == 'room.invited' }", empty());
        }
    }

    /** Nobody joins an ended room, so nobody is invited into one or told of it; the host is not sent to join it. */
    @Test
    void nobodyIsInvitedIntoAnEndedRoom() {
        TestUser host = TestUsers.register();
        TestUser guest = TestUsers.register();
        Map<String, Object> request = RoomFixture.roomRequest(10);
        request.put("visibility", "INVITE_ONLY");
        UUID roomId = RoomFixture.open(host, request);
        RoomFixture.act(host, roomId, "/end").statusCode(204);

        invite(host, roomId, guest).statusCode(409).body("code", equalTo("ROOM_ENDED"));
        guest.request().get("/api/v1/notifications").then().statusCode(200)
                .body("items.findAll { it.kind == 'room.invited' }", empty());
        RoomFixture.room(guest, roomId).statusCode(404);
    }

    /**
     * Each new invitation notifies the invitee with the title the host wrote: a host's rooms send
     * banter.rooms.invites-per-hour (50) an hour, their moderators' included, so that appointing moderators does not
     * multiply them. Inviting someone again notifies nobody and is not counted.
     */
    @Test
    void invitationsIntoAHostsRoomsAreRateLimitedModeratorsIncluded() {
        TestUser host = TestUsers.register();
        TestUser moderator = TestUsers.register();
        Map<String, Object> request = RoomFixture.roomRequest(100);
        request.put("visibility", "INVITE_ONLY");
        UUID roomId = RoomFixture.open(host, request);
        invite(host, roomId, moderator).statusCode(204);
        RoomFixture.join(moderator, roomId).statusCode(200);
        RoomFixture.act(host, roomId, "/members/" + moderator.id() + "/promote").statusCode(204);
        for (int i = 1; i < 50; i++) {
            invite(i % 2 == 0 ? host : moderator, roomId, TestUsers.register()).statusCode(204);
        }
        invite(host, roomId, moderator).statusCode(204);

        TestUser oneTooMany = TestUsers.register();
        invite(moderator, roomId, oneTooMany).statusCode(429).body("code", equalTo("RATE_LIMITED"))
                .header("Retry-After", notNullValue());
        invite(host, roomId, oneTooMany).statusCode(429);
        oneTooMany.request().get("/api/v1/notifications").then().statusCode(200)
                .body("items.findAll { it.kind == 'room.invited' }", empty());
        RoomFixture.room(oneTooMany, roomId).statusCode(404);
    }

    private static ValidatableResponse invite(TestUser actor, UUID roomId, TestUser invitee) {
        return actor.request().body(Map.of("userId", invitee.id())).post("/api/v1/rooms/" + roomId + "/invites")
                .then();
    }
}
