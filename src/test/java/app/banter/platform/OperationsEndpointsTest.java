package app.banter.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void readinessCoversPostgresAndRedis() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Redis connection health check"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetrics() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("jvm_memory_used_bytes", "http_server_requests");
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
