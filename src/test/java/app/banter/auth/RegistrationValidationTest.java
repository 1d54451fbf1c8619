package app.banter.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.LocalDate;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import app.banter.testsupport.FirebaseTestClient;
import app.banter.testsupport.TestUsers;
import app.banter.user.UserRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Registration refuses bad input with a clear 400/409 and creates nothing; the ticket stays usable. */
@QuarkusTest
class RegistrationValidationTest {

    @Inject
    UserRepository users;

    String phone;
    String ticket;

    @BeforeEach
    void verifiedPhone() {
        phone = TestUsers.randomPhone();
        ticket = TestUsers.signIn(FirebaseTestClient.phoneIdToken(phone)).statusCode(200)
                .extract().path("registrationTicket");
    }

    @ParameterizedTest
    @ValueSource(strings = { "ab", "this_name_is_far_too_long", "has space", "dash-name", "émile", "" })
    void invalidUsernames(String username) {
        register(Map.of("username", username)).statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("violations.field", hasItem("username"));
        assertNothingCreated();
    }

    @Test
    void usernameIsUniqueIgnoringCase() {
        TestUsers.TestUser taken = TestUsers.register();
        register(Map.of("username", taken.username().toUpperCase())).statusCode(409)
                .body("code", equalTo("USERNAME_TAKEN"));
        assertNothingCreated();
        // The same ticket works with a free name.
        register(Map.of("username", TestUsers.randomUsername())).statusCode(201);
    }

    @ParameterizedTest
    @ValueSource(strings = { "1999-13-01", "1999-02-30", "15/06/1998", "yesterday", "19980615" })
    void malformedDatesOfBirth(String date) {
        register(Map.of("dateOfBirth", date)).statusCode(400)
                .body("code", equalTo("INVALID_VALUE"))
                .body("detail", equalTo("Invalid value for 'dateOfBirth'"));
        assertNothingCreated();
    }

    @Test
    void futureDateOfBirthIsRefused() {
        register(Map.of("dateOfBirth", LocalDate.now().plusDays(2).toString())).statusCode(400)
                .body("violations.field", hasItem("dateOfBirth"));
        assertNothingCreated();
    }

    @Test
    void underEighteenIsRefused() {
        String seventeen = LocalDate.now().minusYears(18).plusDays(2).toString();
        register(Map.of("dateOfBirth", seventeen)).statusCode(400).body("code", equalTo("UNDERAGE"));
        assertNothingCreated();
        String eighteen = LocalDate.now().minusYears(18).minusDays(1).toString();
        register(Map.of("dateOfBirth", eighteen)).statusCode(201);
    }

    @Test
    void unknownAndProtectedFieldsAreRefused() {
        register(Map.of("roles", java.util.List.of("admin"))).statusCode(400).body("code", equalTo("UNKNOWN_PROPERTY"));
        register(Map.of("coins", 1_000_000)).statusCode(400).body("detail", equalTo("Unknown property 'coins'"));
        assertNothingCreated();
    }

    @Test
    void missingFieldsAreNamed() {
        given().contentType(ContentType.JSON).body(Map.of("registrationTicket", ticket))
                .post("/api/v1/auth/register").then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("violations.field", hasItem("fullName"))
                .body("violations.field", hasItem("username"))
                .body("violations.field", hasItem("dateOfBirth"))
                .body("violations.field", hasItem("gender"));
        assertNothingCreated();
    }

    @Test
    void malformedJsonAndOversizeBodies() {
        given().contentType(ContentType.JSON).body("{\"registrationTicket\": ").post("/api/v1/auth/register")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("MALFORMED_JSON"));
        given().contentType(ContentType.JSON).body("{\"fullName\": \"" + "x".repeat(70_000) + "\"}")
                .post("/api/v1/auth/register").then().statusCode(413)
                .contentType("application/problem+json").body("code", equalTo("PAYLOAD_TOO_LARGE"));
        assertNothingCreated();
    }

    @Test
    void unknownTicketIsRefused() {
        given().contentType(ContentType.JSON).body(TestUsers.registration("made-up", TestUsers.randomUsername()))
                .post("/api/v1/auth/register").then().statusCode(401)
                .body("code", equalTo("INVALID_REGISTRATION_TICKET"));
    }

    @Test
    void aSecondRegistrationOfTheSamePhoneIsAConflict() {
        String secondTicket = TestUsers.signIn(FirebaseTestClient.phoneIdToken(phone)).statusCode(200)
                .extract().path("registrationTicket");
        register(Map.of()).statusCode(201);
        given().contentType(ContentType.JSON).body(TestUsers.registration(secondTicket, TestUsers.randomUsername()))
                .post("/api/v1/auth/register").then().statusCode(409).body("code", equalTo("ALREADY_REGISTERED"));
    }

    private ValidatableResponse register(Map<String, Object> overrides) {
        Map<String, Object> body = TestUsers.registration(ticket, TestUsers.randomUsername());
        body.putAll(overrides);
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/register").then();
    }

    private void assertNothingCreated() {
        assertThat(QuarkusTransaction.requiringNew().call(() -> users.findActiveByPhone(phone))).isEmpty();
    }
}
