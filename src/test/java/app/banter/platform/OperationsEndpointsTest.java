package app.banter.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.net.URL;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class OperationsEndpointsTest {

    /** The management interface (its /q root): health and metrics, on a port the public Service does not expose. */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    private RequestSpecification onManagementPort() {
        return given().baseUri(management.getProtocol() + "://" + management.getHost()).port(management.getPort());
    }

    @Test
    void readinessCoversPostgresAndRedis() {
        onManagementPort().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Redis connection health check"));
        onManagementPort().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetrics() {
        // A request on the public port: the management port's own requests are not what http_server_requests counts.
        given().get("/api/v1/me").then().statusCode(401);
        // A refused token on a path with an id: counted under the route's template, never the id (one series per
        // call id would grow without bound).
        String callId = UUID.randomUUID().toString();
        given().auth().oauth2("not-a-token").post("/api/v1/calls/" + callId + "/end").then().statusCode(401)
                .body("code", equalTo("UNAUTHENTICATED"));
        String metrics = onManagementPort().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("jvm_memory_used_bytes", "http_server_requests")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"401\"[^}]*"
                        + "uri=\"/api/v1/calls/\\{callId}/end\"")
                .doesNotContain(callId);
    }

    @Test
    void thePublicPortServesNeitherMetricsNorHealth() {
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(404);
    }

    @Test
    void everyOperationIsDescribed() {
        JsonPath openapi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = openapi.getMap("paths");
        assertThat(paths).containsKeys("/api/v1/auth/firebase", "/api/v1/auth/register", "/api/v1/auth/refresh",
                "/api/v1/auth/logout", "/api/v1/me", "/api/v1/users", "/api/v1/users/{userId}",
                "/api/v1/me/devices");
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (operation instanceof Map<?, ?> op && method.matches("get|post|put|patch|delete")) {
                assertThat(op.get("summary")).as(method + " " + path).isNotNull();
            }
        }));
    }
}
