package app.banter.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.FirebaseTestClient;
import app.banter.testsupport.TestUsers;
import app.banter.user.UserRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** ID tokens that must not sign anyone in: 401, no account, no registration ticket. */
@QuarkusTest
class FirebaseTokenRejectionTest {

    @Inject
    UserRepository users;

    @Test
    void garbageIsRefused() {
        assertRefused(TestUsers.signIn("not.a.jwt"), null);
        assertRefused(TestUsers.signIn("eyJhbGciOiJub25lIn0"), null);
    }

    @Test
    void forgedTokenForAnUnknownFirebaseUserIsRefused() {
        String phone = TestUsers.randomPhone();
        Map<String, Object> claims = validLookingClaims(phone, "forged-uid-" + System.nanoTime());
        assertRefused(TestUsers.signIn(FirebaseTestClient.unsignedToken(claims)), phone);
    }

    @Test
    void expiredTokenIsRefused() {
        String phone = TestUsers.randomPhone();
        Map<String, Object> claims = new HashMap<>(FirebaseTestClient.claims(FirebaseTestClient.phoneIdToken(phone)));
        long past = Instant.now().minusSeconds(7200).getEpochSecond();
        claims.put("iat", past);
        claims.put("auth_time", past);
        claims.put("exp", past + 3600);
        assertRefused(TestUsers.signIn(FirebaseTestClient.unsignedToken(claims)), phone);
    }

    @Test
    void tokenOfAnotherFirebaseProjectIsRefused() {
        String phone = TestUsers.randomPhone();
        Map<String, Object> claims = new HashMap<>(FirebaseTestClient.claims(FirebaseTestClient.phoneIdToken(phone)));
        claims.put("aud", "someone-elses-project");
        claims.put("iss", "https://securetoken.google.com/someone-elses-project");
        assertRefused(TestUsers.signIn(FirebaseTestClient.unsignedToken(claims)), phone);
    }

    @Test
    void nonPhoneSignInIsRefused() {
        String idToken = FirebaseTestClient.emailIdToken("person" + System.nanoTime() + "@example.com");
        assertThat(FirebaseTestClient.claims(idToken)).doesNotContainKey("phone_number");
        assertRefused(TestUsers.signIn(idToken), null);
    }

    @Test
    void tamperedPhoneClaimOfARealTokenCannotTakeOverAnotherNumber() {
        TestUsers.TestUser victim = TestUsers.register();
        String attackerPhone = TestUsers.randomPhone();
        Map<String, Object> claims = new HashMap<>(
                FirebaseTestClient.claims(FirebaseTestClient.phoneIdToken(attackerPhone)));
        claims.put("phone_number", victim.phone());
        claims.put("sub", "forged-" + System.nanoTime());
        claims.put("user_id", claims.get("sub"));
        TestUsers.signIn(FirebaseTestClient.unsignedToken(claims)).statusCode(401)
                .body("accessToken", org.hamcrest.Matchers.nullValue());
    }

    private void assertRefused(ValidatableResponse response, String phone) {
        response.statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("INVALID_ID_TOKEN"))
                .body("$", not(org.hamcrest.Matchers.hasKey("registrationTicket")))
                .body(not(containsString("Exception")));
        if (phone != null) {
            assertThat(QuarkusTransaction.requiringNew().call(() -> users.findActiveByPhone(phone))).isEmpty();
        }
    }

    private static Map<String, Object> validLookingClaims(String phone, String uid) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", "https://securetoken.google.com/" + "demo-banter");
        claims.put("aud", "demo-banter");
        claims.put("auth_time", now);
        claims.put("iat", now);
        claims.put("exp", now + 3600);
        claims.put("sub", uid);
        claims.put("user_id", uid);
        claims.put("phone_number", phone);
        claims.put("firebase", Map.of("identities", Map.of("phone", java.util.List.of(phone)),
                "sign_in_provider", "phone"));
        return claims;
    }
}
