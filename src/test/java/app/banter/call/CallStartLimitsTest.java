package app.banter.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/**
 * Call starts are limited per caller, in all and per callee, whatever their answer: a refused start tells the caller
 * whether the callee is online or in a call, costs nothing and leaves no trace, so unlimited starts would let anyone
 * watch a stranger's presence. Tight limits here (the test profile of every other class lifts them).
 */
@QuarkusTest
@TestProfile(CallStartLimitsTest.TightLimits.class)
class CallStartLimitsTest {

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("banter.calls.starts-per-hour", "6", "banter.calls.starts-per-callee-per-hour", "3");
        }
    }

    @Test
    void probingOneCalleeIsRefusedAfterThePerCalleeLimitAndOthersAfterTheOverallOne() {
        TestUser prober = TestUsers.register();
        TestUser stranger = TestUsers.register();
        for (int i = 0; i < 3; i++) {
            call(prober, stranger.id()).statusCode(409).body("code", equalTo("USER_OFFLINE"));
        }
        ValidatableResponse refused = call(prober, stranger.id()).statusCode(429)
                .contentType("application/problem+json").body("code", equalTo("RATE_LIMITED"));
        assertThat(Long.parseLong(refused.extract().header("Retry-After"))).isBetween(1L, 3600L);
        // The limit is the prober's: anyone else still reaches the stranger.
        call(TestUsers.register(), stranger.id()).statusCode(409).body("code", equalTo("USER_OFFLINE"));

        // Other callees are reached until the prober's overall limit, which the refused start counted towards too.
        call(prober, TestUsers.register().id()).statusCode(409).body("code", equalTo("USER_OFFLINE"));
        call(prober, TestUsers.register().id()).statusCode(409).body("code", equalTo("USER_OFFLINE"));
        call(prober, TestUsers.register().id()).statusCode(429).body("code", equalTo("RATE_LIMITED"));
    }

    private static ValidatableResponse call(TestUser caller, UUID calleeId) {
        return caller.request().body(Map.of("calleeId", calleeId, "type", "AUDIO")).post("/api/v1/calls").then();
    }
}
