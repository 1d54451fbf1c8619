package app.banter.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.call.CallFixture.Party;
import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import livekit.LivekitRoom;

/**
 * A ban or an account deletion ends the user's call at once: the minutes started so far are settled, the hold goes
 * back, the room closes and the other party is told; no later minute is billed, and a ringing call is not answered.
 */
@QuarkusTest
class BannedOrDeletedPartyTest {

    @Inject
    CallFixture fixture;

    @Inject
    CallReconciler reconciler;

    @Inject
    EntityManager em;

    @AfterEach
    void reset() {
        LiveKitStandIn.resetToDefaults();
    }

    @Test
    void aBanEndsTheBannedCalleesAnsweredCallAndItEarnsNoFurtherMinute() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = fixture.connected(caller, callee, "AUDIO");
            // 70 s connected: minutes start at 5 and 65 s.
            fixture.elapse(callId, Duration.ofSeconds(70));
            reconciler.reconcile();
            assertThat(fixture.call(callId).billedMinutes).isEqualTo(2);

            ban(callee.user());
            fixture.elapse(callId, Duration.ofMinutes(3));
            reconciler.reconcile();

            Call ended = fixture.call(callId);
            assertThat(ended.status).isEqualTo(Call.Status.ENDED);
            assertThat(ended.endReason).isEqualTo("PARTY_BANNED");
            assertThat(ended.billedMinutes).isEqualTo(2);
            assertThat(fixture.coins(caller.user())).extracting(a -> a.balance(), a -> a.held())
                    .containsExactly(100L - 20, 0L);
            assertThat(fixture.earnings(callee.user()).balance()).isEqualTo(2 * 6);
            assertThat(fixture.ledgerSum()).isZero();
            JsonNode event = caller.ws().await("call.ended");
            assertThat(event.path("reason").asText()).isEqualTo("PARTY_BANNED");
            assertThat(event.path("coinsCharged").asLong()).isEqualTo(20);
            assertThat(deletedRooms()).contains("call-" + callId);
            assertThat(fixture.call(callId).billedMinutes).isEqualTo(2);
        }
    }

    @Test
    void aBannedCallersRingingCallIsCancelledAndCannotBeAccepted() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            String callId = fixture.start(caller, callee, "AUDIO");
            callee.ws().await("call.incoming");

            ban(caller.user());

            callee.user().request().post("/api/v1/calls/" + callId + "/accept").then().statusCode(409)
                    .body("code", equalTo("CALL_ENDED"));
            JsonNode event = callee.ws().await("call.ended");
            assertThat(event.path("status").asText()).isEqualTo("CANCELLED");
            assertThat(event.path("reason").asText()).isEqualTo("PARTY_BANNED");
            assertThat(fixture.coins(caller.user())).extracting(a -> a.balance(), a -> a.held())
                    .containsExactly(100L, 0L);
            // Free to be called again.
            try (Party other = fixture.online()) {
                fixture.start(other, callee, "AUDIO");
            }
        }
    }

    @Test
    void aDeletedCallersCallEndsAndBillsNoFurtherMinute() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = fixture.connected(caller, callee, "AUDIO");
            fixture.elapse(callId, Duration.ofSeconds(70));
            reconciler.reconcile();

            caller.user().request().delete("/api/v1/me").then().statusCode(204);
            fixture.elapse(callId, Duration.ofMinutes(3));
            reconciler.reconcile();

            Call ended = fixture.call(callId);
            assertThat(ended.status).isEqualTo(Call.Status.ENDED);
            assertThat(ended.endReason).isEqualTo("ACCOUNT_DELETED");
            assertThat(ended.billedMinutes).isEqualTo(2);
            assertThat(fixture.coins(caller.user())).extracting(a -> a.balance(), a -> a.held())
                    .containsExactly(100L - 20, 0L);
            assertThat(fixture.earnings(callee.user()).balance()).isEqualTo(2 * 6);
            assertThat(fixture.ledgerSum()).isZero();
            assertThat(callee.ws().await("call.ended").path("reason").asText()).isEqualTo("ACCOUNT_DELETED");
            assertThat(deletedRooms()).contains("call-" + callId);
        }
    }

    @Test
    void aDeletedCalleesRingingCallIsMissed() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            String callId = fixture.start(caller, callee, "AUDIO");
            callee.ws().await("call.incoming");

            callee.user().request().delete("/api/v1/me").then().statusCode(204);

            JsonNode event = caller.ws().await("call.ended");
            assertThat(event.path("callId").asText()).isEqualTo(callId);
            assertThat(event.path("status").asText()).isEqualTo("MISSED");
            assertThat(event.path("reason").asText()).isEqualTo("ACCOUNT_DELETED");
            assertThat(fixture.coins(caller.user()).held()).isZero();
        }
    }

    /**
     * A ban that committed while the caller's call was still being placed does not see that call: the callee's
     * accept is refused all the same, and the call rings out.
     */
    @Test
    void aCallFromACallerBannedMeanwhileCannotBeAccepted() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            String callId = fixture.start(caller, callee, "AUDIO");
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                    insert into user_standings (user_id, status, reason, since) values (?1, 'BANNED', 'fraud', ?2)""")
                    .setParameter(1, caller.user().id()).setParameter(2, Instant.now()).executeUpdate());

            callee.user().request().post("/api/v1/calls/" + callId + "/accept").then().statusCode(409)
                    .body("code", equalTo("USER_UNAVAILABLE"));
            assertThat(fixture.call(UUID.fromString(callId)).status).isEqualTo(Call.Status.RINGING);
        }
    }

    @Test
    void aCallFromACallerDeletedMeanwhileCannotBeAccepted() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            String callId = fixture.start(caller, callee, "AUDIO");
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "update users set status = 'DELETED' where id = ?1")
                    .setParameter(1, caller.user().id()).executeUpdate());

            callee.user().request().post("/api/v1/calls/" + callId + "/accept").then().statusCode(409)
                    .body("code", equalTo("USER_UNAVAILABLE"));
        }
    }

    private static void ban(TestUser user) {
        TestUsers.moderator().request().body(Map.of("reason", "fraud"))
                .post("/api/v1/moderation/users/" + user.id() + "/ban").then().statusCode(200);
    }

    private static java.util.List<String> deletedRooms() {
        return LiveKitStandIn.received("DeleteRoom", LivekitRoom.DeleteRoomRequest.parser()).stream()
                .map(LivekitRoom.DeleteRoomRequest::getRoom).toList();
    }
}
