package app.banter.testsupport;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.testsupport.OpenApiDocument.Operation;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * A RestAssured filter that holds every API response it sees against the OpenAPI document: the status must be
 * declared for that operation (refusals by their own status, not through {@code default}), the media type must be
 * the declared one, and the body must validate against the declared schema.
 */
public final class ContractRecorder implements Filter {

    /** Refusals a client acts on: an operation that sends one declares it by its number. */
    private static final Set<String> NAMED_STATUSES = Set.of("400", "401", "402", "403", "404", "409", "429");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenApiDocument document;
    private final List<String> mismatches = new ArrayList<>();
    private final Set<String> exercised = ConcurrentHashMap.newKeySet();

    public ContractRecorder(OpenApiDocument document) {
        this.document = document;
    }

    /** A recorder against the document the service under test serves, for a test to add to the requests it checks. */
    public static ContractRecorder ofServedDocument() {
        return new ContractRecorder(new OpenApiDocument(RestAssured.given().queryParam("format", "json")
                .get("/q/openapi").then().statusCode(200).extract().asString()));
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        String path = URI.create(request.getURI()).getRawPath();
        if (path.startsWith("/api/")) {
            check(request.getMethod(), path, response);
        }
        return response;
    }

    private synchronized void check(String method, String path, Response response) {
        Operation operation = document.operation(method, path).orElse(null);
        String status = Integer.toString(response.statusCode());
        if (operation == null) {
            mismatches.add(method + " " + path + " answered " + status + " but the document has no such operation");
            return;
        }
        exercised.add(operation.toString());
        String where = operation + " " + status;
        JsonNode responses = operation.node().path("responses");
        JsonNode declared = responses.has(status) ? responses.get(status)
                : NAMED_STATUSES.contains(status) ? null : responses.get("default");
        if (declared == null) {
            mismatches.add(where + ": status not declared (declared: " + names(responses) + ")");
            return;
        }
        JsonNode content = declared.path("content");
        String body = response.asString();
        if (content.isEmpty()) {
            if (!body.isEmpty()) {
                mismatches.add(where + ": declares no body but got " + body);
            }
            return;
        }
        String mediaType = response.contentType() == null ? "" : response.contentType().split(";")[0].trim();
        if (!content.has(mediaType)) {
            mismatches.add(where + ": media type '" + mediaType + "' not declared (declared: " + names(content) + ")");
            return;
        }
        try {
            JsonNode value = JSON.readTree(body);
            document.violations(value, content.get(mediaType).path("schema"))
                    .forEach(v -> mismatches.add(where + ": " + v));
        } catch (Exception e) {
            mismatches.add(where + ": body is not JSON: " + body);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    public synchronized List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    /** Operations ("POST /api/v1/calls") that answered at least once. */
    public Set<String> exercised() {
        return Set.copyOf(exercised);
    }
}
