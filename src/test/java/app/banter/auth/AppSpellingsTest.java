package app.banter.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.FirebaseTestClient;
import app.banter.testsupport.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The requirements' spellings, accepted where they cost nothing: genders in any case (other, prefer_not_to_say),
 * language defaulting to en, and the push token sent along with sign-in or registration.
 */
@QuarkusTest
class AppSpellingsTest {

    @Test
    void genderIsReadInAnyCaseAndPreferNotToSayIsUndisclosed() {
        Map<String, String> expected = Map.of("female", "FEMALE", "Male", "MALE", "other", "OTHER",
                "prefer_not_to_say", "UNDISCLOSED", "PREFER_NOT_TO_SAY", "UNDISCLOSED", "non_binary", "NON_BINARY");
        expected.forEach((sent, stored) -> register(Map.of("gender", sent)).statusCode(201)
                .body("user.gender", equalTo(stored)));
        var me = TestUsers.register();
        me.request().body(Map.of("gender", "Prefer_Not_To_Say")).patch("/api/v1/me").then().statusCode(200)
                .body("gender", equalTo("UNDISCLOSED"));
        me.request().body(Map.of("gender", "other")).patch("/api/v1/me").then().statusCode(200)
                .body("gender", equalTo("OTHER"));
        // Anything else is still refused with the values that are accepted.
        register(Map.of("gender", "robot")).statusCode(400).body("code", equalTo("INVALID_VALUE"))
                .body("violations[0].allowedValues", hasItem("OTHER"));
    }

    @Test
    void languageDefaultsToEnglishWhenAbsent() {
        register(Map.of(), "language").statusCode(201).body("user.language", equalTo("en"));
        register(Map.of("language", "ta")).statusCode(201).body("user.language", equalTo("ta"));
        register(Map.of("language", "not a language")).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void registrationWithAPushTokenRegistersTheDevice() {
        String token = "fcm-registration-" + TestUsers.randomUsername();
        String access = register(Map.of("fcmToken", token, "platform", "ANDROID")).statusCode(201)
                .extract().path("accessToken");
        given().auth().oauth2(access).get("/api/v1/me/devices").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].platform", equalTo("ANDROID"));
    }

    @Test
    void signInWithAPushTokenRegistersTheDevice() {
        var me = TestUsers.register();
        me.request().get("/api/v1/me/devices").then().body("$", hasSize(0));
        String idToken = FirebaseTestClient.phoneIdToken(me.phone());
        signIn(Map.of("idToken", idToken, "fcmToken", "fcm-a-" + me.username(), "platform", "IOS")).statusCode(200)
                .body("status", equalTo("AUTHENTICATED"));
        // The same token again is the same device; a second phone is a second device.
        signIn(Map.of("idToken", idToken, "fcmToken", "fcm-a-" + me.username(), "platform", "IOS")).statusCode(200);
        signIn(Map.of("idToken", idToken, "fcmToken", "fcm-b-" + me.username(), "platform", "ANDROID"))
                .statusCode(200);
        me.request().get("/api/v1/me/devices").then().statusCode(200).body("$", hasSize(2))
                .body("platform", hasItem("IOS")).body("platform", hasItem("ANDROID"));
    }

    @Test
    void aTokenWithoutItsPlatformIsRefusedAndChangesNothing() {
        var me = TestUsers.register();
        String idToken = FirebaseTestClient.phoneIdToken(me.phone());
        signIn(Map.of("idToken", idToken, "fcmToken", "fcm-" + me.username())).statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        signIn(Map.of("idToken", idToken, "platform", "ANDROID")).statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        signIn(Map.of("idToken", idToken, "fcmToken", "bad token with spaces", "platform", "ANDROID"))
                .statusCode(400).body("violations[0].field", equalTo("fcmToken"));
        signIn(Map.of("idToken", idToken, "fcmToken", "fcm-" + me.username(), "platform", "WINDOWS"))
                .statusCode(400).body("code", equalTo("INVALID_VALUE"));
        me.request().get("/api/v1/me/devices").then().body("$", hasSize(0));
        // Registration refuses it before creating anything, so the same ticket still works.
        String phone = TestUsers.randomPhone();
        String ticket = TestUsers.signIn(FirebaseTestClient.phoneIdToken(phone)).statusCode(200)
                .extract().path("registrationTicket");
        Map<String, Object> body = TestUsers.registration(ticket, TestUsers.randomUsername());
        body.put("fcmToken", "fcm-" + ticket.substring(0, 8));
        given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/register").then().statusCode(400);
        body.remove("fcmToken");
        given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/register").then().statusCode(201);
    }

    private static ValidatableResponse signIn(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/firebase").then();
    }

    private static ValidatableResponse register(Map<String, Object> changes, String... removed) {
        String ticket = TestUsers.signIn(FirebaseTestClient.phoneIdToken(TestUsers.randomPhone())).statusCode(200)
                .extract().path("registrationTicket");
        Map<String, Object> body = new HashMap<>(TestUsers.registration(ticket, TestUsers.randomUsername()));
        body.putAll(changes);
        List.of(removed).forEach(body::remove);
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/register").then();
    }
}
