package app.banter.room;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.testsupport.Concurrently;
import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitRoom;
import livekit.LivekitRoom.MuteRoomTrackRequest;
import livekit.LivekitRoom.UpdateParticipantRequest;

/** Every permission rule of a room, and that each permission change reaches LiveKit. */
@QuarkusTest
class RoomModerationTest {

    @Inject
    RoomMembers members;

    @Inject
    RoomRepository rooms;

    @Inject
    RoomReconciler reconciler;

    @AfterEach
    void reset() {
        LiveKitStandIn.resetToDefaults();
    }

    /** A room with a host, a moderator, a speaker and a listener, all present. */
    private record Cast(UUID roomId, TestUser host, TestUser moderator, TestUser speaker, TestUser listener) {
    }

    private static Cast cast() {
        TestUser host = TestUsers.register();
        TestUser moderator = TestUsers.register();
        TestUser speaker = TestUsers.register();
        TestUser listener = TestUsers.register();
        UUID roomId = RoomFixture.open(host, 20);
        for (TestUser user : List.of(moderator, speaker, listener)) {
            RoomFixture.join(user, roomId).statusCode(200).body("role", equalTo("LISTENER"));
        }
        RoomFixture.act(host, roomId, "/members/" + moderator.id() + "/promote").statusCode(204);
        RoomFixture.act(speaker, roomId, "/hand").statusCode(204);
        RoomFixture.act(moderator, roomId, "/members/" + speaker.id() + "/invite-to-speak").statusCode(204);
        RoomFixture.act(speaker, roomId, "/speak").statusCode(204);
        return new Cast(roomId, host, moderator, speaker, listener);
    }

    @Test
    void aListenerCannotModerateAndAModeratorCannotTouchTheHost() {
        Cast c = cast();
        UUID room = c.roomId();
        RoomFixture.room(c.listener(), room).statusCode(200).body("speakers.role", hasItem("SPEAKER"))
                .body("speakers.role", hasItem("MODERATOR")).body("listenerCount", equalTo(1));
        for (String action : List.of("/mute", "/remove", "/demote", "/invite-to-speak")) {
            RoomFixture.act(c.listener(), room, "/members/" + c.speaker().id() + action).statusCode(403)
                    .body("code", equalTo("ROOM_ROLE_REQUIRED"));
        }
        RoomFixture.act(c.listener(), room, "/end").statusCode(403).body("code", equalTo("HOST_ONLY"));
        RoomFixture.act(c.moderator(), room, "/end").statusCode(403).body("code", equalTo("HOST_ONLY"));
        RoomFixture.act(c.listener(), room, "/members/" + c.listener().id() + "/promote").statusCode(403);
        RoomFixture.act(c.listener(), room, "/speak").statusCode(409).body("code", equalTo("NOT_INVITED_TO_SPEAK"));
        for (String action : List.of("/remove", "/demote", "/mute")) {
            RoomFixture.act(c.moderator(), room, "/members/" + c.host().id() + action).statusCode(403)
                    .body("code", equalTo("HOST_PROTECTED"));
        }
        c.moderator().request().body(Map.of("userId", c.moderator().id())).post("/api/v1/rooms/" + room + "/host")
                .then().statusCode(403).body("code", equalTo("HOST_ONLY"));
        // Someone who is not in the room acts on nobody in it.
        TestUser outsider = TestUsers.register();
        RoomFixture.act(outsider, room, "/members/" + c.speaker().id() + "/mute").statusCode(403)
                .body("code", equalTo("NOT_IN_ROOM"));
        RoomFixture.act(c.host(), room, "/members/" + outsider.id() + "/mute").statusCode(404);
        RoomFixture.room(c.host(), room).statusCode(200).body("speakers.size()", equalTo(3));
    }

    /**
     * Listeners are hidden participants in LiveKit, the stage is not: the permission that puts someone on stage shows
     * them (LiveKit takes every field of it), the one that takes them off hides them again, and a speaker's token is
     * not hidden.
     */
    @Test
    void goingOnStageDemotionAndMutingReachLiveKitForTheRightParticipantAndTrack() throws Exception {
        Cast c = cast();
        String livekitRoom = RoomFixture.livekitRoom(c.roomId());
        UpdateParticipantRequest onStage = lastUpdateOf(c.speaker().id());
        assertThat(onStage.getRoom()).isEqualTo(livekitRoom);
        assertThat(onStage.getPermission().getCanPublish()).isTrue();
        assertThat(onStage.getPermission().getCanPublishData()).isFalse();
        assertThat(onStage.getPermission().getCanPublishSourcesList()).containsExactly(TrackSource.MICROPHONE);
        assertThat(onStage.getPermission().getHidden()).isFalse();
        assertThat(lastUpdateOf(c.moderator().id()).getPermission().getCanPublish()).isTrue();
        assertThat(lastUpdateOf(c.moderator().id()).getPermission().getHidden()).isFalse();
        RoomsTest.assertGrants(RoomFixture.join(c.speaker(), c.roomId()).statusCode(200).body("role",
                equalTo("SPEAKER")).extract().path("token"), c.speaker().id(), c.roomId(), true);

        // The speaker's microphone as the track webhook reports it; the room shows them speaking.
        RoomFixture.deliver(RoomFixture.track("track_published", c.roomId(), c.speaker().id(), "TR_speaker_mic",
                false, Instant.now())).statusCode(200).body("outcome", equalTo("PROCESSED"));
        RoomFixture.room(c.listener(), c.roomId()).statusCode(200)
                .body("speakers.find { it.user.id == '" + c.speaker().id() + "' }.speaking", equalTo(true));
        RoomFixture.act(c.moderator(), c.roomId(), "/members/" + c.speaker().id() + "/mute").statusCode(204);
        MuteRoomTrackRequest mute = LiveKitStandIn.received("MutePublishedTrack", MuteRoomTrackRequest.parser())
                .getLast();
        assertThat(mute.getRoom()).isEqualTo(livekitRoom);
        assertThat(mute.getIdentity()).isEqualTo(c.speaker().id().toString());
        assertThat(mute.getTrackSid()).isEqualTo("TR_speaker_mic");
        assertThat(mute.getMuted()).isTrue();
        RoomFixture.room(c.listener(), c.roomId()).statusCode(200)
                .body("speakers.find { it.user.id == '" + c.speaker().id() + "' }.muted", equalTo(true))
                .body("speakers.find { it.user.id == '" + c.speaker().id() + "' }.speaking", equalTo(false));

        // The moderator's track is known only to LiveKit (its webhook never came): found with ListParticipants.
        LiveKitStandIn.participantsAnyRoom(List.of(c.host().id().toString(), c.moderator().id().toString()));
        LiveKitStandIn.publishes(c.moderator().id().toString(), LiveKitStandIn.microphone("TR_moderator_mic"));
        RoomFixture.act(c.host(), c.roomId(), "/members/" + c.moderator().id() + "/demote").statusCode(204);
        UpdateParticipantRequest demoted = lastUpdateOf(c.moderator().id());
        assertThat(demoted.getRoom()).isEqualTo(livekitRoom);
        assertThat(demoted.getPermission().getCanPublish()).isFalse();
        assertThat(demoted.getPermission().getCanSubscribe()).isTrue();
        assertThat(demoted.getPermission().getCanPublishSourcesList()).isEmpty();
        assertThat(demoted.getPermission().getHidden()).isTrue();
        MuteRoomTrackRequest muted = LiveKitStandIn.received("MutePublishedTrack", MuteRoomTrackRequest.parser())
                .getLast();
        assertThat(muted.getIdentity()).isEqualTo(c.moderator().id().toString());
        assertThat(muted.getTrackSid()).isEqualTo("TR_moderator_mic");
        assertThat(muted.getMuted()).isTrue();

        RoomFixture.act(c.host(), c.roomId(), "/members/" + c.speaker().id() + "/demote").statusCode(204);
        assertThat(lastUpdateOf(c.speaker().id()).getPermission().getCanPublish()).isFalse();
        RoomFixture.room(c.listener(), c.roomId()).statusCode(200).body("speakers.size()", equalTo(1))
                .body("listenerCount", equalTo(3));
        RoomFixture.act(c.host(), c.roomId(), "/members/" + c.speaker().id() + "/demote").statusCode(409)
                .body("code", equalTo("NOT_ON_STAGE"));
    }

    @Test
    void aRemovedMemberIsDisconnectedAndCannotRejoin() {
        Cast c = cast();
        RoomFixture.act(c.moderator(), c.roomId(), "/members/" + c.listener().id() + "/remove").statusCode(204);
        LivekitRoom.RoomParticipantIdentity removed = LiveKitStandIn.received("RemoveParticipant",
                LivekitRoom.RoomParticipantIdentity.parser()).getLast();
        assertThat(removed.getRoom()).isEqualTo(RoomFixture.livekitRoom(c.roomId()));
        assertThat(removed.getIdentity()).isEqualTo(c.listener().id().toString());
        RoomFixture.join(c.listener(), c.roomId()).statusCode(403).body("code", equalTo("BANNED_FROM_ROOM"));
        // A LiveKit join with the token they still hold is undone too.
        RoomFixture.deliver(RoomFixture.participant("participant_joined", c.roomId(), c.listener().id(),
                Instant.now().plusSeconds(5))).statusCode(200);
        RoomFixture.room(c.host(), c.roomId()).statusCode(200).body("liveMemberCount", equalTo(3));
        // Only the host removes a moderator; nobody removes the host or themselves.
        RoomFixture.act(c.speaker(), c.roomId(), "/members/" + c.moderator().id() + "/remove").statusCode(403);
        RoomFixture.act(c.host(), c.roomId(), "/members/" + c.host().id() + "/remove").statusCode(400);
        RoomFixture.act(c.host(), c.roomId(), "/members/" + c.moderator().id() + "/remove").statusCode(204);
    }

    /**
     * LiveKit could not be told to disconnect a user banned from Banter (it is told after the ban commits): they are
     * out of the room by our record, and the reconciler's next look at who LiveKit lists asks again, rather than
     * leaving them connected until their token lapses. Those still in the room are left alone.
     */
    @Test
    void aBannedUsersDisconnectThatFailedIsAskedAgainWhenTheReconcilerNextLooks() {
        Cast c = cast();
        LiveKitStandIn.server().stubFor(post(urlPathEqualTo(LiveKitStandIn.PATH + "RemoveParticipant"))
                .willReturn(aResponse().withStatus(503)));
        TestUsers.moderator().request().body(Map.of("reason", "fraud"))
                .post("/api/v1/moderation/users/" + c.listener().id() + "/ban").then().statusCode(200);
        assertThat(members.presentRole(c.roomId(), c.listener().id())).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> LiveKitStandIn.server().getAllServeEvents().stream()
                .anyMatch(event -> event.getRequest().getUrl().endsWith("RemoveParticipant")));
        LiveKitStandIn.resetToDefaults();
        String livekitRoom = RoomFixture.livekitRoom(c.roomId());
        LiveKitStandIn.participantsByRoom(room -> room.equals(livekitRoom) ? List.of(c.host().id().toString(),
                c.moderator().id().toString(), c.speaker().id().toString(), c.listener().id().toString()) : null);

        for (int pass = 0; pass < 100 && reconciler.reconcile(Instant.now().plus(Duration.ofHours(3))) > 0; pass++) {
            // Each pass takes a batch of due rooms.
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(removals())
                .filteredOn(removed -> removed.getRoom().equals(livekitRoom))
                .extracting(LivekitRoom.RoomParticipantIdentity::getIdentity)
                .containsExactly(c.listener().id().toString()));
        RoomFixture.room(c.host(), c.roomId()).statusCode(200).body("liveMemberCount", equalTo(3));
    }

    /**
     * The removed member's app rejoins at once, while the removal is still telling LiveKit to disconnect them (its ban
     * not yet committed): the rejoin waits for the removal and is refused.
     */
    @Test
    void aRejoinRacingTheRemovalIsRefused() {
        Cast c = cast();
        LiveKitStandIn.removeParticipantsAfter(1500);
        int removalsBefore = removals().size();
        List<Concurrently.Outcome<Integer>> outcomes = Concurrently.run(2, i -> {
            if (i == 0) {
                return RoomFixture.act(c.moderator(), c.roomId(), "/members/" + c.listener().id() + "/remove")
                        .extract().statusCode();
            }
            // While LiveKit is being asked to disconnect them, the removal's transaction still open.
            await().atMost(Duration.ofSeconds(10)).until(() -> removals().size() > removalsBefore);
            return RoomFixture.join(c.listener(), c.roomId()).extract().statusCode();
        });

        assertThat(outcomes).extracting(Concurrently.Outcome::result).containsExactly(204, 403);
        assertThat(members.presentRole(c.roomId(), c.listener().id())).isEmpty();
        RoomFixture.room(c.host(), c.roomId()).statusCode(200).body("liveMemberCount", equalTo(3));
    }

    /** A banned member LiveKit reports back in (admitted before the ban) is disconnected and leaves the count. */
    @Test
    void aBannedMembersJoinTakesThemOutOfTheRoom() {
        Cast c = cast();
        QuarkusTransaction.requiringNew()
                .run(() -> rooms.ban(c.roomId(), c.listener().id(), c.host().id(), Instant.now()));

        RoomFixture.deliver(RoomFixture.participant("participant_joined", c.roomId(), c.listener().id(),
                Instant.now().plusSeconds(1))).statusCode(200).body("outcome", equalTo("PROCESSED"));

        assertThat(members.presentRole(c.roomId(), c.listener().id())).isEmpty();
        RoomFixture.room(c.host(), c.roomId()).statusCode(200).body("liveMemberCount", equalTo(3));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(removals())
                .anySatisfy(removed -> assertThat(removed.getIdentity()).isEqualTo(c.listener().id().toString())));
    }

    /**
     * A ban ends the user's sessions but not their LiveKit connections: they leave every room they are in at once (off
     * the stage, out of the count, disconnected by LiveKit), and a LiveKit join with a token they still hold is undone.
     */
    @Test
    void aBannedUserLeavesEveryRoomTheyAreIn() {
        Cast c = cast();
        TestUser otherHost = TestUsers.register();
        UUID otherRoom = RoomFixture.open(otherHost, 20);
        RoomFixture.join(c.host(), otherRoom).statusCode(200);

        TestUsers.moderator().request().body(Map.of("reason", "fraud"))
                .post("/api/v1/moderation/users/" + c.host().id() + "/ban").then().statusCode(200);

        assertThat(members.presentRole(c.roomId(), c.host().id())).isEmpty();
        assertThat(members.presentRole(otherRoom, c.host().id())).isEmpty();
        RoomFixture.room(c.listener(), c.roomId()).statusCode(200).body("liveMemberCount", equalTo(3))
                .body("speakers.user.id", not(hasItem(c.host().id().toString())));
        RoomFixture.room(otherHost, otherRoom).statusCode(200).body("liveMemberCount", equalTo(1));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(removals())
                .filteredOn(removed -> removed.getIdentity().equals(c.host().id().toString()))
                .extracting(LivekitRoom.RoomParticipantIdentity::getRoom)
                .contains(RoomFixture.livekitRoom(c.roomId()), RoomFixture.livekitRoom(otherRoom)));

        RoomFixture.deliver(RoomFixture.participant("participant_joined", c.roomId(), c.host().id(),
                Instant.now().plusSeconds(5))).statusCode(200);
        assertThat(members.presentRole(c.roomId(), c.host().id())).isEmpty();
        RoomFixture.room(c.listener(), c.roomId()).statusCode(200).body("liveMemberCount", equalTo(3));
    }

    /**
     * Deleting the account (from a second phone, say, while the first is in the room) takes the user out of every room
     * as a ban does: off the stage, out of the count, disconnected by LiveKit. Neither a LiveKit join with the token
     * the app still holds nor ListParticipants listing them lets them back in.
     */
    @Test
    void aDeletedAccountLeavesTheRoomAndIsNotLetBackIn() {
        Cast c = cast();
        String speaker = c.speaker().id().toString();
        try (WsClient hostWs = WsClient.connect(RestAssured.port, c.host().accessToken())) {
            c.speaker().request().delete("/api/v1/me").then().statusCode(204);

            assertThat(hostWs.await("room.member_left").path("userId").asText()).isEqualTo(speaker);
        }
        assertThat(members.presentRole(c.roomId(), c.speaker().id())).isEmpty();
        RoomFixture.room(c.host(), c.roomId()).statusCode(200).body("liveMemberCount", equalTo(3))
                .body("speakers.user.id", not(hasItem(speaker)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(removals())
                .filteredOn(removed -> removed.getIdentity().equals(speaker))
                .extracting(LivekitRoom.RoomParticipantIdentity::getRoom)
                .contains(RoomFixture.livekitRoom(c.roomId())));

        RoomFixture.deliver(RoomFixture.participant("participant_joined", c.roomId(), c.speaker().id(),
                Instant.now().plusSeconds(5))).statusCode(200);
        assertThat(members.presentRole(c.roomId(), c.speaker().id())).isEmpty();
        RoomFixture.room(c.host(), c.roomId()).statusCode(200).body("liveMemberCount", equalTo(3));

        // LiveKit lists them as having joined after they left: still not back, and disconnected again.
        LiveKitStandIn.server().resetRequests();
        String livekitRoom = RoomFixture.livekitRoom(c.roomId());
        LiveKitStandIn.participantsByRoom(room -> room.equals(livekitRoom) ? List.of(c.host().id().toString(),
                c.moderator().id().toString(), speaker, c.listener().id().toString()) : null);
        LiveKitStandIn.joinedAt(speaker, Instant.now().plusSeconds(10));
        reconcileAt(Instant.now().plus(Duration.ofHours(3)));

        assertThat(members.presentRole(c.roomId(), c.speaker().id())).isEmpty();
        RoomFixture.room(c.host(), c.roomId()).statusCode(200).body("liveMemberCount", equalTo(3));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(removals())
                .filteredOn(removed -> removed.getRoom().equals(livekitRoom))
                .extracting(LivekitRoom.RoomParticipantIdentity::getIdentity).containsExactly(speaker));
    }

    /**
     * A host who deletes their account leaves as an absent host does, and the room passes on after the grace; not to a
     * moderator who deleted theirs, but to the speaker.
     */
    @Test
    void aRoomWhoseHostDeletedTheirAccountPassesToAMemberWhoseAccountIsActive() {
        Cast c = cast();
        c.host().request().delete("/api/v1/me").then().statusCode(204);
        c.moderator().request().delete("/api/v1/me").then().statusCode(204);
        String livekitRoom = RoomFixture.livekitRoom(c.roomId());
        LiveKitStandIn.participantsByRoom(room -> room.equals(livekitRoom)
                ? List.of(c.speaker().id().toString(), c.listener().id().toString()) : null);

        reconcileAt(Instant.now().plus(Duration.ofMinutes(31)));

        RoomFixture.room(c.listener(), c.roomId()).statusCode(200).body("status", equalTo("LIVE"))
                .body("host.id", equalTo(c.speaker().id().toString()));
        assertThat(members.presentRole(c.roomId(), c.speaker().id())).contains(RoomRole.HOST);
    }

    /**
     * A demoted speaker, still present, reconnects with the token they got as a speaker (it lets them publish): LiveKit
     * is told at once what a listener may do.
     */
    @Test
    void aDemotedSpeakerBackWithTheirSpeakerTokenIsToldTheyMayNotPublish() {
        Cast c = cast();
        RoomFixture.act(c.host(), c.roomId(), "/members/" + c.speaker().id() + "/demote").statusCode(204);
        LiveKitStandIn.server().resetRequests();

        RoomFixture.deliver(RoomFixture.participant("participant_joined", c.roomId(), c.speaker().id(),
                Instant.now().plusSeconds(1))).statusCode(200).body("outcome", equalTo("PROCESSED"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                LiveKitStandIn.received("UpdateParticipant", UpdateParticipantRequest.parser()))
                .filteredOn(update -> update.getIdentity().equals(c.speaker().id().toString()))
                .singleElement().satisfies(update -> {
                    assertThat(update.getRoom()).isEqualTo(RoomFixture.livekitRoom(c.roomId()));
                    assertThat(update.getPermission().getCanPublish()).isFalse();
                    assertThat(update.getPermission().getCanPublishSourcesList()).isEmpty();
                }));
        assertThat(members.presentRole(c.roomId(), c.speaker().id())).contains(RoomRole.LISTENER);
    }

    @Test
    void aBlockedUserNeitherSeesNorJoinsTheBlockersRoom() {
        TestUser host = TestUsers.register();
        TestUser blocked = TestUsers.register();
        TestUser blocker = TestUsers.register();
        Map<String, Object> request = RoomFixture.roomRequest(10);
        request.put("category", "blocks-" + UUID.randomUUID().toString().substring(0, 8));
        UUID roomId = RoomFixture.open(host, request);
        Social.block(host, blocked);
        RoomFixture.room(blocked, roomId).statusCode(404).body("code", equalTo("NOT_FOUND"));
        RoomFixture.join(blocked, roomId).statusCode(404);
        blocked.request().get("/api/v1/rooms/" + roomId + "/listeners").then().statusCode(404);
        blocked.request().queryParam("category", request.get("category")).get("/api/v1/rooms").then()
                .statusCode(200).body("items.id", not(hasItem(roomId.toString())));
        // The other way round as well: whoever blocked the host does not meet them in a room.
        Social.block(blocker, host);
        RoomFixture.join(blocker, roomId).statusCode(404);
        blocker.request().queryParam("category", request.get("category")).get("/api/v1/rooms").then()
                .statusCode(200).body("items.id", not(hasItem(roomId.toString())));
        TestUser anyone = TestUsers.register();
        anyone.request().queryParam("category", request.get("category")).get("/api/v1/rooms").then()
                .statusCode(200).body("items.id", hasItem(roomId.toString()));
    }

    /**
     * A room's events do not name people to those they are blocked with, either way, as its views do not show them: a
     * member hears nothing of the arrival, hand, stage and departure of someone they blocked or who blocked them, and
     * the one they blocked nothing of them; everyone else hears of everyone.
     */
    @Test
    void roomEventsDoNotNamePeopleToThoseTheyAreBlockedWith() {
        TestUser host = TestUsers.register();
        TestUser member = TestUsers.register();
        TestUser blocked = TestUsers.register();
        TestUser blocker = TestUsers.register();
        TestUser other = TestUsers.register();
        UUID roomId = RoomFixture.open(host, 10);
        RoomFixture.join(member, roomId).statusCode(200);
        // On stage, the member hears of every arrival even in a crowd (crowd-size is 4 in tests).
        RoomFixture.act(host, roomId, "/members/" + member.id() + "/promote").statusCode(204);
        Social.block(member, blocked);
        Social.block(blocker, member);
        try (WsClient hostWs = WsClient.connect(RestAssured.port, host.accessToken());
                WsClient memberWs = WsClient.connect(RestAssured.port, member.accessToken());
                WsClient blockedWs = WsClient.connect(RestAssured.port, blocked.accessToken())) {
            for (TestUser user : List.of(blocked, blocker)) {
                RoomFixture.join(user, roomId).statusCode(200);
                hostWs.await("room.member_joined",
                        e -> e.path("user").path("id").asText().equals(user.id().toString()));
            }
            RoomFixture.act(blocked, roomId, "/hand").statusCode(204);
            RoomFixture.act(host, roomId, "/members/" + blocked.id() + "/invite-to-speak").statusCode(204);
            RoomFixture.act(blocked, roomId, "/speak").statusCode(204);
            RoomFixture.act(blocker, roomId, "/hand").statusCode(204);
            RoomFixture.act(host, roomId, "/members/" + member.id() + "/demote").statusCode(204);
            hostWs.await("room.role_changed", e -> e.path("userId").asText().equals(member.id().toString()));
            assertThat(blockedWs.await("room.role_changed").path("userId").asText()).isEqualTo(blocked.id().toString());
            for (TestUser user : List.of(blocked, blocker)) {
                RoomFixture.act(user, roomId, "/leave").statusCode(204);
                hostWs.await("room.member_left", e -> e.path("userId").asText().equals(user.id().toString()));
            }
            RoomFixture.join(other, roomId).statusCode(200);
            RoomFixture.act(other, roomId, "/hand").statusCode(204);

            memberWs.await("room.member_joined",
                    e -> e.path("user").path("id").asText().equals(other.id().toString()));
            memberWs.await("room.hand_raised", e -> e.path("userId").asText().equals(other.id().toString()));
            assertThat(memberWs.drain()).extracting(JsonNode::toString).noneMatch(event -> event.contains(
                    blocked.id().toString()) || event.contains(blocker.id().toString()));
            assertThat(blockedWs.drain()).extracting(JsonNode::toString)
                    .noneMatch(event -> event.contains(member.id().toString()));
        }
    }

    /**
     * A restricted user reaches nobody through rooms, as through messages, calls and friend requests: they open no room
     * (whose title would go out with every invitation), invite nobody into one, invite nobody to speak and do not go
     * on stage. They may still listen.
     */
    @Test
    void aRestrictedUserNeitherOpensNorInvitesNorGoesOnStage() {
        TestUser host = TestUsers.register();
        TestUser restrictedModerator = TestUsers.register();
        TestUser restrictedListener = TestUsers.register();
        TestUser listener = TestUsers.register();
        TestUser target = TestUsers.register();
        Map<String, Object> request = RoomFixture.roomRequest(10);
        request.put("visibility", "INVITE_ONLY");
        UUID roomId = RoomFixture.open(host, request);
        for (TestUser user : List.of(restrictedModerator, restrictedListener, listener)) {
            host.request().body(Map.of("userId", user.id())).post("/api/v1/rooms/" + roomId + "/invites").then()
                    .statusCode(204);
            RoomFixture.join(user, roomId).statusCode(200);
        }
        RoomFixture.act(host, roomId, "/members/" + restrictedModerator.id() + "/promote").statusCode(204);
        RoomFixture.act(host, roomId, "/members/" + restrictedListener.id() + "/invite-to-speak").statusCode(204);
        TestUser moderator = TestUsers.moderator();
        for (TestUser user : List.of(restrictedModerator, restrictedListener)) {
            moderator.request().body(Map.of("reason", "spam"))
                    .post("/api/v1/moderation/users/" + user.id() + "/restrict").then().statusCode(200);
        }

        restrictedModerator.request().body(RoomFixture.roomRequest(10)).post("/api/v1/rooms").then().statusCode(403)
                .body("code", equalTo("ACCOUNT_RESTRICTED"));
        restrictedModerator.request().body(Map.of("userId", target.id())).post("/api/v1/rooms/" + roomId + "/invites")
                .then().statusCode(403).body("code", equalTo("ACCOUNT_RESTRICTED"));
        RoomFixture.act(restrictedModerator, roomId, "/members/" + listener.id() + "/invite-to-speak").statusCode(403)
                .body("code", equalTo("ACCOUNT_RESTRICTED"));
        RoomFixture.act(restrictedListener, roomId, "/speak").statusCode(403)
                .body("code", equalTo("ACCOUNT_RESTRICTED"));

        target.request().get("/api/v1/notifications").then().statusCode(200)
                .body("items.findAll { it.kind == 'room.invited' }", empty());
        RoomFixture.room(target, roomId).statusCode(404);
        assertThat(members.presentRole(roomId, restrictedListener.id())).contains(RoomRole.LISTENER);
        assertThat(members.presentRole(roomId, listener.id())).contains(RoomRole.LISTENER);
    }

    /**
     * Nor is a restricted member put on stage by others: the host neither makes them a moderator nor hands them the
     * room, and is not told why (their standing is theirs and the moderators' to know); a host who stays away passes
     * it over a moderator restricted since to a speaker in good standing.
     */
    @Test
    void aRestrictedMemberIsNeitherPromotedNorHandedTheRoom() {
        Cast c = cast();
        for (TestUser user : List.of(c.moderator(), c.listener())) {
            TestUsers.moderator().request().body(Map.of("reason", "spam"))
                    .post("/api/v1/moderation/users/" + user.id() + "/restrict").then().statusCode(200);
        }

        String promotion = RoomFixture.act(c.host(), c.roomId(), "/members/" + c.listener().id() + "/promote")
                .statusCode(409).body("code", equalTo("MEMBER_UNAVAILABLE")).extract().asString();
        assertThat(promotion.toLowerCase()).doesNotContain("restrict");
        for (TestUser restricted : List.of(c.moderator(), c.listener())) {
            String handOver = c.host().request().body(Map.of("userId", restricted.id()))
                    .post("/api/v1/rooms/" + c.roomId() + "/host").then().statusCode(409)
                    .body("code", equalTo("MEMBER_UNAVAILABLE")).extract().asString();
            assertThat(handOver.toLowerCase()).doesNotContain("restrict");
        }
        assertThat(members.presentRole(c.roomId(), c.listener().id())).contains(RoomRole.LISTENER);
        RoomFixture.room(c.listener(), c.roomId()).statusCode(200).body("host.id", equalTo(c.host().id().toString()));

        RoomFixture.act(c.host(), c.roomId(), "/leave").statusCode(204);
        String livekitRoom = RoomFixture.livekitRoom(c.roomId());
        LiveKitStandIn.participantsByRoom(room -> room.equals(livekitRoom) ? List.of(c.moderator().id().toString(),
                c.speaker().id().toString(), c.listener().id().toString()) : null);
        reconcileAt(Instant.now().plus(Duration.ofMinutes(31)));

        RoomFixture.room(c.listener(), c.roomId()).statusCode(200).body("status", equalTo("LIVE"))
                .body("host.id", equalTo(c.speaker().id().toString()));
        assertThat(members.presentRole(c.roomId(), c.moderator().id())).contains(RoomRole.MODERATOR);
    }

    @Test
    void theHostHandsOverAndTheNewHostEndsTheRoom() {
        Cast c = cast();
        c.host().request().body(Map.of("userId", c.speaker().id())).post("/api/v1/rooms/" + c.roomId() + "/host")
                .then().statusCode(204);
        RoomFixture.room(c.listener(), c.roomId()).statusCode(200).body("host.id", equalTo(c.speaker().id()
                .toString())).body("speakers.find { it.user.id == '" + c.host().id() + "' }.role",
                        equalTo("MODERATOR"));
        RoomFixture.act(c.host(), c.roomId(), "/end").statusCode(403);
        RoomFixture.act(c.speaker(), c.roomId(), "/end").statusCode(204);
        assertThat(LiveKitStandIn.received("DeleteRoom", LivekitRoom.DeleteRoomRequest.parser()).getLast()
                .getRoom()).isEqualTo(RoomFixture.livekitRoom(c.roomId()));
        RoomFixture.join(c.listener(), c.roomId()).statusCode(409).body("code", equalTo("ROOM_ENDED"));
        RoomFixture.room(c.listener(), c.roomId()).statusCode(200).body("status", equalTo("ENDED"))
                .body("liveMemberCount", equalTo(0));
    }

    @Test
    void anInviteOnlyRoomIsSeenByInviteesOnly() {
        TestUser host = TestUsers.register();
        TestUser invitee = TestUsers.register();
        TestUser stranger = TestUsers.register();
        Map<String, Object> request = RoomFixture.roomRequest(10);
        request.put("visibility", "INVITE_ONLY");
        UUID roomId = RoomFixture.open(host, request);
        RoomFixture.room(invitee, roomId).statusCode(404);
        RoomFixture.join(invitee, roomId).statusCode(404);
        host.request().body(Map.of("userId", invitee.id())).post("/api/v1/rooms/" + roomId + "/invites").then()
                .statusCode(204);
        RoomFixture.room(invitee, roomId).statusCode(200);
        RoomFixture.join(invitee, roomId).statusCode(200);
        invitee.request().body(Map.of("userId", stranger.id())).post("/api/v1/rooms/" + roomId + "/invites").then()
                .statusCode(403).body("code", equalTo("ROOM_ROLE_REQUIRED"));
        RoomFixture.room(stranger, roomId).statusCode(404);
        stranger.request().get("/api/v1/rooms").then().statusCode(200).body("items.id", not(hasItem(
                roomId.toString())));
    }

    /**
     * Removed from an invite-only room, a member sees it no more, though their invitation and their membership are on
     * record: to them it is as absent as any room they may not see. Those still invited see it as before.
     */
    @Test
    void aMemberRemovedFromAnInviteOnlyRoomNoLongerSeesIt() {
        TestUser host = TestUsers.register();
        TestUser removed = TestUsers.register();
        TestUser invitee = TestUsers.register();
        Map<String, Object> request = RoomFixture.roomRequest(10);
        request.put("visibility", "INVITE_ONLY");
        UUID roomId = RoomFixture.open(host, request);
        for (TestUser user : List.of(removed, invitee)) {
            host.request().body(Map.of("userId", user.id())).post("/api/v1/rooms/" + roomId + "/invites").then()
                    .statusCode(204);
            RoomFixture.join(user, roomId).statusCode(200);
        }
        RoomFixture.act(host, roomId, "/members/" + removed.id() + "/remove").statusCode(204);

        RoomFixture.room(removed, roomId).statusCode(404).body("code", equalTo("NOT_FOUND"));
        removed.request().get("/api/v1/rooms/" + roomId + "/listeners").then().statusCode(404);
        RoomFixture.join(removed, roomId).statusCode(404);
        RoomFixture.room(invitee, roomId).statusCode(200).body("status", equalTo("LIVE"));
        invitee.request().get("/api/v1/rooms/" + roomId + "/listeners").then().statusCode(200);
    }

    @Test
    void badInputIsRefusedWithProblems() {
        TestUser user = TestUsers.register();
        Map<String, Object> request = RoomFixture.roomRequest(10);
        request.put("category", "Not A Category");
        user.request().body(request).post("/api/v1/rooms").then().statusCode(400);
        request = RoomFixture.roomRequest(1);
        user.request().body(request).post("/api/v1/rooms").then().statusCode(400);
        request = RoomFixture.roomRequest(10);
        request.remove("title");
        user.request().body(request).post("/api/v1/rooms").then().statusCode(400);
        request = RoomFixture.roomRequest(10);
        request.put("visibility", "SECRET");
        user.request().body(request).post("/api/v1/rooms").then().statusCode(400);
        request = RoomFixture.roomRequest(10);
        request.put("hostId", UUID.randomUUID());
        user.request().body(request).post("/api/v1/rooms").then().statusCode(400)
                .contentType("application/problem+json");
        request = RoomFixture.roomRequest(10);
        request.put("capacity", "10");
        user.request().body(request).post("/api/v1/rooms").then().statusCode(400);
        user.request().queryParam("language", "Hindi!").get("/api/v1/rooms").then().statusCode(400);
        user.request().queryParam("cursor", "bm90LWEtY3Vyc29y").get("/api/v1/rooms").then().statusCode(400)
                .body("code", equalTo("INVALID_CURSOR"));
        user.request().queryParam("limit", 0).get("/api/v1/rooms").then().statusCode(400);
        RoomFixture.room(user, UUID.randomUUID()).statusCode(404);
        RoomFixture.join(user, UUID.randomUUID()).statusCode(404);
        user.request().get("/api/v1/rooms/not-a-uuid").then().statusCode(400);
        user.request().body(Map.of("userId", "x")).post("/api/v1/rooms/" + UUID.randomUUID() + "/host").then()
                .statusCode(400);
    }

    /** Runs the reconciler as if it were {@code at}, until no room is due then. */
    private void reconcileAt(Instant at) {
        for (int pass = 0; pass < 100 && reconciler.reconcile(at) > 0; pass++) {
            // Each pass takes a batch of due rooms.
        }
    }

    private static List<LivekitRoom.RoomParticipantIdentity> removals() {
        return LiveKitStandIn.received("RemoveParticipant", LivekitRoom.RoomParticipantIdentity.parser());
    }

    private static UpdateParticipantRequest lastUpdateOf(UUID userId) {
        return LiveKitStandIn.received("UpdateParticipant", UpdateParticipantRequest.parser()).stream()
                .filter(update -> update.getIdentity().equals(userId.toString())).reduce((a, b) -> b).orElseThrow();
    }
}
