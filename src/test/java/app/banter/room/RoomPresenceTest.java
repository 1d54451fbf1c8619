package app.banter.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.testsupport.Concurrently;
import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.restassured.RestAssured;
import io.quarkus.test.junit.QuarkusTest;
import livekit.LivekitRoom;
import livekit.LivekitWebhook.WebhookEvent;

/**
 * Membership stays true: capacity is exact under a burst, LiveKit's webhooks in any order and any number of times
 * leave the same members, and the reconciler hands over, closes and corrects from ListParticipants.
 */
@QuarkusTest
class RoomPresenceTest {

    @Inject
    RoomMembers members;

    @Inject
    RoomReconciler reconciler;

    @AfterEach
    void reset() {
        LiveKitStandIn.resetToDefaults();
    }

    @Test
    void threeTimesCapacityJoiningAtOnceAdmitsExactlyTheCapacity() {
        int capacity = 6;
        TestUser host = TestUsers.register();
        UUID roomId = RoomFixture.open(host, capacity);
        List<TestUser> crowd = new ArrayList<>();
        for (int i = 0; i < 3 * capacity; i++) {
            crowd.add(TestUsers.register());
        }
        // The host's place counts too: capacity - 1 seats are left for the crowd.
        List<Concurrently.Outcome<Integer>> outcomes = Concurrently.run(crowd.size(),
                i -> RoomFixture.join(crowd.get(i), roomId).extract().statusCode());
        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes.stream().filter(o -> o.result() == 200).count()).isEqualTo(capacity - 1);
        assertThat(outcomes.stream().filter(o -> o.result() == 409).count()).isEqualTo(2L * capacity + 1);
        RoomFixture.room(host, roomId).statusCode(200).body("liveMemberCount", equalTo(capacity));
        long present = crowd.stream().filter(u -> members.presentRole(roomId, u.id()).isPresent()).count();
        assertThat(present).isEqualTo(capacity - 1);
        RoomFixture.join(TestUsers.register(), roomId).statusCode(409).body("code", equalTo("ROOM_FULL"));
    }

    @Test
    void aCrowdHearsOfListenersComingAndGoingAsItsCountOnly() {
        // crowd-size is 4 in tests: host and three listeners make a crowd.
        TestUser host = TestUsers.register();
        List<TestUser> listeners = List.of(TestUsers.register(), TestUsers.register(), TestUsers.register());
        TestUser late = TestUsers.register();
        UUID roomId = RoomFixture.open(host, 10);
        listeners.forEach(l -> RoomFixture.join(l, roomId).statusCode(200));
        try (WsClient hostWs = WsClient.connect(RestAssured.port, host.accessToken());
                WsClient listenerWs = WsClient.connect(RestAssured.port, listeners.get(0).accessToken())) {
            RoomFixture.join(late, roomId).statusCode(200);
            // The stage hears of the arrival at once; the listeners only of the new count.
            assertThat(hostWs.await("room.member_joined").path("user").path("id").asText())
                    .isEqualTo(late.id().toString());
            assertThat(listenerWs.await("room.member_count").path("liveMemberCount").asInt()).isEqualTo(5);
            listenerWs.assertNone("room.member_joined", Duration.ofMillis(300));

            late.request().post("/api/v1/rooms/" + roomId + "/leave").then().statusCode(204);
            assertThat(hostWs.await("room.member_left").path("userId").asText()).isEqualTo(late.id().toString());
            assertThat(listenerWs.await("room.member_count", e -> e.path("liveMemberCount").asInt() == 4))
                    .isNotNull();
            listenerWs.assertNone("room.member_left", Duration.ofMillis(300));
        }
        // Whoever heard what, the count is exact.
        RoomFixture.room(host, roomId).statusCode(200).body("liveMemberCount", equalTo(4));
    }

    @Test
    void duplicateAndOutOfOrderWebhooksLeaveMembershipConsistent() {
        TestUser host = TestUsers.register();
        TestUser listener = TestUsers.register();
        UUID roomId = RoomFixture.open(host, 10);
        RoomFixture.join(listener, roomId).statusCode(200);
        Instant t = Instant.now().plusSeconds(2);

        WebhookEvent left = RoomFixture.participant("participant_left", roomId, listener.id(), t.plusSeconds(10));
        RoomFixture.deliver(left).statusCode(200).body("outcome", equalTo("PROCESSED"));
        RoomFixture.deliver(left).statusCode(200).body("outcome", equalTo("DUPLICATE"));
        // A join from before that leave arrives late: it does not bring them back.
        RoomFixture.deliver(RoomFixture.participant("participant_joined", roomId, listener.id(), t.plusSeconds(5)))
                .statusCode(200).body("outcome", equalTo("IGNORED"));
        assertThat(members.presentRole(roomId, listener.id())).isEmpty();
        RoomFixture.room(host, roomId).statusCode(200).body("liveMemberCount", equalTo(1));

        // They reconnect; the leave of their earlier session arrives after the join and changes nothing.
        WebhookEvent rejoined = RoomFixture.participant("participant_joined", roomId, listener.id(),
                t.plusSeconds(20));
        RoomFixture.deliver(rejoined).statusCode(200).body("outcome", equalTo("PROCESSED"));
        RoomFixture.deliver(rejoined).statusCode(200).body("outcome", equalTo("DUPLICATE"));
        RoomFixture.deliver(RoomFixture.participant("participant_connection_aborted", roomId, listener.id(),
                t.plusSeconds(15))).statusCode(200).body("outcome", equalTo("IGNORED"));
        assertThat(members.presentRole(roomId, listener.id())).contains(RoomRole.LISTENER);
        RoomFixture.room(host, roomId).statusCode(200).body("liveMemberCount", equalTo(2))
                .body("listenerCount", equalTo(1));
        // A listener back through LiveKit with whatever token they hold is told they may not publish.
        assertThat(LiveKitStandIn.received("UpdateParticipant", LivekitRoom.UpdateParticipantRequest.parser())
                .stream().filter(u -> u.getIdentity().equals(listener.id().toString())).reduce((a, b) -> b)
                .orElseThrow().getPermission().getCanPublish()).isFalse();

        // Events about rooms that are not ours, or people we never admitted, change nothing.
        RoomFixture.deliver(RoomFixture.participant("participant_joined", roomId, UUID.randomUUID(),
                t.plusSeconds(30))).statusCode(200).body("outcome", equalTo("IGNORED"));
        RoomFixture.room(host, roomId).statusCode(200).body("liveMemberCount", equalTo(2));
    }

    @Test
    void aHostWhoStaysAwayHandsOverToAModeratorElseTheLongestPresentSpeaker() {
        TestUser host = TestUsers.register();
        TestUser moderator = TestUsers.register();
        TestUser speaker = TestUsers.register();
        UUID roomId = RoomFixture.open(host, 10);
        RoomFixture.join(speaker, roomId).statusCode(200);
        RoomFixture.join(moderator, roomId).statusCode(200);
        RoomFixture.act(host, roomId, "/members/" + speaker.id() + "/invite-to-speak").statusCode(204);
        RoomFixture.act(speaker, roomId, "/speak").statusCode(204);
        RoomFixture.act(host, roomId, "/members/" + moderator.id() + "/promote").statusCode(204);
        RoomFixture.act(host, roomId, "/leave").statusCode(204);
        RoomFixture.room(speaker, roomId).statusCode(200).body("host.id", equalTo(host.id().toString()));

        reconcileAt(Instant.now().plus(Duration.ofMinutes(31)));
        RoomFixture.room(speaker, roomId).statusCode(200).body("host.id", equalTo(moderator.id().toString()));
        assertThat(members.presentRole(roomId, moderator.id())).contains(RoomRole.HOST);

        // The new host leaves too, and no moderator is left: the speaker who has been there longest takes over.
        TestUser laterSpeaker = TestUsers.register();
        RoomFixture.join(laterSpeaker, roomId).statusCode(200);
        RoomFixture.act(moderator, roomId, "/members/" + laterSpeaker.id() + "/invite-to-speak").statusCode(204);
        RoomFixture.act(laterSpeaker, roomId, "/speak").statusCode(204);
        RoomFixture.act(moderator, roomId, "/leave").statusCode(204);
        reconcileAt(Instant.now().plus(Duration.ofMinutes(31)));
        RoomFixture.room(laterSpeaker, roomId).statusCode(200).body("host.id", equalTo(speaker.id().toString()));
        // The former host who comes back is a listener.
        RoomFixture.join(host, roomId).statusCode(200).body("role", equalTo("LISTENER"));
    }

    @Test
    void aRoomLeftEmptyClosesAfterTheTimeout() {
        TestUser host = TestUsers.register();
        UUID roomId = RoomFixture.open(host, 10);
        RoomFixture.act(host, roomId, "/leave").statusCode(204);
        reconcileAt(Instant.now().plus(Duration.ofMinutes(5)));
        RoomFixture.room(host, roomId).statusCode(200).body("status", equalTo("LIVE"));
        reconcileAt(Instant.now().plus(Duration.ofMinutes(31)));
        RoomFixture.room(host, roomId).statusCode(200).body("status", equalTo("ENDED"));
        assertThat(LiveKitStandIn.received("DeleteRoom", LivekitRoom.DeleteRoomRequest.parser()))
                .anyMatch(delete -> delete.getRoom().equals(RoomFixture.livekitRoom(roomId)));
    }

    @Test
    void withoutWebhooksListParticipantsSaysWhoIsThere() {
        TestUser host = TestUsers.register();
        TestUser gone = TestUsers.register();
        TestUser stays = TestUsers.register();
        UUID roomId = RoomFixture.open(host, 10);
        RoomFixture.join(gone, roomId).statusCode(200);
        RoomFixture.join(stays, roomId).statusCode(200);
        LiveKitStandIn.participantsByRoom(room -> room.equals(RoomFixture.livekitRoom(roomId))
                ? List.of(host.id().toString(), stays.id().toString()) : List.of());
        reconcileAt(Instant.now().plus(Duration.ofHours(3)));
        assertThat(members.presentRole(roomId, gone.id())).isEmpty();
        assertThat(members.presentRole(roomId, stays.id())).contains(RoomRole.LISTENER);
        RoomFixture.room(host, roomId).statusCode(200).body("liveMemberCount", equalTo(2));
    }

    /** Runs the reconciler as if it were {@code at}, until no room is due then. */
    private void reconcileAt(Instant at) {
        for (int pass = 0; pass < 100 && reconciler.reconcile(at) > 0; pass++) {
            // Each pass takes a batch; rooms it handled are next due after {@code at}.
        }
    }
}
