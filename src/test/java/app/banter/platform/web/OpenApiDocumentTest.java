package app.banter.platform.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import app.banter.chat.ChatConfig;
import app.banter.testsupport.OpenApiDocument;
import app.banter.testsupport.OpenApiDocument.Operation;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.WithDefault;

/**
 * The OpenAPI document as a whole: complete for every operation (each gap listed with what to add), its examples
 * valid, and identical to the checked-in copy {@code docs/api/openapi.json}, so that API changes show in review.
 * Regenerate the copy with {@value #UPDATE_COMMAND}.
 */
@QuarkusTest
public class OpenApiDocumentTest {

    public static final Path CHECKED_IN = Path.of("docs/api/openapi.json");
    static final String UPDATE_COMMAND = "./mvnw -o test -Dtest=OpenApiDocumentTest -Dbanter.openapi.update=true";
    private static final boolean UPDATE = Boolean.getBoolean("banter.openapi.update");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The flows the app is built around: each has an example of its request and of its main answers. */
    private static final List<String> MAIN_FLOWS = List.of("POST /api/v1/auth/firebase", "POST /api/v1/auth/register",
            "POST /api/v1/auth/refresh", "POST /api/v1/payments/orders", "POST /api/v1/payments/verify",
            "POST /api/v1/calls", "POST /api/v1/calls/{callId}/accept");

    private static OpenApiDocument document;

    @BeforeEach
    void serve() {
        if (document == null) {
            document = new OpenApiDocument(given().queryParam("format", "json").get("/q/openapi").then()
                    .statusCode(200).extract().asString());
        }
    }

    /** The served document with its object keys sorted, so the copy does not change with the scanning order. */
    public static String canonical(JsonNode document) {
        try {
            return JSON.writeValueAsString(sorted(document)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            Map<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
            fields.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return node;
    }

    @Test
    void theCheckedInCopyIsTheServedDocument() throws IOException {
        String served = canonical(document.root());
        if (UPDATE) {
            Files.createDirectories(CHECKED_IN.getParent());
            Files.writeString(CHECKED_IN, served, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(CHECKED_IN) ? Files.readString(CHECKED_IN, StandardCharsets.UTF_8) : "";
        assertThat(committed)
                .as("%s differs from the served /q/openapi: the API changed. Regenerate it with%n  %s%nthen the "
                        + "TypeScript client with%n  %s%nreview the diff and commit both", CHECKED_IN,
                        UPDATE_COMMAND, "clients/typescript/generate.sh")
                .isEqualTo(served);
    }

    /** The websocket protocol's AsyncAPI document (AsyncApiDocumentTest keeps it current) is served as it is. */
    @Test
    void theAsyncApiDocumentIsServed() throws IOException {
        String served = given().get("/asyncapi.json").then().statusCode(200).extract().asString();
        assertThat(JSON.readTree(served))
                .isEqualTo(JSON.readTree(Path.of("src/main/resources/META-INF/resources/asyncapi.json").toFile()));
    }

    @Test
    void everyOperationIsComplete() {
        List<String> gaps = new ArrayList<>();
        for (Operation op : document.operations()) {
            JsonNode node = op.node();
            if (!node.has("x-problem-codes")) {
                gaps.add(op + ": add @ProblemCodes({\"<status> <CODE>\", ...}) to its resource method, listing the "
                        + "codes its own rules answer with (@ProblemCodes({}) when none)");
            }
            if (!node.has("security")) {
                gaps.add(op + ": say who may call it: @SecurityRequirement(name = \"bearer\") with @Authenticated or "
                        + "@RolesAllowed, or @PermitAll for a public operation");
            }
            if (node.path("summary").asText().isBlank()) {
                gaps.add(op + ": add @Operation(summary = \"...\")");
            }
            if (node.path("tags").isEmpty()) {
                gaps.add(op + ": add @Tag(name = \"...\") to its resource class");
            }
            node.path("responses").properties().forEach(response -> {
                String status = response.getKey();
                JsonNode content = response.getValue().path("content");
                if (status.startsWith("2") && !"204".equals(status) && !content.path("application/json").has("schema")) {
                    gaps.add(op + " " + status + ": no JSON schema; declare the response type (a record, not Response), "
                            + "or @APIResponse(content = @Content(schema = @Schema(implementation = ...)))");
                }
                if ((status.startsWith("4") || status.startsWith("5"))
                        && content.path("application/problem+json").path("schema").path("allOf").path(1)
                                .path("properties").path("code").path("enum").isEmpty()) {
                    gaps.add(op + " " + status + ": its problem codes are unknown; list them in @ProblemCodes as \""
                            + status + " <CODE>\"");
                }
            });
        }
        assertThat(gaps).as("operations the OpenAPI document does not describe completely").isEmpty();
    }

    /**
     * A client handles a code the same way wherever it comes: each problem code is answered with one status across all
     * operations. No code needs an exception yet; one whose meaning genuinely differs by operation would be listed
     * here with the reason.
     */
    @Test
    void everyProblemCodeHasOneStatusAcrossAllOperations() {
        Map<String, Map<String, List<String>>> statusesByCode = new TreeMap<>();
        for (Operation op : document.operations()) {
            op.node().path("responses").properties().forEach(response -> {
                for (JsonNode code : codesOf(response.getValue())) {
                    statusesByCode.computeIfAbsent(code.asText(), c -> new TreeMap<>())
                            .computeIfAbsent(response.getKey(), s -> new ArrayList<>()).add(op.toString());
                }
            });
        }
        List<String> mixed = statusesByCode.entrySet().stream().filter(code -> code.getValue().size() > 1)
                .map(code -> code.getKey() + " " + code.getValue()).toList();
        assertThat(mixed).as("problem codes answered with different statuses").isEmpty();
    }

    /** The enum of a failure response's problem codes (empty for a success or {@code default}). */
    private static JsonNode codesOf(JsonNode response) {
        return response.path("content").path("application/problem+json").path("schema").path("allOf").path(1)
                .path("properties").path("code").path("enum");
    }

    /**
     * The maxLength of a message's text is the limit the service holds it to (banter.chat.max-message-length, at its
     * default), for direct and room messages, sent or edited; a longer text is MESSAGE_TOO_LONG on each.
     */
    @Test
    void messageTextsDocumentTheLengthTheServiceEnforces() throws NoSuchMethodException {
        int enforced = Integer.parseInt(ChatConfig.class.getMethod("maxMessageLength").getAnnotation(WithDefault.class)
                .value());
        for (String texted : List.of("POST /api/v1/messages", "PATCH /api/v1/messages/{messageId}",
                "POST /api/v1/rooms/{roomId}/chat/messages")) {
            JsonNode node = operation(texted).node();
            JsonNode body = document.resolve(node.at("/requestBody/content/application~1json/schema"));
            assertThat(body.at("/properties/text/maxLength").asInt()).as("%s text maxLength", texted)
                    .isEqualTo(enforced);
            assertThat(codesOf(node.path("responses").path("400"))).as("%s 400 codes", texted)
                    .anyMatch(code -> "MESSAGE_TOO_LONG".equals(code.asText()));
        }
    }

    /** Without either date the KPIs answer 400 INVALID_DATE: both are required, and dates. */
    @Test
    void theKpiRangeIsTwoRequiredDates() {
        JsonNode parameters = operation("GET /api/v1/admin/kpis").node().path("parameters");
        assertThat(parameters).extracting(parameter -> parameter.path("name").asText()).containsExactly("from", "to");
        for (JsonNode parameter : parameters) {
            assertThat(parameter.path("required").asBoolean()).as("%s required", parameter).isTrue();
            assertThat(parameter.path("schema").path("format").asText()).as("%s format", parameter).isEqualTo("date");
        }
    }

    /** Verifying a Checkout payment checks its signature here and asks Razorpay nothing: it has no provider failure. */
    @Test
    void verifyingACheckoutPaymentDeclaresNoProviderFailure() {
        assertThat(operation("POST /api/v1/payments/verify").node().path("responses").has("502")).isFalse();
    }

    private static Operation operation(String name) {
        return document.operations().stream().filter(op -> op.toString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no operation " + name));
    }

    @Test
    void theMainFlowsHaveExamplesThatMatchTheirSchemas() {
        List<String> problems = new ArrayList<>();
        for (String flow : MAIN_FLOWS) {
            String[] methodAndPath = flow.split(" ", 2);
            Operation op = document.operations().stream()
                    .filter(o -> o.method().equalsIgnoreCase(methodAndPath[0]) && o.path().equals(methodAndPath[1]))
                    .findFirst().orElse(null);
            if (op == null) {
                problems.add(flow + ": no such operation");
                continue;
            }
            JsonNode request = op.node().path("requestBody").path("content").path("application/json");
            if (op.node().has("requestBody") && request.path("examples").isEmpty()) {
                problems.add(flow + ": no request example in " + OpenApiContract.EXAMPLES);
            }
            boolean successExample = false;
            for (var response : op.node().path("responses").properties()) {
                successExample |= response.getKey().startsWith("2")
                        && !response.getValue().path("content").path("application/json").path("examples").isEmpty();
            }
            if (!successExample) {
                problems.add(flow + ": no example of its success in " + OpenApiContract.EXAMPLES);
            }
        }
        for (Operation op : document.operations()) {
            checkExamples(op + " request", op.node().path("requestBody").path("content"), problems);
            op.node().path("responses").properties()
                    .forEach(r -> checkExamples(op + " " + r.getKey(), r.getValue().path("content"), problems));
        }
        assertThat(problems).isEmpty();
    }

    private static void checkExamples(String where, JsonNode content, List<String> problems) {
        content.properties().forEach(media -> media.getValue().path("examples").properties().forEach(example -> {
            document.violations(example.getValue().path("value"), media.getValue().path("schema"))
                    .forEach(v -> problems.add(where + " example '" + example.getKey() + "': " + v));
        }));
    }
}
