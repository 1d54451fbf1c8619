package app.banter.call;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import app.banter.call.CallFixture.Party;
import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.LiveKitWebhooks;
import io.quarkus.test.junit.QuarkusTest;
import livekit.LivekitRoom;
import livekit.LivekitWebhook.WebhookEvent;

/** LiveKit's webhooks arrive late, twice, out of order or never; calls come out right in every case. */
@QuarkusTest
class LiveKitWebhookTest {

    @Inject
    CallFixture fixture;

    @Inject
    CallReconciler reconciler;


    @AfterEach
    void reset() {
        LiveKitStandIn.resetToDefaults();
    }

    @Test
    void onlyWebhooksSignedWithOurSecretForThisBodyCount() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = UUID.fromString(fixture.start(caller, callee, "AUDIO"));
            WebhookEvent event = LiveKitWebhooks.event("room_finished", "call-" + callId, Instant.now()).build();
            String body = LiveKitWebhooks.json(event);
            LiveKitWebhooks.deliver(body, LiveKitWebhooks.sign(body, "someone-elses-secret-of-enough-length"))
                    .statusCode(401).body("code", equalTo("INVALID_WEBHOOK_SIGNATURE"));
            LiveKitWebhooks.deliver(body.replace("room_finished", "room_started"),
                    LiveKitWebhooks.sign(body, LiveKitStandIn.API_SECRET)).statusCode(401);
            LiveKitWebhooks.deliver(body, "").statusCode(401);
            // Signed, but not an event we can read or apply once: refused as the same failures are everywhere.
            LiveKitWebhooks.deliver("not json", LiveKitWebhooks.sign("not json", LiveKitStandIn.API_SECRET))
                    .statusCode(400).body("code", equalTo("INVALID_EVENT"));
            String withoutId = LiveKitWebhooks.json(event.toBuilder().clearId().build());
            LiveKitWebhooks.deliver(withoutId, LiveKitWebhooks.sign(withoutId, LiveKitStandIn.API_SECRET))
                    .statusCode(400).body("code", equalTo("INVALID_EVENT"));
            assertThat(fixture.call(callId).status).isEqualTo(Call.Status.RINGING);
            // Signed as livekit-server signs: bare JWT in Authorization; accepted, and once only.
            LiveKitWebhooks.deliver(event).statusCode(200).body("outcome", equalTo("PROCESSED"));
            assertThat(fixture.call(callId).status).isEqualTo(Call.Status.FAILED);
        }
    }

    @Test
    void duplicatesAndLateEventsChangeNothing() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = fixture.connected(caller, callee, "AUDIO");
            WebhookEvent left = LiveKitWebhooks.event("participant_left", "call-" + callId, Instant.now())
                    .setParticipant(livekit.LivekitModels.ParticipantInfo.newBuilder()
                            .setIdentity(callee.user().id().toString()))
                    .build();
            LiveKitWebhooks.deliver(left).statusCode(200).body("outcome", equalTo("PROCESSED"));
            LiveKitWebhooks.deliver(left).statusCode(200).body("outcome", equalTo("DUPLICATE"));
            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200);
            // Events for a call that is over are acknowledged and ignored.
            LiveKitWebhooks.participant("participant_joined", "call-" + callId, callee.user().id(), Instant.now())
                    .statusCode(200).body("outcome", equalTo("IGNORED"));
            assertThat(fixture.call(callId).status).isEqualTo(Call.Status.ENDED);
        }
    }

    @Test
    void aLeftEventOvertakingTheJoinStillCounts() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = fixture.connected(caller, callee, "AUDIO");
            Instant joinedAt = Instant.now().plusSeconds(1);
            Instant leftAt = joinedAt.plusSeconds(2);
            // The leave (later) arrives before the re-join (earlier): the callee is out.
            LiveKitWebhooks.participant("participant_left", "call-" + callId, callee.user().id(), leftAt);
            LiveKitWebhooks.participant("participant_joined", "call-" + callId, callee.user().id(), joinedAt);
            assertThat(fixture.call(callId).isCalleePresent()).isFalse();
        }
    }

    /** A reconnect whose leave and join LiveKit stamps with the same second (its times are whole seconds). */
    @Test
    void aLeaveAndARejoinInTheSameSecondKeepThePartyInTheCall() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = fixture.connected(caller, callee, "AUDIO");
            Instant reconnected = Instant.now().plusSeconds(1);
            LiveKitWebhooks.participant("participant_left", "call-" + callId, callee.user().id(), reconnected)
                    .statusCode(200);
            LiveKitWebhooks.participant("participant_joined", "call-" + callId, callee.user().id(), reconnected)
                    .statusCode(200);

            assertThat(fixture.call(callId).isCalleePresent()).isTrue();
            assertGoesOnPastTheDepartureTimeout(callId);
        }
    }

    /**
     * A reconnect under the same identity is a new LiveKit session (participant sid), and the old session's leave
     * comes after the new one's join: not a departure. The new session's own leave is one.
     */
    @Test
    void theOldSessionsLeaveAfterAReconnectsJoinKeepsThePartyInTheCall() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = fixture.connected(caller, callee, "AUDIO");
            String room = "call-" + callId;
            Instant now = Instant.now();
            LiveKitWebhooks.deliver(ofSession("participant_joined", room, callee, "PA_reconnected", now.plusSeconds(2)))
                    .statusCode(200);
            // The leave of the session the fixture joined with.
            LiveKitWebhooks.participant("participant_left", room, callee.user().id(), now.plusSeconds(3))
                    .statusCode(200);

            assertThat(fixture.call(callId).isCalleePresent()).isTrue();
            assertGoesOnPastTheDepartureTimeout(callId);
            LiveKitWebhooks.deliver(ofSession("participant_left", room, callee, "PA_reconnected", Instant.now()))
                    .statusCode(200);
            assertThat(fixture.call(callId).isCalleePresent()).isFalse();
        }
    }

    /**
     * The participant check's list was made before a reconnect's join was applied (LiveKit dates the join in whole
     * seconds): the party it shows missing is back, not gone, and the call goes on.
     */
    @Test
    void aParticipantListOlderThanAReconnectsJoinKeepsThePartyInTheCall() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = fixture.connected(caller, callee, "AUDIO");
            String room = "call-" + callId;
            fixture.elapse(callId, Duration.ofSeconds(31));
            LiveKitWebhooks.deliver(ofSession("participant_joined", room, callee, "PA_reconnected", Instant.now()))
                    .statusCode(200);
            LiveKitStandIn.participantsByRoom(name -> name.equals(room) ? List.of(caller.user().id().toString())
                    : null);

            reconciler.reconcile();

            assertThat(fixture.call(callId).isCalleePresent()).isTrue();
            LiveKitStandIn.participantsByRoom(name -> name.equals(room)
                    ? List.of(caller.user().id().toString(), callee.user().id().toString()) : null);
            assertGoesOnPastTheDepartureTimeout(callId);
        }
    }

    /** Sessions known: a reconnected session's leave that overtakes its own join still counts once the join comes. */
    @Test
    void aNewSessionsLeaveOvertakingItsJoinStillCounts() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = fixture.connected(caller, callee, "AUDIO");
            String room = "call-" + callId;
            Instant now = Instant.now();
            LiveKitWebhooks.participant("participant_left", room, callee.user().id(), now.plusSeconds(1))
                    .statusCode(200);
            LiveKitWebhooks.deliver(ofSession("participant_left", room, callee, "PA_reconnected", now.plusSeconds(5)))
                    .statusCode(200);
            LiveKitWebhooks.deliver(ofSession("participant_joined", room, callee, "PA_reconnected", now.plusSeconds(3)))
                    .statusCode(200);

            Call call = fixture.call(callId);
            assertThat(call.isCalleePresent()).isFalse();
            assertThat(call.calleeLeftAt).isEqualTo(Instant.ofEpochSecond(now.plusSeconds(5).getEpochSecond()));
        }
    }

    @Test
    void aPartyWhoLeavesAndDoesNotComeBackEndsTheCallWhenTheyLeft() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = fixture.connected(caller, callee, "AUDIO");
            fixture.elapse(callId, Duration.ofSeconds(100));
            reconciler.reconcile();
            assertThat(fixture.call(callId).billedMinutes).isEqualTo(2);
            LiveKitStandIn.participantsAnyRoom(List.of(caller.user().id().toString()));
            LiveKitWebhooks.participant("participant_left", "call-" + callId, callee.user().id(), Instant.now());

            fixture.elapse(callId, Duration.ofSeconds(40));
            reconciler.reconcile();
            Call ended = fixture.call(callId);
            assertThat(ended.status).isEqualTo(Call.Status.ENDED);
            assertThat(ended.endReason).isEqualTo("PARTICIPANT_LEFT");
            // Minute 3 would have started 25 s after the leave: not charged.
            assertThat(ended.billedMinutes).isEqualTo(2);
            assertThat(ended.durationSeconds).isBetween(99, 102);
            assertThat(caller.ws().await("call.ended").path("reason").asText()).isEqualTo("PARTICIPANT_LEFT");
        }
    }

    @Test
    void rejoiningWithinTheDepartureTimeoutKeepsTheCall() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = fixture.connected(caller, callee, "AUDIO");
            Instant now = Instant.now();
            LiveKitWebhooks.participant("participant_left", "call-" + callId, callee.user().id(), now.plusSeconds(1));
            LiveKitWebhooks.participant("participant_joined", "call-" + callId, callee.user().id(),
                    now.plusSeconds(8));
            fixture.elapse(callId, Duration.ofSeconds(70));
            // The scheduled pass may hold the call's lease (15 s) when this one runs: it is billed once that ends.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                reconciler.reconcile();
                assertThat(fixture.call(callId).billedMinutes).isEqualTo(2);
            });
            assertThat(fixture.call(callId).status).isEqualTo(Call.Status.ANSWERED);
        }
    }

    @Test
    void withoutAnyWebhookTheReconcilerAsksLiveKit() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = UUID.fromString(fixture.start(caller, callee, "AUDIO"));
            callee.user().request().post("/api/v1/calls/" + callId + "/accept").then().statusCode(200);
            LiveKitStandIn.participantsAnyRoom(List.of(caller.user().id().toString(),
                    callee.user().id().toString()));

            fixture.elapse(callId, Duration.ofSeconds(6));
            reconciler.reconcile();
            assertThat(fixture.call(callId).connectedAt).isNotNull();

            // Both vanish without a word; LiveKit's participant list says so.
            LiveKitStandIn.participantsAnyRoom(List.of());
            fixture.elapse(callId, Duration.ofSeconds(31));
            reconciler.reconcile();
            reconciler.reconcile();
            assertThat(fixture.call(callId).status).isEqualTo(Call.Status.ANSWERED);
            fixture.elapse(callId, Duration.ofSeconds(21));
            reconciler.reconcile();
            Call ended = fixture.call(callId);
            assertThat(ended.status).isEqualTo(Call.Status.ENDED);
            assertThat(ended.endReason).isEqualTo("PARTICIPANT_LEFT");
            assertThat(ended.billedMinutes).isEqualTo(1);
            LiveKitStandIn.server().verify(postRequestedFor(urlPathEqualTo(LiveKitStandIn.PATH + "ListParticipants")));
        }
    }

    @Test
    void dueParticipantChecksAskAboutManyRoomsInOneRequestAndListOnlyTheRoomsShortOfAParty() throws Exception {
        // Each call starts right after its callee came online: presence lapses within seconds in tests, and four
        // sign-ups in a row can take longer than that on a busy machine.
        try (Party caller1 = fixture.online(); Party callee1 = fixture.online()) {
            UUID whole = fixture.connected(caller1, callee1, "AUDIO");
            try (Party caller2 = fixture.online(); Party callee2 = fixture.online()) {
                UUID halved = fixture.connected(caller2, callee2, "AUDIO");
                // Callee 2 dropped and no webhook said so.
                Map<String, List<String>> inRoom = Map.of(
                        "call-" + whole, List.of(caller1.user().id().toString(), callee1.user().id().toString()),
                        "call-" + halved, List.of(caller2.user().id().toString()));
                LiveKitStandIn.participantsByRoom(inRoom::get);
                LiveKitStandIn.server().resetRequests();
                // Both due at once, so that whichever reconciler takes them (this one, or the scheduled one) asks
                // together.
                fixture.elapse(List.of(whole, halved), Duration.ofSeconds(31));

                reconciler.reconcile();

                assertThat(roomsAskedTogether()).anySatisfy(
                        names -> assertThat(names).contains("call-" + whole, "call-" + halved));
                assertThat(roomsListed()).contains("call-" + halved).doesNotContain("call-" + whole);
                Call stillWhole = fixture.call(whole);
                assertThat(stillWhole.participantsCheckedAt).isAfter(Instant.now().minusSeconds(5));
                assertThat(stillWhole.nextCheckAt).isAfter(Instant.now());
                assertThat(stillWhole.billedMinutes).isEqualTo(1);
                assertThat(fixture.call(halved).isCalleePresent()).isFalse();
                assertThat(fixture.call(halved).isCallerPresent()).isTrue();
            }
        }
    }

    @Test
    void answeredCallsNobodyJoinedHaveTheirRoomsAskedAboutTogetherAndOnlyARoomWithSomeoneIsListed() throws Exception {
        try (Party caller1 = fixture.online(); Party callee1 = fixture.online()) {
            UUID empty = answered(caller1, callee1);
            try (Party caller2 = fixture.online(); Party callee2 = fixture.online()) {
                UUID halfJoined = answered(caller2, callee2);
                // Nobody joined the first room; the callee of the second did, and the webhook went missing.
                Map<String, List<String>> inRoom = Map.of("call-" + halfJoined,
                        List.of(callee2.user().id().toString()));
                LiveKitStandIn.participantsByRoom(inRoom::get);
                LiveKitStandIn.server().resetRequests();
                fixture.elapse(List.of(empty, halfJoined), Duration.ofSeconds(6));

                reconciler.reconcile();

                // Whichever reconciler took them (this one or the scheduled one) asked about both rooms together.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    Call stillEmpty = fixture.call(empty);
                    assertThat(stillEmpty.status).isEqualTo(Call.Status.ANSWERED);
                    assertThat(stillEmpty.participantsCheckedAt).isAfter(Instant.now().minusSeconds(10));
                    // Looked at again after the grace, well before it gives up waiting.
                    assertThat(stillEmpty.nextCheckAt).isBetween(Instant.now(), Instant.now().plusSeconds(6));
                    assertThat(fixture.call(halfJoined).isCalleePresent()).isTrue();
                });
                assertThat(fixture.call(halfJoined).isCallerPresent()).isFalse();
                assertThat(fixture.call(halfJoined).connectedAt).isNull();
                assertThat(roomsAskedTogether()).anySatisfy(
                        names -> assertThat(names).contains("call-" + empty, "call-" + halfJoined));
                assertThat(roomsListed()).contains("call-" + halfJoined).doesNotContain("call-" + empty);
            }
        }
    }

    @Test
    void answeredButNeverConnectedFailsWithoutCharge() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = UUID.fromString(fixture.start(caller, callee, "AUDIO"));
            callee.user().request().post("/api/v1/calls/" + callId + "/accept").then().statusCode(200);
            fixture.elapse(callId, Duration.ofSeconds(61));
            reconciler.reconcile();
            Call failed = fixture.call(callId);
            assertThat(failed.status).isEqualTo(Call.Status.FAILED);
            assertThat(failed.coinsCharged).isZero();
            assertThat(fixture.coins(caller.user()).held()).isZero();
        }
    }

    /** The room names of each ListRooms request LiveKit received. */
    private static List<List<String>> roomsAskedTogether() throws Exception {
        List<List<String>> asked = new ArrayList<>();
        for (LoggedRequest request : LiveKitStandIn.server().findAll(
                postRequestedFor(urlPathEqualTo(LiveKitStandIn.PATH + "ListRooms")))) {
            asked.add(LivekitRoom.ListRoomsRequest.parseFrom(request.getBody()).getNamesList());
        }
        return asked;
    }

    /** The room of each ListParticipants request LiveKit received. */
    private static List<String> roomsListed() throws Exception {
        List<String> listed = new ArrayList<>();
        for (LoggedRequest request : LiveKitStandIn.server().findAll(
                postRequestedFor(urlPathEqualTo(LiveKitStandIn.PATH + "ListParticipants")))) {
            listed.add(LivekitRoom.ListParticipantsRequest.parseFrom(request.getBody()).getRoom());
        }
        return listed;
    }

    /** The party's event in the LiveKit session {@code sid}, rather than the one the fixture joined with. */
    private static WebhookEvent ofSession(String event, String room, Party party, String sid, Instant at) {
        return LiveKitWebhooks.event(event, room, at).setParticipant(livekit.LivekitModels.ParticipantInfo
                .newBuilder().setIdentity(party.user().id().toString()).setSid(sid)).build();
    }

    /** 25 s on, past the departure timeout (20 s): the call is still going, and minute 1 is billed. */
    private void assertGoesOnPastTheDepartureTimeout(UUID callId) {
        fixture.elapse(callId, Duration.ofSeconds(25));
        // The scheduled pass may hold the call's lease (15 s) when this one runs: it is billed once that ends.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            reconciler.reconcile();
            assertThat(fixture.call(callId).billedMinutes).isEqualTo(1);
        });
        assertThat(fixture.call(callId).status).isEqualTo(Call.Status.ANSWERED);
    }

    private UUID answered(Party caller, Party callee) {
        UUID callId = UUID.fromString(fixture.start(caller, callee, "AUDIO"));
        callee.user().request().post("/api/v1/calls/" + callId + "/accept").then().statusCode(200);
        return callId;
    }
}
