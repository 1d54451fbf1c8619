package app.banter.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import app.banter.platform.error.Problem;
import app.banter.testsupport.TestUsers;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Whatever a client sends, the answer is a problem document with a stable code and no internals. */
@QuarkusTest
class ErrorContractTest {

    @Test
    void unknownPathsAreProblems() {
        given().get("/api/v1/no-such-thing").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void wrongMethodAndMediaType() {
        TestUsers.TestUser me = TestUsers.register();
        me.request().put("/api/v1/me").then().statusCode(405).body("code", equalTo("METHOD_NOT_ALLOWED"));
        given().contentType(ContentType.TEXT).body("x").post("/api/v1/auth/refresh").then().statusCode(415)
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
    }

    @Test
    void badParametersAre400() {
        TestUsers.TestUser me = TestUsers.register();
        me.request().queryParam("q", "a").queryParam("limit", "lots").get("/api/v1/users").then().statusCode(400)
                .body("code", equalTo("INVALID_PARAMETER"));
        me.request().get("/api/v1/users/not-a-uuid").then().statusCode(400)
                .body("code", equalTo("INVALID_PARAMETER"));
    }

    @Test
    void noBodyWhereOneIsNeeded() {
        given().contentType(ContentType.JSON).post("/api/v1/auth/firebase").then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        given().contentType(ContentType.JSON).body("[1,2]").post("/api/v1/auth/firebase").then().statusCode(400)
                .body("code", equalTo("MALFORMED_JSON"));
        // A number is not a token: string fields take JSON strings only.
        given().contentType(ContentType.JSON).body(Map.of("idToken", 42)).post("/api/v1/auth/firebase").then()
                .statusCode(400).body("code", equalTo("INVALID_VALUE"));
    }

    @Test
    void problemsRevealNoInternals() {
        given().contentType(ContentType.JSON).body("{\"idToken\": [}").post("/api/v1/auth/firebase").then()
                .statusCode(400)
                .body(not(containsString("jackson")))
                .body(not(containsString("Exception")))
                .body(not(containsString("at app.banter")));
    }

    @Test
    void expiredOrForeignAccessTokensAreRefused() {
        // Signed by some other key: verification fails.
        String foreign = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2JhbnRlci5hcHAiLCJzdWIiOiJ4In0."
                + "c2lnbmF0dXJl";
        given().auth().oauth2(foreign).get("/api/v1/me").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer")).body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void problemsCarryTheTraceIdOnlyWhileARequestIsTraced() {
        // No OTLP endpoint in tests, so tracing is off and the field is left out; TracingTest has it on.
        given().get("/api/v1/no-such-thing").then().statusCode(404).body("$", not(hasKey("traceId")));

        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        Span traced = Span.wrap(SpanContext.create(traceId, "00f067aa0ba902b7", TraceFlags.getSampled(),
                TraceState.getDefault()));
        try (Scope scope = traced.makeCurrent()) {
            assertThat(Problem.of(404, "NOT_FOUND", "No such resource").traceId()).isEqualTo(traceId);
        }
        assertThat(Problem.of(404, "NOT_FOUND", "No such resource").traceId()).isNull();
    }
}
