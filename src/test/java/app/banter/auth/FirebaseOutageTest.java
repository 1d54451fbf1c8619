package app.banter.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.firebase.ErrorCode;
import com.google.firebase.auth.AuthErrorCode;
import com.google.firebase.auth.FirebaseAuthException;

import app.banter.testsupport.FirebaseTestClient;
import app.banter.testsupport.OpenApiDocument;
import app.banter.testsupport.TestUsers;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Firebase cannot check a token when Google's public keys are out of reach (the emulator signs nothing, so the check
 * is stood in for): that is the server's failure, answered 503 with Retry-After so that the app retries the same token,
 * not 401, which sends the user through the OTP again. A token Firebase refuses stays 401.
 */
@QuarkusTest
class FirebaseOutageTest {

    @ParameterizedTest
    @CsvSource({
            "UNKNOWN, CERTIFICATE_FETCH_FAILED, 503, AUTH_PROVIDER_UNAVAILABLE",
            "UNAVAILABLE, , 503, AUTH_PROVIDER_UNAVAILABLE",
            "INVALID_ARGUMENT, INVALID_ID_TOKEN, 401, INVALID_ID_TOKEN" })
    void aTokenThatCannotBeCheckedNowIsRetriedNotRefused(ErrorCode error, AuthErrorCode authError, int status,
            String code) {
        QuarkusMock.installMockForType(new FirebasePhoneVerifier(idToken -> {
            throw new FirebaseAuthException(error, "Error while fetching public key certificates",
                    new IOException("Connection refused"), null, authError);
        }), FirebasePhoneVerifier.class);

        var answer = given().contentType(ContentType.JSON)
                .body(Map.of("idToken", FirebaseTestClient.phoneIdToken(TestUsers.randomPhone())))
                .post("/api/v1/auth/firebase").then().statusCode(status).body("code", equalTo(code));
        if (status == 503) {
            answer.header("Retry-After", Long.toString(FirebasePhoneVerifier.RETRY_AFTER_SECONDS));
        }
        OpenApiDocument document = new OpenApiDocument(given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().asString());
        JsonNode declared = document.operation("POST", "/api/v1/auth/firebase").orElseThrow().node()
                .at("/responses/" + status + "/content/application~1problem+json/schema/allOf/1/properties/code/enum");
        assertThat(declared).as("codes POST /api/v1/auth/firebase declares under %s", status)
                .anyMatch(declaredCode -> code.equals(declaredCode.asText()));
    }
}
