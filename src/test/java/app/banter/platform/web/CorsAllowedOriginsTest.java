package app.banter.platform.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With BANTER_CORS_ENABLED and BANTER_CORS_ORIGINS set: the listed origin gets CORS headers, any other none. */
@QuarkusTest
@TestProfile(CorsAllowedOriginsTest.WebBuild.class)
class CorsAllowedOriginsTest {

    static final String ALLOWED = "https://app.banter.example";

    public static class WebBuild implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("BANTER_CORS_ENABLED", "true", "BANTER_CORS_ORIGINS", ALLOWED);
        }
    }

    @Test
    void theConfiguredOriginIsAllowed() {
        given().header("Origin", ALLOWED).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
                .options("/api/v1/auth/refresh").then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Idempotency-Key"));
        given().header("Origin", ALLOWED).queryParam("username", "corsallowed")
                .get("/api/v1/users/username-availability").then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Expose-Headers", containsString("Retry-After"));
    }

    @Test
    void anyOtherOriginGetsNoCorsHeaders() {
        for (String origin : new String[] { "https://evil.example", "https://app.banter.example.evil.example",
                "http://app.banter.example" }) {
            given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                    .options("/api/v1/auth/refresh").then()
                    .header("Access-Control-Allow-Origin", nullValue());
            given().header("Origin", origin).queryParam("username", "corsother")
                    .get("/api/v1/users/username-availability").then()
                    .header("Access-Control-Allow-Origin", nullValue());
        }
    }
}
