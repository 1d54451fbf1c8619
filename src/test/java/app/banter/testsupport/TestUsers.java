package app.banter.testsupport;

import static io.restassured.RestAssured.given;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Creates users the way the app does: Firebase phone sign-in, then registration. */
public final class TestUsers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestUsers() {
    }

    public record TestUser(UUID id, String phone, String username, String accessToken, String refreshToken) {

        public RequestSpecification request() {
            return given().auth().oauth2(accessToken).contentType(ContentType.JSON);
        }
    }

    /**
     * An Indian mobile number no other test of this JVM uses: +919 and nine digits, counting on from a random start.
     * Drawn at random, two of the thousand-odd numbers a run registers would be the same once in a few hundred runs,
     * and the second registration would fail some unrelated test.
     */
    public static String randomPhone() {
        return "+919" + String.format("%09d", Math.floorMod(nextPhone(), 1_000_000_000L));
    }

    /**
     * Counted in a system property rather than a static field: each test profile loads the test classes in a class
     * loader of its own, and a counter per class loader would count the same numbers again. Kept as a string, as code
     * reading the system properties expects (an AtomicLong there made the next test profile's Narayana fail to start).
     */
    private static long nextPhone() {
        Object next = System.getProperties().compute("banter-test.next-phone", (key, last) -> last == null
                ? Integer.toString(RANDOM.nextInt(1_000_000_000)) : Long.toString(Long.parseLong((String) last) + 1));
        return Long.parseLong((String) next);
    }

    /** "u" and ten base-36 digits: 36^10 plus a number under it is "1" and exactly ten digits in base 36. */
    public static String randomUsername() {
        long tenDigits = 3_656_158_440_062_976L;
        return "u" + Long.toString(tenDigits + RANDOM.nextLong(tenDigits), 36).substring(1);
    }

    public static TestUser register() {
        return register(randomPhone(), randomUsername());
    }

    public static TestUser register(String phone, String username) {
        String ticket = signIn(FirebaseTestClient.phoneIdToken(phone))
                .statusCode(200).extract().path("registrationTicket");
        ValidatableResponse registered = given().contentType(ContentType.JSON)
                .body(registration(ticket, username))
                .post("/api/v1/auth/register")
                .then().statusCode(201);
        return new TestUser(UUID.fromString(registered.extract().path("user.id")), phone,
                registered.extract().path("user.username"), registered.extract().path("accessToken"),
                registered.extract().path("refreshToken"));
    }

    /**
     * A user granted the moderator role in the database (roles have no API yet), signed in again so that the token
     * carries it. For tests running inside the application (@QuarkusTest).
     */
    public static TestUser moderator() {
        TestUser user = register();
        QuarkusTransaction.requiringNew().run(() -> Arc.container().instance(EntityManager.class).get()
                .createNativeQuery("update users set roles = array['moderator'] where id = ?1")
                .setParameter(1, user.id()).executeUpdate());
        String token = signIn(FirebaseTestClient.phoneIdToken(user.phone())).statusCode(200)
                .extract().path("accessToken");
        return new TestUser(user.id(), user.phone(), user.username(), token, null);
    }

    public static ValidatableResponse signIn(String idToken) {
        return given().contentType(ContentType.JSON).body(Map.of("idToken", idToken))
                .post("/api/v1/auth/firebase").then();
    }

    /** A complete, valid registration body; tests change one field at a time. */
    public static Map<String, Object> registration(String ticket, String username) {
        Map<String, Object> body = new HashMap<>();
        body.put("registrationTicket", ticket);
        body.put("fullName", "Test Person");
        body.put("username", username);
        body.put("dateOfBirth", "1998-06-15");
        body.put("gender", "FEMALE");
        body.put("language", "hi");
        body.put("interests", java.util.List.of("music", "cricket"));
        return body;
    }
}
