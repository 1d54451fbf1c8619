package app.banter.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import app.banter.testsupport.FirebaseTestClient;
import app.banter.testsupport.TestUsers;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The token exchange is limited per client IP and per phone number, in Redis, with Retry-After. */
@QuarkusTest
@TestProfile(SignInRateLimitTest.TightLimits.class)
class SignInRateLimitTest {

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("banter.auth.rate-limit.per-phone.requests", "3",
                    "banter.auth.rate-limit.per-ip.requests", "12",
                    "banter.auth.rate-limit.per-ip.window", "1H");
        }
    }

    @Inject
    RedisDataSource redis;

    /** Earlier tests signed in from the same address (under a generous limit): start this window afresh. */
    @BeforeEach
    void freshWindow() {
        redis.key().keys("ratelimit:sign-in-ip:*").forEach(key -> redis.key().del(key));
    }

    @Test
    void limitsPerPhoneThenPerIp() {
        String phone = TestUsers.randomPhone();
        for (int i = 0; i < 3; i++) {
            TestUsers.signIn(FirebaseTestClient.phoneIdToken(phone)).statusCode(200);
        }
        TestUsers.signIn(FirebaseTestClient.phoneIdToken(phone)).statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("code", equalTo("RATE_LIMITED"));
        // Another phone from the same address still gets through, until the address is over its own limit.
        int allowed = 0;
        while (allowed < 20) {
            int status = TestUsers.signIn(FirebaseTestClient.phoneIdToken(TestUsers.randomPhone())).extract()
                    .statusCode();
            if (status == 429) {
                break;
            }
            allowed++;
        }
        // 12 per IP: 4 used above, so 8 more pass.
        org.assertj.core.api.Assertions.assertThat(allowed).isEqualTo(8);
        given().contentType(ContentType.JSON).body(Map.of("idToken", "x")).post("/api/v1/auth/firebase").then()
                .statusCode(429).header("Retry-After", notNullValue());
    }
}
