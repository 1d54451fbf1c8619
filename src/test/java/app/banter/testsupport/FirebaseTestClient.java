package app.banter.testsupport;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;

/** Signs in to the Firebase Auth emulator through its REST API, as the mobile app's Firebase SDK would. */
public final class FirebaseTestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FirebaseTestClient() {
    }

    /** The ID token of a phone-OTP sign-in: send the code, read it from the emulator, confirm it. */
    public static String phoneIdToken(String phoneNumber) {
        String sessionInfo = given().urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body(Map.of("phoneNumber", phoneNumber, "recaptchaToken", "test"))
                .post(identityToolkit("accounts:sendVerificationCode"))
                .then().statusCode(200).extract().path("sessionInfo");
        List<Map<String, String>> codes = given().urlEncodingEnabled(false)
                .get("http://" + FirebaseEmulatorResource.host() + "/emulator/v1/projects/"
                        + FirebaseEmulatorResource.PROJECT_ID + "/verificationCodes")
                .then().statusCode(200).extract().path("verificationCodes");
        String code = codes.stream().filter(c -> sessionInfo.equals(c.get("sessionInfo"))).findFirst()
                .orElseThrow().get("code");
        return given().urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body(Map.of("sessionInfo", sessionInfo, "code", code))
                .post(identityToolkit("accounts:signInWithPhoneNumber"))
                .then().statusCode(200).extract().path("idToken");
    }

    /** The ID token of an email/password sign-up: a real Firebase token, but not a phone login. */
    public static String emailIdToken(String email) {
        return given().urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "s3cret-pass", "returnSecureToken", true))
                .post(identityToolkit("accounts:signUp"))
                .then().statusCode(200).extract().path("idToken");
    }

    /** The Firebase user an ID token is of. */
    public static String uid(String idToken) {
        return (String) claims(idToken).get("sub");
    }

    public static Map<String, Object> claims(String idToken) {
        try {
            byte[] payload = Base64.getUrlDecoder().decode(idToken.split("\\.")[1]);
            @SuppressWarnings("unchecked")
            Map<String, Object> claims = JSON.readValue(payload, Map.class);
            return claims;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token shaped like the emulator's (unsigned) with the given claims: for forged and expired cases. */
    public static String unsignedToken(Map<String, Object> claims) {
        try {
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            return base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                    + base64.encodeToString(JSON.writeValueAsBytes(claims)) + ".";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String identityToolkit(String method) {
        return "http://" + FirebaseEmulatorResource.host() + "/identitytoolkit.googleapis.com/v1/" + method + "?key=test";
    }
}
