package app.banter.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.banter.call.CallFixture.Party;
import app.banter.call.CallViews.CallView;
import app.banter.testsupport.AzuriteResource;
import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.SqlStatements;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** History rows carry the other party's public profile, read for a whole page at once. */
@QuarkusTest
class CallHistoryTest {

    @Inject
    CallFixture fixture;

    @Inject
    CallService calls;

    @AfterEach
    void reset() {
        LiveKitStandIn.resetToDefaults();
    }

    @Test
    void historyRowsCarryTheOtherPartyWithoutAQueryPerRow() {
        try (Party me = fixture.online(); Party a = fixture.online(); Party b = fixture.online();
                Party c = fixture.online()) {
            String avatar = AzuriteResource.blobEndpoint() + "/avatars/a.png";
            a.user().request().body(Map.of("avatarUrl", avatar)).patch("/api/v1/me").then().statusCode(200);
            // Newest first: the other party of each call, as the history will list them.
            List<TestUser> expected = new ArrayList<>();
            for (Party other : List.of(a, b, c, a, b, c)) {
                boolean iCall = expected.size() % 2 == 0;
                String callId = startWhenFree(iCall ? me : other, iCall ? other : me);
                (iCall ? me : other).user().request().post("/api/v1/calls/" + callId + "/cancel").then()
                        .statusCode(200);
                expected.addFirst(other.user());
            }

            ValidatableResponse first = me.user().request().queryParam("limit", 4).get("/api/v1/calls").then()
                    .statusCode(200).body("items", hasSize(4)).body("nextCursor", notNullValue());
            for (int i = 0; i < 4; i++) {
                first.body("items[" + i + "].otherParty.id", equalTo(expected.get(i).id().toString()))
                        .body("items[" + i + "].otherParty.username", equalTo(expected.get(i).username()))
                        .body("items[" + i + "].otherParty.fullName", equalTo("Test Person"));
            }
            first.body("items.find { it.otherParty.id == '" + a.user().id() + "' }.otherParty.avatarUrl",
                    equalTo(avatar));
            String cursor = first.extract().path("nextCursor");
            me.user().request().queryParam("limit", 4).queryParam("cursor", cursor).get("/api/v1/calls").then()
                    .statusCode(200).body("items", hasSize(2))
                    .body("items[0].otherParty.username", equalTo(expected.get(4).username()))
                    .body("items[1].otherParty.username", equalTo(expected.get(5).username()));
            // The other side sees me as their other party; one call's own view carries it too.
            String callId = me.user().request().get("/api/v1/calls").then().extract().path("items[0].id");
            expected.getFirst().request().get("/api/v1/calls/" + callId).then().statusCode(200)
                    .body("otherParty.username", equalTo(me.user().username()));

            // Six calls with three people cost the same two queries as one call would: the calls and their people.
            var all = SqlStatements.record(() -> calls.history(me.user().id(), null, 20));
            assertThat(all.result().items()).hasSize(6).extracting(CallView::otherParty).doesNotContainNull();
            var one = SqlStatements.record(() -> calls.history(me.user().id(), null, 1));
            assertThat(one.result().items()).hasSize(1);
            assertThat(all.statements()).as(String.join("\n", all.statements())).hasSize(2)
                    .hasSameSizeAs(one.statements());
        }
    }

    /** Starts a call once both are free again (an ended call frees its parties a moment later). */
    private String startWhenFree(Party caller, Party callee) {
        String[] callId = new String[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            var response = caller.user().request().body(Map.of("calleeId", callee.user().id(), "type", "AUDIO"))
                    .post("/api/v1/calls");
            callId[0] = response.statusCode() == 201 ? response.path("call.id") : null;
            return callId[0] != null;
        });
        return callId[0];
    }
}
