package app.banter.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;

import app.banter.call.CallFixture;
import app.banter.call.CallFixture.Party;
import app.banter.realtime.Presence;
import app.banter.testsupport.ContractRecorder;
import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.LiveKitWebhooks;
import app.banter.testsupport.Social;
import app.banter.testsupport.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The matching API as phones use it: join, match.found over /ws, an answered call, skip, and refusals. */
@QuarkusTest
class MatchedCallsTest {

    @Inject
    CallFixture calls;

    @Inject
    MatchingFixture fixture;

    @Inject
    Matcher matcher;

    @Inject
    jakarta.persistence.EntityManager em;

    @Inject
    MatchQueue queue;

    @Inject
    Presence presence;

    @BeforeEach
    void emptyPool() {
        fixture.clearPool();
    }

    @AfterEach
    void reset() {
        LiveKitStandIn.resetToDefaults();
    }

    @Test
    void aMatchBecomesAnAnsweredCallWhoseCallerWaitedLonger() {
        try (Party first = calls.online(); Party second = calls.online(); Party friend = calls.online()) {
            Social.befriend(first.user(), friend.user());
            join(first).body("waiting", equalTo(true));
            join(second).body("waiting", equalTo(true));
            first.user().request().get("/api/v1/matching/queue").then().statusCode(200)
                    .body("waiting", equalTo(true)).body("languages", equalTo(List.of("hi")));

            assertThat(matcher.matchOnce()).isEqualTo(1);

            JsonNode toFirst = first.ws().await("match.found");
            JsonNode toSecond = second.ws().await("match.found");
            assertThat(toFirst.path("caller").asBoolean()).isTrue();
            assertThat(toSecond.path("caller").asBoolean()).isFalse();
            assertThat(toFirst.path("partner").path("id").asText()).isEqualTo(second.user().id().toString());
            assertThat(toSecond.path("partner").path("id").asText()).isEqualTo(first.user().id().toString());
            assertThat(toFirst.path("partner").has("phone")).isFalse();
            assertThat(toFirst.path("callId").asText()).isEqualTo(toSecond.path("callId").asText());
            assertThat(toFirst.path("session").path("token").asText()).isNotBlank()
                    .isNotEqualTo(toSecond.path("session").path("token").asText());
            String callId = toFirst.path("callId").asText();
            assertThat(friend.ws().await("presence", e -> e.path("userId").asText()
                    .equals(first.user().id().toString()) && e.path("status").asText().equals("busy")))
                    .as("a friend sees the matched user busy").isNotNull();
            first.user().request().get("/api/v1/calls/" + callId).then().statusCode(200)
                    .body("status", equalTo("ANSWERED"))
                    .body("callerId", equalTo(first.user().id().toString()))
                    .body("calleeId", equalTo(second.user().id().toString()));
            first.user().request().get("/api/v1/matching/queue").then().statusCode(200)
                    .body("waiting", equalTo(false));
            second.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200);
        }
    }

    @Test
    void aSkipWithinTheWindowEndsTheCallWithoutChargeAndRequeuesTheSkipper() {
        try (Party first = calls.online(); Party second = calls.online()) {
            String callId = matchedAndConnected(first, second);

            second.user().request().post("/api/v1/matching/calls/" + callId + "/skip?requeue=true").then()
                    .statusCode(200)
                    .body("call.status", equalTo("ENDED"))
                    .body("call.endReason", equalTo("SKIPPED"))
                    .body("call.coinsCharged", equalTo(0))
                    .body("queue.waiting", equalTo(true));

            assertThat(first.ws().await("call.ended").path("reason").asText()).isEqualTo("SKIPPED");
            assertThat(calls.coins(first.user()).balance()).isEqualTo(100);
            assertThat(calls.coins(first.user()).held()).isZero();
            assertThat(calls.earnings(second.user()).balance()).isZero();
            assertThat(calls.transfersOf(UUID.fromString(callId))).isZero();
            first.user().request().get("/api/v1/matching/queue").then().body("waiting", equalTo(false));
            second.user().request().get("/api/v1/matching/queue").then().body("waiting", equalTo(true));
            // A skip of a call that is over changes nothing.
            first.user().request().post("/api/v1/matching/calls/" + callId + "/skip").then().statusCode(409)
                    .body("code", equalTo("CALL_ENDED"));
        }
    }

    @Test
    void aRefusedRequeueLeavesTheCallRunning() {
        try (Party first = calls.online(); Party second = calls.online()) {
            String callId = matchedAndConnected(first, second);
            String skip = "/api/v1/matching/calls/" + callId + "/skip";
            fixture.forgetLastMatched(first.user().id());
            first.user().request().post(skip + "?requeue=true").then().statusCode(409)
                    .body("code", equalTo("MATCH_REQUEST_EXPIRED"));
            calls.leaveCoins(second.user(), 0);
            second.user().request().post(skip + "?requeue=true").then().statusCode(402)
                    .body("code", equalTo("INSUFFICIENT_BALANCE"));

            first.user().request().get("/api/v1/calls/" + callId).then().body("status", equalTo("ANSWERED"));
            first.ws().assertNone("call.ended", Duration.ofMillis(300));
            second.user().request().get("/api/v1/matching/queue").then().body("waiting", equalTo(false));
            // What the client does next: skips without going back to the queue.
            second.user().request().post(skip).then().statusCode(200)
                    .body("call.endReason", equalTo("SKIPPED"))
                    .body("queue.waiting", equalTo(false));
        }
    }

    @Test
    void aCallerWhoseLastCoinsThisCallHeldGoesBackToThePoolOnASkip() {
        try (Party first = calls.online(); Party second = calls.online()) {
            // Exactly one audio minute: the call holds it, and the skip gives it back before the requeue needs it.
            calls.leaveCoins(first.user(), 10);
            String callId = matchedAndConnected(first, second);
            assertThat(calls.coins(first.user()).held()).isEqualTo(10);

            first.user().request().post("/api/v1/matching/calls/" + callId + "/skip?requeue=true").then()
                    .statusCode(200)
                    .body("call.endReason", equalTo("SKIPPED"))
                    .body("queue.waiting", equalTo(true));
        }
    }

    @Test
    void eachSideRatesAMatchedCallOnceItIsOverAndAReportFeedsTheReports() {
        try (Party first = calls.online(); Party second = calls.online(); Party stranger = calls.online()) {
            String callId = matchedAndConnected(first, second);
            String rating = "/api/v1/matching/calls/" + callId + "/rating";
            first.user().request().body(Map.of("stars", 5)).post(rating).then().statusCode(409)
                    .body("code", equalTo("CALL_NOT_ENDED"));
            first.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200);

            for (Object bad : List.of(Map.of("stars", 0), Map.of("stars", 6), Map.of(),
                    Map.of("stars", 3, "report", Map.of("reason", "BORING")))) {
                first.user().request().body(bad).post(rating).then().statusCode(400);
            }
            stranger.user().request().body(Map.of("stars", 1)).post(rating).then().statusCode(404);
            String reportId = second.user().request()
                    .body(Map.of("stars", 1, "report", Map.of("reason", "HARASSMENT", "description", "rude")))
                    .post(rating).then().statusCode(200)
                    .body("stars", equalTo(1)).extract().path("reportId");
            assertThat(reportId).isNotNull();
            assertThat(reportsAgainst(first.user().id())).isEqualTo(1);
            second.user().request().body(Map.of("stars", 2, "report", Map.of("reason", "SPAM"))).post(rating).then()
                    .statusCode(409).body("code", equalTo("ALREADY_RATED"));
            assertThat(reportsAgainst(first.user().id())).isEqualTo(1);
            first.user().request().body(Map.of("stars", 4)).post(rating).then().statusCode(200)
                    .body("reportId", org.hamcrest.Matchers.nullValue());
        }
    }

    @Test
    void aReportInARatingPastTheHourlyLimitIsRefusedAsTheDocumentSaysAndNothingIsRated() {
        try (Party first = calls.online(); Party second = calls.online()) {
            String callId = matchedAndConnected(first, second);
            first.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200);
            TestUsers.TestUser troll = TestUsers.register();
            // banter.social.reports.per-hour, 10: the rating's report is the eleventh of the hour.
            for (int i = 0; i < 10; i++) {
                first.user().request().body(Map.of("targetType", "USER", "targetId", troll.id(), "reason", "SPAM"))
                        .post("/api/v1/reports").then().statusCode(201);
            }
            String rating = "/api/v1/matching/calls/" + callId + "/rating";
            ContractRecorder contract = ContractRecorder.ofServedDocument();
            first.user().request().filter(contract).body(Map.of("stars", 1, "report", Map.of("reason", "HARASSMENT")))
                    .post(rating).then().statusCode(429).body("code", equalTo("RATE_LIMITED"));
            assertThat(contract.mismatches()).as("answers that do not match /q/openapi").isEmpty();
            assertThat(reportsAgainst(second.user().id())).isZero();
            first.user().request().body(Map.of("stars", 1)).post(rating).then().statusCode(200);
        }
    }

    @Test
    void afterTheSkipWindowASkipIsRefusedAndNothingChanges() {
        try (Party first = calls.online(); Party second = calls.online()) {
            String callId = matchedAndConnected(first, second);
            calls.elapse(UUID.fromString(callId), Duration.ofSeconds(11));

            first.user().request().post("/api/v1/matching/calls/" + callId + "/skip?requeue=true").then()
                    .statusCode(409).body("code", equalTo("SKIP_WINDOW_PASSED"));
            first.user().request().get("/api/v1/calls/" + callId).then().body("status", equalTo("ANSWERED"));
            first.user().request().get("/api/v1/matching/queue").then().body("waiting", equalTo(false));
            first.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200);
        }
    }

    @Test
    void nobodyElseCanSkipAMatchedCallAndAnOrdinaryCallIsNoMatch() {
        try (Party first = calls.online(); Party second = calls.online(); Party stranger = calls.online()) {
            String callId = matchedAndConnected(first, second);
            stranger.user().request().post("/api/v1/matching/calls/" + callId + "/skip").then().statusCode(404);
            first.user().request().post("/api/v1/matching/calls/" + UUID.randomUUID() + "/skip").then()
                    .statusCode(404);
            first.user().request().post("/api/v1/matching/calls/not-a-uuid/skip").then().statusCode(400);
            first.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200);

            String ordinary = calls.start(first, stranger, "AUDIO");
            first.user().request().post("/api/v1/matching/calls/" + ordinary + "/skip").then().statusCode(404);
            first.user().request().post("/api/v1/calls/" + ordinary + "/cancel").then().statusCode(200);
        }
    }

    @Test
    void badRequestsAreProblemsThatChangeNothing() {
        try (Party user = calls.online()) {
            for (Object body : List.of(Map.of("languages", List.of(), "mode", "AUDIO"),
                    Map.of("languages", List.of("hindi language"), "mode", "AUDIO"),
                    Map.of("languages", List.of("hi")),
                    Map.of("languages", List.of("hi"), "mode", "TELEPATHY"),
                    Map.of("languages", List.of("hi"), "mode", "AUDIO", "preferredGender", "ROBOT"),
                    Map.of("languages", List.of("hi"), "mode", "AUDIO", "interests", List.of(" ")),
                    Map.of("languages", List.of("hi", "en", "ta", "te", "bn", "mr"), "mode", "AUDIO"),
                    Map.of("languages", List.of("hi"), "mode", "AUDIO", "surprise", true))) {
                user.user().request().body(body).post("/api/v1/matching/queue").then().statusCode(400)
                        .contentType("application/problem+json");
            }
            user.user().request().body("{").post("/api/v1/matching/queue").then().statusCode(400);
            user.user().request().get("/api/v1/matching/queue").then().statusCode(200)
                    .body("waiting", equalTo(false));
            RestAssured.given().get("/api/v1/matching/queue").then().statusCode(401);
        }
        // Not connected to /ws: nobody to tell of a match.
        TestUsers.TestUser offline = TestUsers.register();
        offline.request().body(Map.of("languages", List.of("hi"), "mode", "AUDIO")).post("/api/v1/matching/queue")
                .then().statusCode(409).body("code", equalTo("NOT_CONNECTED"));
    }

    @Test
    void leavingTheQueueTwiceIsFine() {
        try (Party user = calls.online()) {
            join(user);
            user.user().request().delete("/api/v1/matching/queue").then().statusCode(204);
            user.user().request().delete("/api/v1/matching/queue").then().statusCode(204);
            user.user().request().get("/api/v1/matching/queue").then().body("waiting", equalTo(false));
        }
    }

    @Test
    void aCallerWhoCannotPayTheFirstMinuteAnyMoreLeavesThePoolAndThePartnerKeepsTheirPlace() {
        try (Party first = calls.online(); Party second = calls.online()) {
            join(first);
            join(second);
            // Spent since joining: the one who waited longer would be the caller.
            calls.leaveCoins(first.user(), 0);
            long before = calls.ledgerSum();

            assertThat(matcher.matchOnce()).isZero();

            first.user().request().get("/api/v1/matching/queue").then().body("waiting", equalTo(false));
            second.user().request().get("/api/v1/matching/queue").then().body("waiting", equalTo(true));
            assertNoCalls(first, second);
            assertThat(calls.coins(first.user()).held()).isZero();
            assertThat(calls.ledgerSum()).isEqualTo(before);
        }
    }

    @Test
    void someoneAlreadyInACallTheMatcherDidNotHearOfIsLeftOutAndThePartnerKeepsTheirPlace() {
        try (Party first = calls.online(); Party second = calls.online(); Party friend = calls.online()) {
            join(first);
            join(second);
            Waiting place = queue.waiting(second.user().id()).orElseThrow();
            // An ordinary call takes second out of the pool; then the news of it is lost (busy mark gone) and
            // second is back in the pool as before: only the calls' own table still knows.
            String ordinary = calls.start(second, friend, "AUDIO");
            presence.clearBusy(second.user().id());
            queue.enqueue(place.ticket(), place.enqueuedAt());

            assertThat(matcher.matchOnce()).isZero();

            first.user().request().get("/api/v1/matching/queue").then().body("waiting", equalTo(true));
            second.user().request().get("/api/v1/matching/queue").then().body("waiting", equalTo(false));
            assertThat(first.user().request().get("/api/v1/calls").then().statusCode(200).extract()
                    .jsonPath().getList("items")).isEmpty();
            assertThat(calls.coins(first.user()).held()).as("the hold placed and given back").isZero();
            second.user().request().post("/api/v1/calls/" + ordinary + "/cancel").then().statusCode(200);
        }
    }

    @Test
    void whenTheMediaServerCannotMakeTheRoomBothKeepTheirPlaces() {
        try (Party first = calls.online(); Party second = calls.online()) {
            join(first);
            join(second);
            LiveKitStandIn.server().stubFor(WireMock.post(WireMock.urlPathEqualTo(LiveKitStandIn.PATH + "CreateRoom"))
                    .willReturn(WireMock.aResponse().withStatus(503)));

            assertThat(matcher.matchOnce()).isZero();

            first.user().request().get("/api/v1/matching/queue").then().body("waiting", equalTo(true));
            second.user().request().get("/api/v1/matching/queue").then().body("waiting", equalTo(true));
            assertNoCalls(first, second);

            LiveKitStandIn.resetToDefaults();
            assertThat(matcher.matchOnce()).isEqualTo(1);
            String callId = first.ws().await("match.found").path("callId").asText();
            first.user().request().post("/api/v1/calls/" + callId + "/end").then().statusCode(200);
        }
    }

    private static void assertNoCalls(Party... parties) {
        for (Party party : parties) {
            assertThat(party.user().request().get("/api/v1/calls").then().statusCode(200).extract()
                    .jsonPath().getList("items")).as("calls of %s", party.user().id()).isEmpty();
            party.ws().assertNone("match.found", Duration.ofMillis(300));
        }
    }

    private String matchedAndConnected(Party first, Party second) {
        join(first);
        join(second);
        assertThat(matcher.matchOnce()).isEqualTo(1);
        String callId = first.ws().await("match.found").path("callId").asText();
        second.ws().await("match.found");
        String room = "call-" + callId;
        Instant now = Instant.now();
        LiveKitStandIn.participantsAnyRoom(List.of(first.user().id().toString(), second.user().id().toString()));
        LiveKitWebhooks.participant("participant_joined", room, first.user().id(), now).statusCode(200);
        LiveKitWebhooks.participant("participant_joined", room, second.user().id(), now).statusCode(200);
        first.user().request().get("/api/v1/calls/" + callId).then().body("connectedAt", org.hamcrest.Matchers
                .notNullValue());
        return callId;
    }

    private long reportsAgainst(UUID userId) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from reports where reported_user_id = ?1").setParameter(1, userId)
                .getSingleResult()).longValue());
    }

    private static io.restassured.response.ValidatableResponse join(Party party) {
        return party.user().request().body(Map.of("languages", List.of("hi"), "mode", "AUDIO"))
                .post("/api/v1/matching/queue").then().statusCode(200);
    }
}
