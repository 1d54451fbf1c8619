package app.banter.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.FirebaseTestClient;
import app.banter.testsupport.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** The whole phone-login life of a session, through the API and the real Firebase Auth emulator. */
@QuarkusTest
class PhoneLoginFlowTest {

    @Test
    void newPhoneRegistersThenRefreshesAndLogsOut() {
        String phone = TestUsers.randomPhone();
        String username = TestUsers.randomUsername();

        // 1. A verified phone without an account gets a registration ticket, not tokens.
        ExtractableResponse<Response> first = TestUsers.signIn(FirebaseTestClient.phoneIdToken(phone))
                .statusCode(200)
                .body("status", equalTo("REGISTRATION_REQUIRED"))
                .body("accessToken", nullValue())
                .extract();
        String ticket = first.path("registrationTicket");

        // 2. Registration creates the account and signs in.
        ExtractableResponse<Response> registered = given().contentType(ContentType.JSON)
                .body(TestUsers.registration(ticket, username.toUpperCase()))
                .post("/api/v1/auth/register")
                .then().statusCode(201)
                .body("status", equalTo("AUTHENTICATED"))
                .body("tokenType", equalTo("Bearer"))
                .body("user.phone", equalTo(phone))
                .body("user.username", equalTo(username))
                .extract();
        String access = registered.path("accessToken");
        String refresh = registered.path("refreshToken");
        assertThat(access.split("\\.")).hasSize(3);

        given().auth().oauth2(access).get("/api/v1/me").then().statusCode(200)
                .body("username", equalTo(username)).body("phone", equalTo(phone));

        // The ticket is used up.
        given().contentType(ContentType.JSON).body(TestUsers.registration(ticket, TestUsers.randomUsername()))
                .post("/api/v1/auth/register").then().statusCode(401)
                .body("code", equalTo("INVALID_REGISTRATION_TICKET"));

        // 3. Signing in again with the same phone returns tokens for the same account.
        String userId = registered.path("user.id");
        TestUsers.signIn(FirebaseTestClient.phoneIdToken(phone)).statusCode(200)
                .body("status", equalTo("AUTHENTICATED"))
                .body("user.id", equalTo(userId))
                .body("registrationTicket", nullValue());

        // 4. Refresh rotates: a new pair, and the new access token works.
        ExtractableResponse<Response> rotated = refresh(refresh).statusCode(200)
                .body("status", equalTo("AUTHENTICATED")).body("refreshToken", notNullValue()).extract();
        String refresh2 = rotated.path("refreshToken");
        String access2 = rotated.path("accessToken");
        assertThat(refresh2).isNotEqualTo(refresh);
        given().auth().oauth2(access2).get("/api/v1/me").then().statusCode(200);

        // 5. Logout ends the session: its access tokens and refresh token stop working at once.
        given().auth().oauth2(access2).post("/api/v1/auth/logout").then().statusCode(204);
        given().auth().oauth2(access2).get("/api/v1/me").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("UNAUTHENTICATED"));
        given().auth().oauth2(access).get("/api/v1/me").then().statusCode(401);
        refresh(refresh2).statusCode(401).body("code", equalTo("INVALID_REFRESH_TOKEN"));
    }

    @Test
    void signingOutOfAPhoneStopsItsPushesAndOnlyItsOwn() {
        TestUsers.TestUser user = TestUsers.register();
        String phoneA = given().contentType(ContentType.JSON).body(Map.of("idToken",
                FirebaseTestClient.phoneIdToken(user.phone()), "fcmToken", "fcm:a" + System.nanoTime(),
                "platform", "ANDROID")).post("/api/v1/auth/firebase").then().statusCode(200)
                .extract().path("accessToken");
        user.request().body(Map.of("fcmToken", "fcm:b" + System.nanoTime(), "platform", "IOS"))
                .post("/api/v1/me/devices").then().statusCode(201);
        user.request().get("/api/v1/me/devices").then().body("platform", containsInAnyOrder("ANDROID", "IOS"));

        given().auth().oauth2(phoneA).post("/api/v1/auth/logout").then().statusCode(204);
        user.request().get("/api/v1/me/devices").then().body("platform", contains("IOS"));
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheWholeFamily() {
        TestUsers.TestUser user = TestUsers.register();
        ExtractableResponse<Response> rotated = refresh(user.refreshToken()).statusCode(200).extract();
        String currentRefresh = rotated.path("refreshToken");
        String currentAccess = rotated.path("accessToken");

        // An attacker (or a confused client) presents the already-rotated token.
        refresh(user.refreshToken()).statusCode(401).body("code", equalTo("INVALID_REFRESH_TOKEN"));

        // The legitimate holder's newer tokens are dead too: the family is revoked.
        refresh(currentRefresh).statusCode(401);
        given().auth().oauth2(currentAccess).get("/api/v1/me").then().statusCode(401);
        given().auth().oauth2(user.accessToken()).get("/api/v1/me").then().statusCode(401);

        // Other sessions of the same user are not affected.
        String otherSession = TestUsers.signIn(FirebaseTestClient.phoneIdToken(user.phone())).statusCode(200)
                .extract().path("accessToken");
        given().auth().oauth2(otherSession).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void refreshWithUnknownOrMalformedTokenIsRefused() {
        refresh("not-a-token-we-issued").statusCode(401).body("code", equalTo("INVALID_REFRESH_TOKEN"));
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/auth/refresh").then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED")).body("violations[0].field", equalTo("refreshToken"));
    }

    @Test
    void logoutNeedsAnAccessToken() {
        given().post("/api/v1/auth/logout").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().auth().oauth2("eyJhbGciOiJSUzI1NiJ9.e30.c2ln").post("/api/v1/auth/logout").then().statusCode(401);
    }

    private static io.restassured.response.ValidatableResponse refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                .post("/api/v1/auth/refresh").then();
    }
}
