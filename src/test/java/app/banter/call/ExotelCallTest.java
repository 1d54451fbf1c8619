package app.banter.call;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import app.banter.call.CallFixture.Party;
import app.banter.testsupport.ContractRecorder;
import app.banter.testsupport.ExotelStandIn;
import app.banter.testsupport.LogCapture;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Phone calls bridged by Exotel (carrier PHONE), against the Exotel stand-in: the call placed with Exotel's
 * connect-two-numbers, billed from its StatusCallbacks (authenticated by our path token and Exotel's networks, as
 * Exotel signs nothing) or, when they never come, from its call details; the same rules as app calls. Audio costs
 * 10 coins a minute, the first 5 bridged seconds are free.
 */
@QuarkusTest
@TestProfile(ExotelCallTest.ExotelProvider.class)
class ExotelCallTest {

    public static class ExotelProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("banter.telephony.provider", "exotel");
        }
    }

    @Inject
    CallFixture fixture;

    @Inject
    CallReconciler reconciler;

    @Inject
    CallRepository calls;

    @Test
    void aBridgedCallBillsExactlyItsStartedMinutesAndNamesNoNumber() {
        try (LogCapture log = LogCapture.start(); Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            String started = startPhoneCall(caller.user(), callee.user().id()).statusCode(201)
                    .body("call.carrier", equalTo("PHONE")).body("call.status", equalTo("RINGING"))
                    .body("token", nullValue()).body("livekitUrl", nullValue()).extract().asString();
            UUID callId = UUID.fromString(JsonPath.from(started).getString("call.id"));
            ExotelStandIn.Placed placed = ExotelStandIn.placedFor(callId);
            assertThat(placed.form()).containsEntry("From", caller.user().phone())
                    .containsEntry("To", callee.user().phone()).containsEntry("CallerId", "local-exophone")
                    .containsEntry("TimeOut", "30").containsKey("StatusCallback");
            assertThat(placed.form().get("StatusCallback")).contains("/api/v1/webhooks/exotel/"
                    + ExotelStandIn.CALLBACK_TOKEN).endsWith("?callId=" + callId);
            callee.ws().await("call.incoming");

            Instant bridged = Instant.now().minusSeconds(130);
            callback(callId, answered(placed.sid(), callId, bridged)).statusCode(200)
                    .body("outcome", equalTo("PROCESSED"));
            caller.ws().await("call.accepted");
            callback(callId, terminal(placed.sid(), callId, "completed", bridged, 130)).statusCode(200)
                    .body("outcome", equalTo("PROCESSED"));

            Call call = fixture.call(callId);
            assertThat(call.status).isEqualTo(Call.Status.ENDED);
            // Bridged 130 s: minutes start at 5 s, 65 s and 125 s.
            assertThat(call.billedMinutes).isEqualTo(3);
            assertThat(call.coinsCharged).isEqualTo(30);
            assertThat(call.durationSeconds).isEqualTo(130);
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(70);
            assertThat(fixture.coins(caller.user()).held()).isZero();
            assertThat(fixture.earnings(callee.user()).balance()).isEqualTo(18);
            assertThat(fixture.transfersOf(callId)).as("the settlement's two shares").isEqualTo(2);

            String view = caller.user().request().get("/api/v1/calls/" + callId).then().statusCode(200)
                    .body("billedMinutes", equalTo(3)).extract().asString();
            String history = callee.user().request().get("/api/v1/calls").then().statusCode(200).extract().asString();
            String ended = caller.ws().await("call.ended").toString();
            for (String number : List.of(caller.user().phone(), callee.user().phone(), digits(caller.user()),
                    digits(callee.user()))) {
                assertThat(started + view + history + ended).doesNotContain(number);
                assertThat(log.lines()).noneMatch(line -> String.valueOf(line.message()).contains(number)
                        || (line.thrown() != null && String.valueOf(line.thrown().getMessage()).contains(number)));
            }
        }
    }

    @Test
    void aCallerWhoCanAffordTwoMinutesGetsATimeLimitOf120Seconds() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 25);
            UUID callId = start(caller, callee);
            assertThat(ExotelStandIn.placedFor(callId).form()).containsEntry("TimeLimit", "120");
            assertThat(fixture.coins(caller.user()).held()).isEqualTo(10);
        }
    }

    @ParameterizedTest
    @CsvSource({ "busy, REJECTED, BUSY", "no-answer, MISSED, NO_ANSWER", "failed, FAILED, PHONE_CALL_FAILED" })
    void unansweredCallsChargeNothingAndReleaseTheHold(String exotelStatus, Call.Status status, String reason) {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 50);
            UUID callId = start(caller, callee);
            assertThat(fixture.coins(caller.user()).held()).isEqualTo(10);
            String sid = ExotelStandIn.placedFor(callId).sid();
            callback(callId, terminal(sid, callId, exotelStatus, Instant.now().minusSeconds(20), 0)).statusCode(200);

            Call call = fixture.call(callId);
            assertThat(call.status).isEqualTo(status);
            assertThat(call.endReason).isEqualTo(reason);
            assertThat(call.coinsCharged).isZero();
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(50);
            assertThat(fixture.coins(caller.user()).held()).isZero();
            // Both free again.
            start(caller, callee);
        }
    }

    @Test
    void duplicateAndReorderedCallbacksBillOnce() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            UUID callId = start(caller, callee);
            String sid = ExotelStandIn.placedFor(callId).sid();
            Instant bridged = Instant.now().minusSeconds(70);
            Map<String, Object> terminal = terminal(sid, callId, "completed", bridged, 70);
            // The terminal status first, twice, then the late "answered": billed once, from the terminal one alone.
            callback(callId, terminal).statusCode(200).body("outcome", equalTo("PROCESSED"));
            callback(callId, terminal).statusCode(200).body("outcome", equalTo("DUPLICATE"));
            callback(callId, answered(sid, callId, bridged)).statusCode(200).body("outcome", equalTo("IGNORED"));
            callback(callId, answered(sid, callId, bridged)).statusCode(200).body("outcome", equalTo("DUPLICATE"));
            reconciler.reconcile();

            assertEndedAndBilled(callId, caller, 2);
            assertThat(fixture.transfersOf(callId)).as("the settlement's two shares").isEqualTo(2);
        }
    }

    @Test
    void aCallWhoseCallbacksNeverArriveIsSettledFromTheCallDetails() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            UUID callId = start(caller, callee);
            String sid = ExotelStandIn.placedFor(callId).sid();
            // Bridged and still going, by Exotel's details only.
            Instant bridged = Instant.now().minusSeconds(100);
            ExotelStandIn.setCall(sid, "in-progress", bridged, null, null);
            fixture.elapse(callId, Duration.ofMinutes(2));
            reconciler.reconcile();
            Call connected = fixture.call(callId);
            assertThat(connected.status).isEqualTo(Call.Status.ANSWERED);
            assertThat(connected.connectedAt).isEqualTo(bridged.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

            // Over after 70 s of conversation; no terminal callback ever comes.
            ExotelStandIn.setCall(sid, "completed", bridged, bridged.plusSeconds(70), 70);
            QuarkusTransaction.requiringNew().run(() -> calls.lock(callId).ifPresent(c -> {
                c.nextCheckAt = Instant.now();
                c.participantsCheckedAt = Instant.now().minusSeconds(120);
            }));
            reconciler.reconcile();
            assertEndedAndBilled(callId, caller, 2);
        }
    }

    @Test
    void aCallEndedInTheAppWithinTheGraceIsBilledForWhatThePhonesTalked() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            UUID callId = start(caller, callee);
            String sid = ExotelStandIn.placedFor(callId).sid();
            callback(callId, answered(sid, callId, Instant.now())).statusCode(200);

            // Within the 5 free seconds; Exotel cannot hang up, so the phones stay bridged and the call goes on.
            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(202)
                    .body("status", equalTo("ANSWERED"));
            Call asked = fixture.call(callId);
            assertThat(asked.status).isEqualTo(Call.Status.ANSWERED);
            assertThat(asked.endRequestedAt).isNotNull();
            assertThat(fixture.coins(caller.user()).held()).isEqualTo(10);

            // They talk on for 185 s, billed minute by minute as any connected call.
            fixture.elapse(callId, Duration.ofSeconds(185));
            reconciler.reconcile();
            assertThat(fixture.call(callId).status).isEqualTo(Call.Status.ANSWERED);
            Instant bridged = fixture.call(callId).connectedAt;
            callback(callId, terminal(sid, callId, "completed", bridged, 185)).statusCode(200)
                    .body("outcome", equalTo("PROCESSED"));

            // Minutes start at 5 s, 65 s, 125 s and 185 s of the bridge: four started.
            assertEndedAndBilled(callId, caller, 4);
            assertThat(fixture.call(callId).durationSeconds).isEqualTo(185);
            assertThat(fixture.earnings(callee.user()).balance()).isEqualTo(24);
            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200)
                    .body("status", equalTo("ENDED"));
        }
    }

    @Test
    void aRingingCallCancelledInTheAppAndAnsweredOnThePhoneIsBilled() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            UUID callId = start(caller, callee);
            String sid = ExotelStandIn.placedFor(callId).sid();
            caller.user().request().post("/api/v1/calls/" + callId + "/cancel").then().statusCode(202)
                    .body("status", equalTo("RINGING"));
            // Not free for another call: the phones ring on.
            startPhoneCall(caller.user(), callee.user().id()).statusCode(409).body("code", equalTo("ALREADY_IN_CALL"));

            // The callee answers the phone after the cancel, and they talk for 70 s.
            callback(callId, answered(sid, callId, Instant.now())).statusCode(200)
                    .body("outcome", equalTo("PROCESSED"));
            fixture.elapse(callId, Duration.ofSeconds(70));
            callback(callId, terminal(sid, callId, "completed", fixture.call(callId).connectedAt, 70)).statusCode(200)
                    .body("outcome", equalTo("PROCESSED"));

            assertEndedAndBilled(callId, caller, 2);
            assertThat(fixture.earnings(callee.user()).balance()).isEqualTo(12);
        }
    }

    @Test
    void aCallEndedInTheAppWhoseEndExotelNeverReportsEndsAfterItsTimeLimit() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 25);
            UUID callId = start(caller, callee);
            String sid = ExotelStandIn.placedFor(callId).sid();
            Instant bridged = Instant.now();
            callback(callId, answered(sid, callId, bridged)).statusCode(200);
            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(202);
            // Exotel's details keep saying the call is in progress, and no terminal callback ever comes.
            ExotelStandIn.setCall(sid, "in-progress", bridged, null, null);
            fixture.elapse(callId, Duration.ofMinutes(2));
            reconciler.reconcile();
            assertThat(fixture.call(callId).status).isEqualTo(Call.Status.ANSWERED);

            // The ring window (90 s) and the TimeLimit (120 s) have passed, and a participant check more (30 s).
            fixture.elapse(callId, Duration.ofMinutes(2));
            reconciler.reconcile();
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.call(callId).status.isTerminal());
            Call call = fixture.call(callId);
            assertThat(call.status).isEqualTo(Call.Status.ENDED);
            assertThat(call.endReason).isEqualTo("NOT_REPORTED");
            // Ended where the caller asked, within the free seconds: the minutes billed meanwhile are given back.
            assertThat(call.billedMinutes).isZero();
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(25);
            assertThat(fixture.coins(caller.user()).held()).isZero();
        }
    }

    @Test
    void aCallWhoseEndExotelNeverReportsEndsAtExotelsFourHourCapNotAtWhatTheCallerCouldAfford() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            // 300 minutes' worth at 10 coins a minute: more than Exotel lets a call last.
            fixture.leaveCoins(caller.user(), 3000);
            UUID callId = start(caller, callee);
            String sid = ExotelStandIn.placedFor(callId).sid();
            assertThat(ExotelStandIn.placedFor(callId).form()).containsEntry("TimeLimit", "14400");
            assertThat(fixture.call(callId).timeLimitSeconds).isEqualTo(14_400);
            callback(callId, answered(sid, callId, Instant.now())).statusCode(200);

            // No terminal callback ever comes. The ring window (90 s), Exotel's 4 hours and a participant check more
            // (30 s) have passed: Exotel has cut the call for certain.
            fixture.elapse(callId, Duration.ofSeconds(90 + 14_400 + 30 + 30));
            reconciler.reconcile();
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.call(callId).status.isTerminal());
            Call call = fixture.call(callId);
            assertThat(call.status).isEqualTo(Call.Status.ENDED);
            assertThat(call.endReason).isEqualTo("NOT_REPORTED");
            assertThat(call.endedAt).isEqualTo(call.ringExpiresAt.plusSeconds(14_400));
            // Bridged about 14,490 s by then: minutes start at 5 s, 65 s ... 14,465 s, 242 of them, and no more.
            assertThat(call.billedMinutes).isEqualTo(242);
            assertThat(call.coinsCharged).isEqualTo(2420);
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(580);
            assertThat(fixture.coins(caller.user()).held()).isZero();
        }
    }

    @Test
    void aConnectWhoseAnswerIsLostIsBilledWhenThePhonesRingAllTheSame() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            ExotelStandIn.loseNextConnectAnswer();
            startPhoneCall(caller.user(), callee.user().id()).statusCode(502)
                    .body("code", equalTo("TELEPHONY_UNAVAILABLE"));
            UUID callId = UUID.fromString(caller.user().request().get("/api/v1/calls").then().statusCode(200)
                    .body("items[0].status", equalTo("INITIATED")).extract().path("items[0].id"));

            // Exotel placed it: its callbacks, which name our call, bridge it and end it.
            String sid = ExotelStandIn.placedFor(callId).sid();
            callback(callId, answered(sid, callId, Instant.now())).statusCode(200)
                    .body("outcome", equalTo("PROCESSED"));
            assertThat(fixture.call(callId).providerCallId).isEqualTo(sid);
            fixture.elapse(callId, Duration.ofSeconds(70));
            callback(callId, terminal(sid, callId, "completed", fixture.call(callId).connectedAt, 70)).statusCode(200);

            assertEndedAndBilled(callId, caller, 2);
        }
    }

    @Test
    void aConnectWhoseAnswerIsLostAndThatNeverRingsFailsAfterTheRingWindow() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            ExotelStandIn.loseNextConnectAnswer();
            startPhoneCall(caller.user(), callee.user().id()).statusCode(502);
            UUID callId = UUID.fromString(caller.user().request().get("/api/v1/calls").then().statusCode(200)
                    .extract().path("items[0].id"));
            fixture.elapse(callId, Duration.ofSeconds(91));
            reconciler.reconcile();
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.call(callId).status.isTerminal());
            assertThat(fixture.call(callId).status).isEqualTo(Call.Status.FAILED);
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(100);
            assertThat(fixture.coins(caller.user()).held()).isZero();
            start(caller, callee);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 502, 503, 504 })
    void aConnectAnsweredWithAGatewayErrorIsBilledWhenThePhonesTalkAllTheSame(int status) {
        assertBilledForTenMinutesAfterAnUnconfirmedConnect(() -> ExotelStandIn.failNextConnectAfterPlacing(status));
    }

    @Test
    void aConnectAnsweredWithoutASidIsBilledWhenThePhonesTalkAllTheSame() {
        assertBilledForTenMinutesAfterAnUnconfirmedConnect(ExotelStandIn::answerNextConnectWithoutSid);
    }

    /**
     * Exotel placed the call though its answer to our connect did not say so: its callbacks, which name our call,
     * bridge it and bill its 600 s of conversation (minutes start at 5 s, 65 s ... 545 s: ten, all of the caller's
     * 100 coins, which the TimeLimit of 600 s was set by).
     */
    private void assertBilledForTenMinutesAfterAnUnconfirmedConnect(Runnable connectAnswer) {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            connectAnswer.run();
            startPhoneCall(caller.user(), callee.user().id()).statusCode(502)
                    .body("code", equalTo("TELEPHONY_UNAVAILABLE"));
            UUID callId = latestCall(caller.user());

            String sid = ExotelStandIn.placedFor(callId).sid();
            Instant bridged = Instant.now().minusSeconds(600);
            callback(callId, answered(sid, callId, bridged)).statusCode(200);
            callback(callId, terminal(sid, callId, "completed", bridged, 600)).statusCode(200);

            Call call = fixture.call(callId);
            assertThat(call.status).isEqualTo(Call.Status.ENDED);
            assertThat(call.providerCallId).isEqualTo(sid);
            assertThat(call.billedMinutes).isEqualTo(10);
            assertThat(call.coinsCharged).isEqualTo(100);
            assertThat(call.durationSeconds).isEqualTo(600);
            assertThat(fixture.coins(caller.user()).balance()).isZero();
            assertThat(fixture.coins(caller.user()).held()).isZero();
            assertThat(fixture.earnings(callee.user()).balance()).isEqualTo(60);
        }
    }

    @Test
    void aCallExotelPlacedAfterItEndedHereIsLoggedForAPersonAsExotelCannotHangItUp() {
        try (LogCapture log = LogCapture.start(); Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            ExotelStandIn.failNextConnectAfterPlacing(504);
            startPhoneCall(caller.user(), callee.user().id()).statusCode(502);
            UUID callId = latestCall(caller.user());
            // Nothing placed that we know of: the call ends here at once.
            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200)
                    .body("status", equalTo("CANCELLED"));

            // Exotel did place it: the phones ring, and may talk unbilled up to the TimeLimit.
            String sid = ExotelStandIn.placedFor(callId).sid();
            callback(callId, answered(sid, callId, Instant.now())).statusCode(200)
                    .body("outcome", equalTo("IGNORED"));
            assertThat(fixture.call(callId).status).isEqualTo(Call.Status.CANCELLED);
            assertThat(log.warnings()).anyMatch(line -> line.level().intValue() >= Level.SEVERE.intValue()
                    && line.message().contains(callId.toString()) && line.message().contains(sid));
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(100);
            assertThat(fixture.coins(caller.user()).held()).isZero();
        }
    }

    @Test
    void anUnauthenticatedCallbackIsRefusedAndChangesNothing() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            UUID callId = start(caller, callee);
            String sid = ExotelStandIn.placedFor(callId).sid();
            Map<String, Object> busy = terminal(sid, callId, "busy", Instant.now(), 0);
            given().contentType(ContentType.JSON).body(busy).post("/api/v1/webhooks/exotel/wrong-token?callId="
                    + callId).then().statusCode(401).body("code", equalTo("INVALID_WEBHOOK_SIGNATURE"));
            assertThat(fixture.call(callId).status).isEqualTo(Call.Status.RINGING);
            // Exotel's own delivery of the same status still counts: the refusals recorded nothing.
            callback(callId, busy).statusCode(200).body("outcome", equalTo("PROCESSED"));
            given().contentType(ContentType.JSON).body("{\"CallSid\":\"x\"}")
                    .post("/api/v1/webhooks/exotel/" + ExotelStandIn.CALLBACK_TOKEN).then().statusCode(400);
        }
    }

    @Test
    void theRulesOfAppCallsHold() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller); Party third = fixture.online()) {
            Social.befriend(third.user(), callee.user());
            fixture.leaveCoins(third.user(), 9);
            startPhoneCall(third.user(), callee.user().id()).statusCode(402).body("code",
                    equalTo("INSUFFICIENT_BALANCE"));
            ContractRecorder contract = ContractRecorder.ofServedDocument();
            caller.user().request().filter(contract)
                    .body(Map.of("calleeId", callee.user().id(), "type", "VIDEO", "carrier", "PHONE"))
                    .post("/api/v1/calls").then().statusCode(400).body("code", equalTo("PHONE_CALL_AUDIO_ONLY"));
            assertThat(contract.mismatches()).as("answers that do not match /q/openapi").isEmpty();

            UUID first = start(caller, callee);
            // Only a caller who can pay the first minute learns whether the callee is busy.
            startPhoneCall(third.user(), callee.user().id()).statusCode(402);
            fixture.leaveCoins(third.user(), 100);
            startPhoneCall(third.user(), callee.user().id()).statusCode(409).body("code", equalTo("USER_BUSY"));
            startPhoneCall(caller.user(), third.user().id()).statusCode(409).body("code", equalTo("ALREADY_IN_CALL"));
            callee.user().request().post("/api/v1/calls/" + first + "/accept").then().statusCode(409)
                    .body("code", equalTo("ANSWER_ON_PHONE"));
            // Exotel cannot stop the ringing: the cancel is asked, and Exotel's report ends the call.
            caller.user().request().post("/api/v1/calls/" + first + "/cancel").then().statusCode(202)
                    .body("status", equalTo("RINGING"));
            callback(first, terminal(ExotelStandIn.placedFor(first).sid(), first, "no-answer", Instant.now(), 0))
                    .statusCode(200);

            Social.block(callee.user(), caller.user());
            startPhoneCall(caller.user(), callee.user().id()).statusCode(404);
            startPhoneCall(callee.user(), caller.user().id()).statusCode(409).body("code", equalTo("USER_BLOCKED"));

            TestUser moderator = TestUsers.moderator();
            moderator.request().body(Map.of("reason", "spam"))
                    .post("/api/v1/moderation/users/" + third.user().id() + "/restrict").then().statusCode(200);
            startPhoneCall(third.user(), caller.user().id()).statusCode(403);
            assertThat(ExotelStandIn.connectRequests()).isPositive();
        }
    }

    /**
     * A phone call rings the callee's own phone: a stranger's is refused unless the callee takes phone calls from
     * everyone, before Exotel is asked anything and without leaving a hold or a call behind.
     */
    @Test
    void aStrangersPhoneCallIsPlacedOnlyWhenTheCalleeTakesThemFromEveryone() {
        try (Party stranger = fixture.online(); Party callee = fixture.online()) {
            int connects = ExotelStandIn.connectRequests();
            startPhoneCall(stranger.user(), callee.user().id()).statusCode(403)
                    .body("code", equalTo("PHONE_CALLS_NOT_ACCEPTED"));
            assertThat(ExotelStandIn.connectRequests()).isEqualTo(connects);
            assertThat(fixture.coins(stranger.user()).held()).isZero();
            stranger.user().request().get("/api/v1/calls").then().statusCode(200).body("items", empty());
            callee.ws().assertNone("call.incoming", Duration.ofMillis(300));
            callee.user().request().get("/api/v1/me/privacy").then().statusCode(200)
                    .body("phoneCallsFrom", equalTo("FRIENDS"));
            callee.user().request().body(Map.of("phoneCallsFrom", "STRANGERS")).put("/api/v1/me/privacy").then()
                    .statusCode(400);

            phoneCallsFrom(callee.user(), "EVERYONE");
            UUID callId = start(stranger, callee);
            assertThat(ExotelStandIn.placedFor(callId).form()).containsEntry("To", callee.user().phone());
        }
    }

    /** Friends ring each other's phones by default; not someone who takes phone calls from nobody. */
    @Test
    void aFriendsPhoneCallIsPlacedUnlessTheCalleeTakesThemFromNobody() {
        try (Party caller = fixture.online(); Party friend = fixture.friendOf(caller)) {
            UUID callId = start(caller, friend);
            assertThat(ExotelStandIn.placedFor(callId).form()).containsEntry("To", friend.user().phone());
            callback(callId, terminal(ExotelStandIn.placedFor(callId).sid(), callId, "no-answer", Instant.now(), 0))
                    .statusCode(200);

            phoneCallsFrom(friend.user(), "NOBODY");
            int connects = ExotelStandIn.connectRequests();
            startPhoneCall(caller.user(), friend.user().id()).statusCode(403)
                    .body("code", equalTo("PHONE_CALLS_NOT_ACCEPTED"));
            assertThat(ExotelStandIn.connectRequests()).isEqualTo(connects);
            assertThat(fixture.coins(caller.user()).held()).isZero();
            // In the app they still call each other.
            caller.user().request().body(Map.of("calleeId", friend.user().id(), "type", "AUDIO"))
                    .post("/api/v1/calls").then().statusCode(201).body("call.carrier", equalTo("APP"));
        }
    }

    private static void phoneCallsFrom(TestUser user, String whom) {
        user.request().body(Map.of("phoneCallsFrom", whom)).put("/api/v1/me/privacy").then().statusCode(200)
                .body("phoneCallsFrom", equalTo(whom));
    }

    /**
     * The call ended with {@code minutes} billed at the test rate, 10 coins a minute, out of the caller's 100, and its
     * hold holds nothing more.
     */
    private void assertEndedAndBilled(UUID callId, Party caller, int minutes) {
        Call call = fixture.call(callId);
        assertThat(call.status).isEqualTo(Call.Status.ENDED);
        assertThat(call.billedMinutes).isEqualTo(minutes);
        assertThat(call.coinsCharged).isEqualTo(10L * minutes);
        assertThat(fixture.coins(caller.user()).balance()).isEqualTo(100 - 10L * minutes);
        assertThat(fixture.coins(caller.user()).held()).isZero();
    }

    /** The caller's newest call, as their history lists it: a start answered 502 returns none. */
    private static UUID latestCall(TestUser caller) {
        return UUID.fromString(caller.request().get("/api/v1/calls").then().statusCode(200).extract()
                .path("items[0].id"));
    }

    private UUID start(Party caller, Party callee) {
        return UUID.fromString(startPhoneCall(caller.user(), callee.user().id()).statusCode(201).extract()
                .path("call.id"));
    }

    private static ValidatableResponse startPhoneCall(TestUser caller, UUID calleeId) {
        return caller.request().body(Map.of("calleeId", calleeId, "type", "AUDIO", "carrier", "PHONE"))
                .post("/api/v1/calls").then();
    }

    /** Posted as Exotel posts it: JSON (we ask for StatusCallbackContentType application/json) to our token URL. */
    static ValidatableResponse callback(UUID callId, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body)
                .post("/api/v1/webhooks/exotel/" + ExotelStandIn.CALLBACK_TOKEN + "?callId=" + callId).then();
    }

    /** The "answered" event's payload (developer.exotel.com/docs/voice-v1/api-reference/status-callback). */
    static Map<String, Object> answered(String sid, UUID callId, Instant at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("CallSid", sid);
        body.put("EventType", "answered");
        body.put("Status", "in-progress");
        body.put("DateCreated", ExotelStandIn.TIME.format(at.minusSeconds(10)));
        body.put("DateUpdated", ExotelStandIn.TIME.format(at));
        body.put("StartTime", ExotelStandIn.TIME.format(at.minusSeconds(10)));
        body.put("Direction", "outbound-api");
        body.put("CustomField", callId.toString());
        // Exotel echoes both numbers back; they must go no further than this request.
        body.put("From", ExotelStandIn.placedFor(callId).form().get("From"));
        body.put("To", ExotelStandIn.placedFor(callId).form().get("To"));
        return body;
    }

    /** The terminal event's payload, with how long the two phones were connected. */
    static Map<String, Object> terminal(String sid, UUID callId, String status, Instant bridged,
            int conversationSeconds) {
        Instant end = bridged.plusSeconds(conversationSeconds);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("CallSid", sid);
        body.put("EventType", "terminal");
        body.put("Status", status);
        body.put("DateCreated", ExotelStandIn.TIME.format(bridged.minusSeconds(10)));
        body.put("DateUpdated", ExotelStandIn.TIME.format(end));
        body.put("StartTime", ExotelStandIn.TIME.format(bridged.minusSeconds(10)));
        body.put("EndTime", ExotelStandIn.TIME.format(end));
        body.put("ConversationDuration", conversationSeconds);
        body.put("Direction", "outbound-api");
        body.put("CustomField", callId.toString());
        // Exotel echoes both numbers back; they must go no further than this request.
        body.put("From", ExotelStandIn.placedFor(callId).form().get("From"));
        body.put("To", ExotelStandIn.placedFor(callId).form().get("To"));
        body.put("Legs", List.of(Map.of("OnCallDuration", conversationSeconds + 10, "Status", status),
                Map.of("OnCallDuration", conversationSeconds, "Status", status)));
        return body;
    }

    /** The number as the last ten digits, however formatted. */
    private static String digits(TestUser user) {
        return user.phone().substring(user.phone().length() - 10);
    }
}
