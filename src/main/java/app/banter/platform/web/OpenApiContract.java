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
import java.util.TreeMap;
import java.util.TreeSet;
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

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;

import com.fasterxml.jackson.databind.ObjectMapper;

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
 * <li>response objects always carry their non-nullable properties, so those are required;</li>
 * <li>each failure status lists its problem codes: the {@link ProblemCodes} of the resource method plus the shared
 * ones above, as an {@code enum} of the Problem's {@code code}; the method's list is also kept as the operation's
 * {@code x-problem-codes};</li>
 * <li>operations without the bearer scheme that are {@code @PermitAll} say so with an empty {@code security};</li>
 * <li>the examples of {@value #EXAMPLES} (request and responses of the main flows) are added to their operations;
 * {@code OpenApiDocumentTest} checks each against its schema.</li>
 * </ul>
 * It runs at build time: the document is static, also in the native executable.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiContract implements OASFilter {

    static final String BEARER = "bearer";
    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";
    private static final String SCHEMA_PREFIX = "#/components/schemas/";
    static final String EXAMPLES = "openapi-examples.json";
    static final String CODES_EXTENSION = "x-problem-codes";

    /** What the shared mappers answer for every operation of a kind ({@code ProblemMappers}, the security layer). */
    private static final List<String> INPUT_CODES = List.of("VALIDATION_FAILED", "UNKNOWN_PROPERTY", "MALFORMED_JSON",
            "INVALID_VALUE", "INVALID_CHARACTER", "INVALID_PARAMETER", "MALFORMED_UTF8", "BAD_REQUEST");
    private static final List<String> BEARER_CODES = List.of("UNAUTHENTICATED");
    private static final List<String> ROLE_CODES = List.of("FORBIDDEN");
    private static final List<String> PATH_CODES = List.of("NOT_FOUND");

    private static final DotName PATH = DotName.createSimple("jakarta.ws.rs.Path");
    private static final DotName PERMIT_ALL = DotName.createSimple("jakarta.annotation.security.PermitAll");
    private static final DotName ROLES_ALLOWED = DotName.createSimple("jakarta.annotation.security.RolesAllowed");
    private static final DotName PROBLEM_CODES = DotName.createSimple(ProblemCodes.class.getName());
    private static final Map<DotName, String> HTTP_METHODS = Map.of(
            DotName.createSimple("jakarta.ws.rs.GET"), "GET", DotName.createSimple("jakarta.ws.rs.POST"), "POST",
            DotName.createSimple("jakarta.ws.rs.PUT"), "PUT", DotName.createSimple("jakarta.ws.rs.PATCH"), "PATCH",
            DotName.createSimple("jakarta.ws.rs.DELETE"), "DELETE");

    /** The resource method behind each operation ("POST /api/v1/calls"), read from the build's index. */
    private final Map<String, MethodInfo> methods = new TreeMap<>();

    public OpenApiContract(IndexView index) {
        for (AnnotationInstance path : index.getAnnotations(PATH)) {
            if (path.target().kind() != AnnotationTarget.Kind.CLASS) {
                continue;
            }
            ClassInfo resource = path.target().asClass();
            for (MethodInfo method : resource.methods()) {
                for (Map.Entry<DotName, String> http : HTTP_METHODS.entrySet()) {
                    if (method.hasDeclaredAnnotation(http.getKey())) {
                        AnnotationInstance sub = method.declaredAnnotation(PATH);
                        String template = path.value().asString() + (sub == null ? "" : "/" + sub.value().asString());
                        methods.put(http.getValue() + " " + normalize(template), method);
                    }
                }
            }
        }
    }

    /** {@code /a//b/{id: [0-9]+}/} as OpenAPI writes it: {@code /a/b/{id}}. */
    static String normalize(String template) {
        String path = template.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        path = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return path.startsWith("/") ? path : "/" + path;
    }

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
        Map<String, Map<String, Object>> examples = examples();
        openAPI.getPaths().getPathItems().forEach((template, path) -> path.getOperations().forEach((verb, op) -> {
            Operation operation = op;
            String name = verb.name() + " " + template;
            MethodInfo method = methods.get(name);
            declareSecurity(operation, method, openAPI);
            completeResponses(operation, path, openAPI, method);
            addExamples(operation, examples.get(name));
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

    private static void completeResponses(Operation operation, PathItem path, OpenAPI openAPI, MethodInfo method) {
        APIResponses responses = operation.getResponses();
        Map<String, Set<String>> codes = new TreeMap<>();
        if (isBearerSecured(operation, openAPI)) {
            addIfAbsent(responses, "401", "No valid access token (missing, expired, revoked or malformed)");
            codes.computeIfAbsent("401", s -> new TreeSet<>()).addAll(BEARER_CODES);
        }
        if (method != null && (method.hasDeclaredAnnotation(ROLES_ALLOWED)
                || method.declaringClass().hasDeclaredAnnotation(ROLES_ALLOWED))) {
            addIfAbsent(responses, "403", "FORBIDDEN: your roles do not allow this");
            codes.computeIfAbsent("403", s -> new TreeSet<>()).addAll(ROLE_CODES);
        }
        if (takesInput(operation, path)) {
            addIfAbsent(responses, "400", "Invalid input: the problem's code and violations say what to fix");
            codes.computeIfAbsent("400", s -> new TreeSet<>()).addAll(INPUT_CODES);
            if (parameters(operation, path).stream().anyMatch(p -> "cursor".equals(p.getName()))) {
                codes.get("400").add("INVALID_CURSOR");
            }
        }
        if (hasPathParameter(operation, path)) {
            addIfAbsent(responses, "404", "Not found, or not yours");
            codes.computeIfAbsent("404", s -> new TreeSet<>()).addAll(PATH_CODES);
        }
        AnnotationInstance declared = method == null ? null : method.declaredAnnotation(PROBLEM_CODES);
        if (declared != null) {
            List<String> own = List.of(declared.value().asStringArray());
            operation.addExtension(CODES_EXTENSION, own);
            for (String entry : own) {
                String[] statusAndCode = entry.trim().split("\\s+");
                if (statusAndCode.length != 2 || !statusAndCode[0].matches("[45]\\d\\d")
                        || !statusAndCode[1].matches("[A-Z][A-Z0-9_]*")) {
                    throw new IllegalArgumentException("@ProblemCodes of " + method.declaringClass().name() + "."
                            + method.name() + ": '" + entry + "' is not \"<4xx|5xx status> <CODE>\"");
                }
                addIfAbsent(responses, statusAndCode[0], "");
                codes.computeIfAbsent(statusAndCode[0], s -> new TreeSet<>()).add(statusAndCode[1]);
            }
        }
        addIfAbsent(responses, "default", "Any other failure (405, 406, 413, 414, 415, 431, 5xx)");
        Map<String, APIResponse> sorted = new LinkedHashMap<>();
        responses.getAPIResponses().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        sorted.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5") || "default".equals(status)) {
                if (response.getDescription() == null || response.getDescription().isEmpty()) {
                    response.setDescription(String.join(", ", codes.get(status)));
                }
                response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(problemSchema(codes.get(status)))));
            }
        });
        responses.setAPIResponses(sorted);
    }

    /** The Problem schema, its {@code code} limited to {@code codes} when they are known. */
    private static Schema problemSchema(Set<String> codes) {
        Schema problem = OASFactory.createSchema().ref(PROBLEM_SCHEMA);
        if (codes == null || codes.isEmpty()) {
            return problem;
        }
        Schema code = OASFactory.createSchema().addType(Schema.SchemaType.STRING).enumeration(List.copyOf(codes));
        return OASFactory.createSchema().addAllOf(problem).addAllOf(OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT).addProperty("code", code));
    }

    /** Public operations ({@code @PermitAll}) say so: an empty security list, not an absent one. */
    private static void declareSecurity(Operation operation, MethodInfo method, OpenAPI openAPI) {
        if (operation.getSecurity() == null && openAPI.getSecurity() == null && method != null
                && (method.hasDeclaredAnnotation(PERMIT_ALL)
                        || method.declaringClass().hasDeclaredAnnotation(PERMIT_ALL))) {
            operation.setSecurity(new ArrayList<>());
        }
    }

    /**
     * {@value #EXAMPLES}: {@code {"POST /api/v1/auth/register": {"request": {...}, "responses": {"201": {...}}}}},
     * each value either one example or {@code {"examples": {"name": {...}, ...}}} for several.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> examples() {
        try (var in = OpenApiContract.class.getClassLoader().getResourceAsStream(EXAMPLES)) {
            return in == null ? Map.of() : new ObjectMapper().readValue(in, Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(EXAMPLES + " is not JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void addExamples(Operation operation, Map<String, Object> examples) {
        if (examples == null) {
            return;
        }
        if (examples.get("request") != null && operation.getRequestBody() != null) {
            eachMediaType(operation.getRequestBody().getContent(), media -> named(examples.get("request"))
                    .forEach((name, value) -> media.addExample(name, OASFactory.createExample().value(value))));
        }
        Map<String, Object> responses = (Map<String, Object>) examples.getOrDefault("responses", Map.of());
        responses.forEach((status, value) -> {
            APIResponse response = operation.getResponses().getAPIResponse(status);
            if (response == null) {
                throw new IllegalArgumentException(EXAMPLES + ": " + operation.getOperationId() + " has no " + status);
            }
            eachMediaType(response.getContent(), media -> named(value)
                    .forEach((name, example) -> media.addExample(name, OASFactory.createExample().value(example))));
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> named(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.get("examples") instanceof Map<?, ?> several) {
            return (Map<String, Object>) several;
        }
        return Map.of("example", value);
    }

    private static void eachMediaType(Content content, Consumer<MediaType> action) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(action);
        }
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
