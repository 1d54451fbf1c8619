package app.banter.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.FirebaseTestClient;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.testsupport.WsClient;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The session denylist lives in Redis; the database records every ended session too. Redis coming back empty (a
 * restart without persistence, a failover to an empty replica) must not bring an ended session's access tokens back.
 */
@QuarkusTest
class SessionRevocationsTest {

    @Inject
    RedisDataSource redis;

    @Test
    void anEndedSessionStaysEndedWhenRedisLosesItsData() {
        TestUser asha = TestUsers.register();
        TestUser ravi = TestUsers.register();
        asha.request().post("/api/v1/auth/logout").then().statusCode(204);
        asha.request().get("/api/v1/me").then().statusCode(401);

        redis.flushall();

        asha.request().get("/api/v1/me").then().statusCode(401);
        assertThat(WsClient.refusal(RestAssured.port, "/ws", asha.accessToken())).isEqualTo(401);
        // A live session's token, issued before the loss too, still works: the database says it was not ended.
        ravi.request().get("/api/v1/me").then().statusCode(200);
        ravi.request().get("/api/v1/me").then().statusCode(200);
        // And so does one issued after it.
        String fresh = TestUsers.signIn(FirebaseTestClient.phoneIdToken(ravi.phone())).statusCode(200).extract()
                .path("accessToken");
        RestAssured.given().auth().oauth2(fresh).get("/api/v1/me").then().statusCode(200);
    }

    /** An open socket asks at each heartbeat what an API call asks, the database included after a loss. */
    @Test
    void aSocketOfASessionEndedBeforeRedisLostItsDataClosesAtAHeartbeat() {
        TestUser asha = TestUsers.register();
        try (WsClient phone = WsClient.connect(RestAssured.port, asha.accessToken())) {
            // The session ended in the database, and Redis lost the denylist entry (and the pods the fan-out frame).
            QuarkusTransaction.requiringNew().run(() -> Arc.container().instance(EntityManager.class).get()
                    .createNativeQuery("update refresh_tokens set revoked_at = now() where user_id = ?1")
                    .setParameter(1, asha.id()).executeUpdate());
            redis.flushall();

            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                if (!phone.isClosed()) {
                    phone.send("{\"type\":\"heartbeat\"}");
                }
                return phone.isClosed();
            });
            assertThat(phone.closeStatus()).isEqualTo((short) 1000);
        }
    }
}
