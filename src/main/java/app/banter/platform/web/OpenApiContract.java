package app.banter.platform.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

import app.banter.platform.error.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Completes the generated OpenAPI document with what every operation shares, so that the resources only declare
 * what is particular to them (their success status, and refusals such as 404 or 409 that only their rules send):
 * <ul>
 * <li>every failure response is {@code application/problem+json} with the {@code Problem} schema, and a
 * {@code default} response covers what the framework may answer anywhere (405, 406, 413, 415, 500);</li>
 * <li>operations behind the bearer scheme answer 401 without a valid token; operations that take input answer 400
 * for invalid input, and 404 when a path names something absent or someone else's;</li>
 * <li>request bodies refuse unknown properties ({@code quarkus.jackson.fail-on-unknown-properties}), so their
 * schemas say {@code additionalProperties: false};</li>
 * <li>response objects always carry their non-nullable properties, so those are required.</li>
 * </ul>
 * It runs at build time: the document is static, also in the native executable.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiContract implements OASFilter {

    static final String BEARER = "bearer";
    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";
    private static final String SCHEMA_PREFIX = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        Schema problem = schemas.get("Problem");
        if (problem != null) {
            // Problem omits empty fields (detail, violations); these four are always there.
            problem.setRequired(List.of("type", "title", "status", "code"));
        }
        if (openAPI.getPaths() == null) {
            return;
        }
        Set<String> requestSchemas = new HashSet<>();
        Set<String> responseSchemas = new HashSet<>();
        openAPI.getPaths().getPathItems().values().forEach(path -> path.getOperations().values().forEach(operation -> {
            completeResponses(operation, path, openAPI);
            if (operation.getRequestBody() != null) {
                eachSchema(operation.getRequestBody().getContent(), s -> reachable(s, schemas, requestSchemas));
            }
            operation.getResponses().getAPIResponses().forEach((status, response) -> {
                if (status.startsWith("2")) {
                    eachSchema(response.getContent(), s -> reachable(s, schemas, responseSchemas));
                }
            });
        }));
        requestSchemas.stream().map(schemas::get).filter(schema -> schema.getProperties() != null)
                .forEach(schema -> schema.setAdditionalPropertiesBoolean(Boolean.FALSE));
        responseSchemas.stream().filter(name -> !requestSchemas.contains(name) && !"Problem".equals(name))
                .forEach(name -> requireNonNullable(schemas.get(name)));
    }

    private static void completeResponses(Operation operation, PathItem path, OpenAPI openAPI) {
        APIResponses responses = operation.getResponses();
        if (isBearerSecured(operation, openAPI)) {
            addIfAbsent(responses, "401", "No valid access token (missing, expired, revoked or malformed)");
        }
        if (takesInput(operation, path)) {
            addIfAbsent(responses, "400", "Invalid input: the problem's code and violations say what to fix");
        }
        if (hasPathParameter(operation, path)) {
            addIfAbsent(responses, "404", "Not found, or not yours");
        }
        addIfAbsent(responses, "default", "Any other failure (405, 406, 413, 415, 5xx)");
        Map<String, APIResponse> sorted = new LinkedHashMap<>();
        responses.getAPIResponses().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        sorted.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5") || "default".equals(status)) {
                response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA))));
            }
        });
        responses.setAPIResponses(sorted);
    }

    private static void addIfAbsent(APIResponses responses, String status, String description) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        }
    }

    private static boolean isBearerSecured(Operation operation, OpenAPI openAPI) {
        List<SecurityRequirement> security = operation.getSecurity() != null ? operation.getSecurity()
                : openAPI.getSecurity();
        return security != null && security.stream().anyMatch(requirement -> requirement.hasScheme(BEARER));
    }

    private static boolean takesInput(Operation operation, PathItem path) {
        return operation.getRequestBody() != null || !parameters(operation, path).isEmpty();
    }

    private static boolean hasPathParameter(Operation operation, PathItem path) {
        return parameters(operation, path).stream().anyMatch(p -> p.getIn() == Parameter.In.PATH);
    }

    private static List<Parameter> parameters(Operation operation, PathItem path) {
        List<Parameter> all = new ArrayList<>();
        if (path.getParameters() != null) {
            all.addAll(path.getParameters());
        }
        if (operation.getParameters() != null) {
            all.addAll(operation.getParameters());
        }
        return all;
    }

    private static void eachSchema(Content content, Consumer<Schema> action) {
        if (content == null || content.getMediaTypes() == null) {
            return;
        }
        content.getMediaTypes().values().stream().map(MediaType::getSchema).filter(Objects::nonNull).forEach(action);
    }

    /** Adds the names of the component schemas that {@code schema} uses, directly or through other schemas. */
    private static void reachable(Schema schema, Map<String, Schema> schemas, Set<String> names) {
        Deque<Schema> pending = new ArrayDeque<>(List.of(schema));
        while (!pending.isEmpty()) {
            Schema next = pending.pop();
            if (next.getRef() != null && next.getRef().startsWith(SCHEMA_PREFIX)) {
                String name = next.getRef().substring(SCHEMA_PREFIX.length());
                if (names.add(name) && schemas.containsKey(name)) {
                    pending.push(schemas.get(name));
                }
            }
            if (next.getProperties() != null) {
                next.getProperties().values().forEach(pending::push);
            }
            if (next.getItems() != null) {
                pending.push(next.getItems());
            }
            if (next.getAnyOf() != null) {
                next.getAnyOf().forEach(pending::push);
            }
            if (next.getOneOf() != null) {
                next.getOneOf().forEach(pending::push);
            }
            if (next.getAllOf() != null) {
                next.getAllOf().forEach(pending::push);
            }
        }
    }

    /**
     * Jackson writes every record component, so a response object always has its properties; the nullable ones stay
     * optional. A record that leaves out its nulls names its required properties itself, and keeps them.
     */
    private static void requireNonNullable(Schema schema) {
        if (schema == null || schema.getProperties() == null
                || (schema.getRequired() != null && !schema.getRequired().isEmpty())) {
            return;
        }
        schema.setRequired(schema.getProperties().entrySet().stream()
                .filter(property -> !isNullable(property.getValue()))
                .map(Map.Entry::getKey).sorted().toList());
    }

    private static boolean isNullable(Schema property) {
        if (property.getType() != null && property.getType().contains(Schema.SchemaType.NULL)) {
            return true;
        }
        List<Schema> alternatives = property.getAnyOf() != null ? property.getAnyOf() : property.getOneOf();
        return alternatives != null && alternatives.stream().anyMatch(OpenApiContract::isNullable);
    }
}
