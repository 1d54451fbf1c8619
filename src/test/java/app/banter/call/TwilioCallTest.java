package app.banter.call;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import app.banter.call.CallFixture.Party;
import app.banter.telephony.PhoneCallRequest;
import app.banter.telephony.exotel.ExotelProvider;
import app.banter.testsupport.LogCapture;
import app.banter.testsupport.TwilioStandIn;
import app.banter.testsupport.TwilioStandIn.Leg;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Phone calls through Twilio (carrier PHONE), the official SDK talking to the Twilio stand-in: a call to the caller
 * whose TwiML dials the callee with our number and the affordable timeLimit; status callbacks of both legs signed in
 * X-Twilio-Signature as Twilio signs them; call details read by the reconciler when callbacks never come; a call
 * whose caller runs out hung up through Twilio's API.
 */
@QuarkusTest
@TestProfile(TwilioCallTest.TwilioProvider.class)
class TwilioCallTest {

    public static class TwilioProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("banter.telephony.provider", "twilio");
        }
    }

    @Inject
    CallFixture fixture;

    @Inject
    CallReconciler reconciler;

    @Inject
    CallRepository calls;

    @Inject
    ExotelProvider exotel;

    @Test
    void aBridgedCallBillsExactlyItsStartedMinutes() {
        try (LogCapture log = LogCapture.start(); Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            String started = startPhoneCall(caller, callee).statusCode(201).body("call.carrier", equalTo("PHONE"))
                    .extract().asString();
            UUID callId = UUID.fromString(io.restassured.path.json.JsonPath.from(started).getString("call.id"));
            TwilioStandIn.Placed placed = TwilioStandIn.placedFor(callId);
            assertThat(placed.form()).containsEntry("To", caller.user().phone())
                    .containsEntry("From", TwilioStandIn.FROM_NUMBER).containsEntry("Timeout", "30");
            assertThat(placed.form().get("Twiml")).contains("callerId=\"" + TwilioStandIn.FROM_NUMBER + "\"")
                    .contains(">" + callee.user().phone() + "</Number>");
            String parent = placed.caller().sid();
            String child = TwilioStandIn.newSid();

            Instant bridged = Instant.now().minusSeconds(130);
            callback(callId, leg(parent, null, "ringing", bridged.minusSeconds(15), null, callId))
                    .body("outcome", equalTo("IGNORED"));
            callback(callId, leg(parent, null, "in-progress", bridged.minusSeconds(10), null, callId))
                    .body("outcome", equalTo("IGNORED"));
            assertThat(call(callId).connectedAt).isNull();
            callback(callId, leg(child, parent, "in-progress", bridged, null, callId))
                    .body("outcome", equalTo("PROCESSED"));
            callback(callId, leg(child, parent, "completed", bridged.plusSeconds(130), 130, callId))
                    .body("outcome", equalTo("PROCESSED"));
            callback(callId, leg(parent, null, "completed", bridged.plusSeconds(131), 141, callId))
                    .body("outcome", equalTo("IGNORED"));

            Call call = call(callId);
            assertThat(call.status).isEqualTo(Call.Status.ENDED);
            assertThat(call.billedMinutes).isEqualTo(3);
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(70);
            assertThat(fixture.coins(caller.user()).held()).isZero();
            assertThat(fixture.earnings(callee.user()).balance()).isEqualTo(18);
            String view = callee.user().request().get("/api/v1/calls/" + callId).then().statusCode(200).extract()
                    .asString();
            for (String number : List.of(caller.user().phone(), callee.user().phone())) {
                assertThat(started + view).doesNotContain(number);
                assertThat(log.lines()).noneMatch(line -> String.valueOf(line.message()).contains(number));
            }
        }
    }

    @Test
    void aCallerWhoCanAffordTwoMinutesGetsATimeLimitOf120Seconds() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 29);
            UUID callId = start(caller, callee);
            TwilioStandIn.Placed placed = TwilioStandIn.placedFor(callId);
            assertThat(placed.form().get("Twiml")).contains("timeLimit=\"120\"");
            // The caller's own leg is bounded too: the 120 s plus the time the callee may take to answer.
            assertThat(placed.form()).containsEntry("TimeLimit", "150");
        }
    }

    @Test
    void aCallerWhoCanAffordMoreThanFourHoursGetsTwiliosFourHours() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 3000);
            UUID callId = start(caller, callee);
            TwilioStandIn.Placed placed = TwilioStandIn.placedFor(callId);
            // 300 minutes affordable; Twilio's calls last 4 hours unless the account was set otherwise.
            assertThat(placed.form().get("Twiml")).contains("timeLimit=\"14400\"");
            assertThat(placed.form()).containsEntry("TimeLimit", "14430");
            assertThat(call(callId).timeLimitSeconds).isEqualTo(14_400);
        }
    }

    @Test
    void aForgedSignatureIsRefusedAndChangesNothing() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            UUID callId = start(caller, callee);
            String parent = TwilioStandIn.placedFor(callId).caller().sid();
            Map<String, String> busy = leg(TwilioStandIn.newSid(), parent, "busy", Instant.now(), 0, callId);
            String url = url(callId);
            post(callId, busy, TwilioStandIn.sign("not-our-auth-token", url, busy)).statusCode(401)
                    .body("code", equalTo("INVALID_WEBHOOK_SIGNATURE"));
            Map<String, String> altered = new LinkedHashMap<>(busy);
            String signature = TwilioStandIn.sign(TwilioStandIn.AUTH_TOKEN, url, busy);
            altered.put("CallStatus", "completed");
            post(callId, altered, signature).statusCode(401);
            given().contentType(ContentType.URLENC).formParams(busy).post("/api/v1/webhooks/twilio?callId=" + callId)
                    .then().statusCode(401);
            assertThat(call(callId).status).isEqualTo(Call.Status.RINGING);
            post(callId, busy, signature).statusCode(200).body("outcome", equalTo("PROCESSED"));
            assertThat(call(callId).status).isEqualTo(Call.Status.REJECTED);
            assertThat(fixture.coins(caller.user()).held()).isZero();
        }
    }

    @Test
    void aCallWhoseCallbacksNeverArriveIsSettledFromTheCallDetails() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            UUID callId = start(caller, callee);
            String parent = TwilioStandIn.placedFor(callId).caller().sid();
            Instant bridged = Instant.now().minusSeconds(100);
            TwilioStandIn.setLegs(parent, new Leg(parent, "completed", bridged.minusSeconds(10), bridged.plusSeconds(70)),
                    new Leg(TwilioStandIn.newSid(), "completed", bridged, bridged.plusSeconds(70)));
            fixture.elapse(callId, Duration.ofMinutes(2));
            reconciler.reconcile();

            Call settled = call(callId);
            assertThat(settled.status).isEqualTo(Call.Status.ENDED);
            assertThat(settled.durationSeconds).isEqualTo(70);
            assertThat(settled.billedMinutes).isEqualTo(2);
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(80);
            assertThat(fixture.coins(caller.user()).held()).isZero();
        }
    }

    @Test
    void aCallerWhoRunsOutIsHungUpThroughTwilio() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 10);
            UUID callId = start(caller, callee);
            String parent = TwilioStandIn.placedFor(callId).caller().sid();
            String child = TwilioStandIn.newSid();
            callback(callId, leg(child, parent, "in-progress", Instant.now().minusSeconds(70), null, callId))
                    .body("outcome", equalTo("PROCESSED"));
            reconciler.reconcile();

            // The scheduled reconciler may have taken the call first (its lock makes this pass skip it): wait for it.
            await().atMost(Duration.ofSeconds(10)).until(() -> call(callId).status == Call.Status.ENDED);
            Call call = call(callId);
            assertThat(call.endReason).isEqualTo("INSUFFICIENT_BALANCE");
            assertThat(call.billedMinutes).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> TwilioStandIn.wasHungUp(parent));
            assertThat(fixture.coins(caller.user()).balance()).isZero();
            assertThat(fixture.coins(caller.user()).held()).isZero();
            // Twilio's own report of the end changes nothing more.
            callback(callId, leg(child, parent, "completed", Instant.now(), 70, callId))
                    .body("outcome", equalTo("IGNORED"));
        }
    }

    @Test
    void aCallEndedInTheAppEndsAtOnceAndIsHungUpThroughTwilio() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            UUID callId = start(caller, callee);
            String parent = TwilioStandIn.placedFor(callId).caller().sid();
            String child = TwilioStandIn.newSid();
            callback(callId, leg(child, parent, "in-progress", Instant.now().minusSeconds(70), null, callId))
                    .body("outcome", equalTo("PROCESSED"));

            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200)
                    .body("status", equalTo("ENDED")).body("billedMinutes", equalTo(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> TwilioStandIn.wasHungUp(parent));
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(80);
            assertThat(fixture.coins(caller.user()).held()).isZero();
        }
    }

    @Test
    void aRingingCallCancelledInTheAppIsHungUpThroughTwilio() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            UUID callId = start(caller, callee);
            String parent = TwilioStandIn.placedFor(callId).caller().sid();
            caller.user().request().post("/api/v1/calls/" + callId + "/cancel").then().statusCode(200)
                    .body("status", equalTo("CANCELLED"));
            await().atMost(Duration.ofSeconds(10)).until(() -> TwilioStandIn.wasHungUp(parent));
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(100);
            assertThat(fixture.coins(caller.user()).held()).isZero();
        }
    }

    @Test
    void aCreateAnsweredWithAServerErrorIsBilledWhenThePhonesTalkAllTheSame() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            TwilioStandIn.failNextCreateAfterPlacing(503);
            int createsBefore = TwilioStandIn.createRequests();
            startPhoneCall(caller, callee).statusCode(502).body("code", equalTo("TELEPHONY_UNAVAILABLE"));
            UUID callId = newestCall(caller).orElseThrow();
            // Sent once: repeated, a create that placed its call may place another, which nothing would bill.
            assertThat(TwilioStandIn.createRequests()).isEqualTo(createsBefore + 1);

            // Twilio placed it all the same: its callbacks, which name our call, bridge it and end it.
            String parent = TwilioStandIn.placedFor(callId).caller().sid();
            String child = TwilioStandIn.newSid();
            Instant bridged = Instant.now().minusSeconds(70);
            callback(callId, leg(child, parent, "in-progress", bridged, null, callId));
            callback(callId, leg(child, parent, "completed", bridged.plusSeconds(70), 70, callId));

            Call call = call(callId);
            assertThat(call.status).isEqualTo(Call.Status.ENDED);
            assertThat(call.providerCallId).isEqualTo(parent);
            assertThat(call.billedMinutes).isEqualTo(2);
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(80);
            assertThat(fixture.coins(caller.user()).held()).isZero();
            assertThat(fixture.earnings(callee.user()).balance()).isEqualTo(12);
        }
    }

    @Test
    void aCallWhoseCreateIsAnsweredAfterItEndedHereIsHungUpThroughTwilio() throws Exception {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            TwilioStandIn.delayNextCreateAnswer(Duration.ofSeconds(3));
            CompletableFuture<ValidatableResponse> starting = CompletableFuture
                    .supplyAsync(() -> startPhoneCall(caller, callee));
            UUID callId = await().atMost(Duration.ofSeconds(10)).until(() -> newestCall(caller), Optional::isPresent)
                    .orElseThrow();
            String parent = await().atMost(Duration.ofSeconds(10))
                    .until(() -> placedSid(callId), Optional::isPresent).orElseThrow();

            // Ended while Twilio's answer is on its way: nothing placed that we know of, so it ends at once.
            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200)
                    .body("status", equalTo("CANCELLED"));
            starting.get(60, TimeUnit.SECONDS).statusCode(201).body("call.status", equalTo("CANCELLED"));

            await().atMost(Duration.ofSeconds(10)).until(() -> TwilioStandIn.wasHungUp(parent));
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(100);
            assertThat(fixture.coins(caller.user()).held()).isZero();
        }
    }

    @Test
    void aCallWhoseFirstCallbackComesAfterItEndedHereIsHungUpThroughTwilio() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            TwilioStandIn.failNextCreateAfterPlacing(500);
            startPhoneCall(caller, callee).statusCode(502);
            UUID callId = newestCall(caller).orElseThrow();
            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200)
                    .body("status", equalTo("CANCELLED"));

            // Twilio did place it: its first callback names it, and it is hung up.
            String parent = TwilioStandIn.placedFor(callId).caller().sid();
            callback(callId, leg(parent, null, "ringing", Instant.now(), null, callId))
                    .body("outcome", equalTo("IGNORED"));
            await().atMost(Duration.ofSeconds(10)).until(() -> TwilioStandIn.wasHungUp(parent));
            assertThat(call(callId).status).isEqualTo(Call.Status.CANCELLED);
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(100);
        }
    }

    @Test
    void aCallPlacedWithExotelBeforeTheSwitchToTwilioStillAwaitsExotelsReportAndIsBilledByIt() {
        try (Party caller = fixture.online(); Party callee = fixture.friendOf(caller)) {
            fixture.leaveCoins(caller.user(), 100);
            UUID callId = start(caller, callee);
            // The call as Exotel had placed it, when Exotel was the provider.
            String sid = exotel.connect(
                    new PhoneCallRequest(callId, caller.user().phone(), callee.user().phone(), 600));
            QuarkusTransaction.requiringNew().run(() -> calls.lock(callId).ifPresent(call -> {
                call.telephonyProvider = ExotelProvider.NAME;
                call.providerCallId = sid;
            }));
            Instant bridged = Instant.now().minusSeconds(130);
            ExotelCallTest.callback(callId, ExotelCallTest.answered(sid, callId, bridged)).statusCode(200)
                    .body("outcome", equalTo("PROCESSED"));

            // Exotel cannot hang up, whichever provider is active now: the call goes on until Exotel reports its end.
            caller.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(202)
                    .body("status", equalTo("ANSWERED"));
            ExotelCallTest.callback(callId, ExotelCallTest.terminal(sid, callId, "completed", bridged, 130))
                    .statusCode(200).body("outcome", equalTo("PROCESSED"));
            Call call = call(callId);
            assertThat(call.status).isEqualTo(Call.Status.ENDED);
            assertThat(call.billedMinutes).isEqualTo(3);
            assertThat(fixture.coins(caller.user()).balance()).isEqualTo(70);
            assertThat(fixture.coins(caller.user()).held()).isZero();
            assertThat(TwilioStandIn.wasHungUp(sid)).isFalse();
        }
    }

    /** The caller's newest call, as their history lists it, if any: a start answered 502 returns none. */
    private static Optional<UUID> newestCall(Party caller) {
        String id = caller.user().request().get("/api/v1/calls").then().statusCode(200).extract().path("items[0].id");
        return Optional.ofNullable(id).map(UUID::fromString);
    }

    /** The sid of the call Twilio placed for ours, once it has. */
    private static Optional<String> placedSid(UUID callId) {
        try {
            return Optional.of(TwilioStandIn.placedFor(callId).caller().sid());
        } catch (AssertionError notYet) {
            return Optional.empty();
        }
    }

    private UUID start(Party caller, Party callee) {
        return UUID.fromString(startPhoneCall(caller, callee).statusCode(201).extract().path("call.id"));
    }

    private static ValidatableResponse startPhoneCall(Party caller, Party callee) {
        return caller.user().request()
                .body(Map.of("calleeId", callee.user().id(), "type", "AUDIO", "carrier", "PHONE"))
                .post("/api/v1/calls").then();
    }

    /** A status callback of one leg, with the parameters Twilio sends (twilio.com/docs/voice/api/call-resource#statuscallback). */
    private static Map<String, String> leg(String sid, String parentSid, String status, Instant at, Integer duration,
            UUID callId) {
        TwilioStandIn.Placed placed = TwilioStandIn.placedFor(callId);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", TwilioStandIn.ACCOUNT_SID);
        params.put("ApiVersion", "2010-04-01");
        params.put("CallSid", sid);
        if (parentSid != null) {
            params.put("ParentCallSid", parentSid);
        }
        params.put("CallStatus", status);
        params.put("CallbackSource", "call-progress-events");
        params.put("Direction", parentSid == null ? "outbound-api" : "outbound-dial");
        params.put("From", TwilioStandIn.FROM_NUMBER);
        params.put("To", parentSid == null ? placed.form().get("To") : "+91" + "0000000000");
        params.put("SequenceNumber", "0");
        params.put("Timestamp", TwilioStandIn.rfc2822(at));
        if (duration != null) {
            params.put("CallDuration", duration.toString());
            params.put("Duration", Integer.toString((duration + 59) / 60));
        }
        return params;
    }

    private static String url(UUID callId) {
        return ConfigProvider.getConfig().getValue("banter.telephony.callback-base-url", String.class)
                + "/api/v1/webhooks/twilio?callId=" + callId;
    }

    private static ValidatableResponse callback(UUID callId, Map<String, String> params) {
        return post(callId, params, TwilioStandIn.sign(TwilioStandIn.AUTH_TOKEN, url(callId), params)).statusCode(200);
    }

    private static ValidatableResponse post(UUID callId, Map<String, String> params, String signature) {
        return given().contentType(ContentType.URLENC).header("X-Twilio-Signature", signature).formParams(params)
                .post("/api/v1/webhooks/twilio?callId=" + callId).then();
    }

    private Call call(UUID callId) {
        return QuarkusTransaction.requiringNew().call(() -> calls.findById(callId));
    }
}
