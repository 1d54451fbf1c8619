package app.banter.testsupport;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The service's own OpenAPI document, read as a client generator would read it, with just enough of JSON Schema
 * (type, enum, format, properties, required, additionalProperties, items, $ref, anyOf/oneOf/allOf) to say whether
 * a real response is what the document promises.
 */
public final class OpenApiDocument {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode root;

    public OpenApiDocument(String json) {
        try {
            this.root = JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("The OpenAPI document is not JSON", e);
        }
    }

    public JsonNode root() {
        return root;
    }

    public record Operation(String method, String path, JsonNode node) {
        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }

    public List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        root.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (method.getKey().matches("get|put|post|patch|delete")) {
                operations.add(new Operation(method.getKey(), path.getKey(), method.getValue()));
            }
        }));
        return operations;
    }

    /** The operation serving {@code method path}; a literal path segment wins over a template. */
    public Optional<Operation> operation(String method, String path) {
        return operations().stream()
                .filter(op -> op.method().equalsIgnoreCase(method) && matches(op.path(), path))
                .min((a, b) -> Long.compare(a.path().chars().filter(c -> c == '{').count(),
                        b.path().chars().filter(c -> c == '{').count()));
    }

    private static boolean matches(String template, String path) {
        return Pattern.compile(Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q")).matcher(path)
                .matches();
    }

    public JsonNode resolve(JsonNode schema) {
        JsonNode resolved = schema;
        while (resolved.has("$ref")) {
            String ref = resolved.get("$ref").asText();
            resolved = root.at(ref.substring(1));
            if (resolved.isMissingNode()) {
                throw new IllegalStateException("Unresolvable " + ref);
            }
        }
        return resolved;
    }

    /** What is wrong with {@code value} against {@code schema}, one line each; empty when it conforms. */
    public List<String> violations(JsonNode value, JsonNode schema) {
        List<String> violations = new ArrayList<>();
        check(value, schema, "$", violations);
        return violations;
    }

    private void check(JsonNode value, JsonNode schemaOrRef, String at, List<String> violations) {
        check(value, schemaOrRef, at, violations, false);
    }

    /**
     * {@code partOfAllOf}: the schema is one part of an allOf (Problem, then its code limited to an operation's codes),
     * so a property another part declares is not undocumented.
     */
    private void check(JsonNode value, JsonNode schemaOrRef, String at, List<String> violations, boolean partOfAllOf) {
        // OpenAPI 3.1 allows keywords next to $ref: a nullable reference can be {"$ref": ..., "type": [..., "null"]}.
        if (value.isNull() && schemaOrRef.has("$ref") && allows(schemaOrRef.path("type"), "null")) {
            return;
        }
        JsonNode schema = resolve(schemaOrRef);
        for (JsonNode part : schema.path("allOf")) {
            check(value, part, at, violations, true);
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            if (schema.has(combinator)) {
                long matching = 0;
                for (JsonNode alternative : schema.get(combinator)) {
                    matching += violations(value, alternative).isEmpty() ? 1 : 0;
                }
                if (matching == 0 || ("oneOf".equals(combinator) && matching > 1)) {
                    violations.add(at + ": " + matching + " alternatives of " + combinator + " match " + value);
                }
            }
        }
        if (schema.has("type") && !typeMatches(value, schema.get("type"))) {
            violations.add(at + ": " + kind(value) + " " + abbreviate(value) + " where the schema says " + schema.get("type"));
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            violations.add(at + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (value.isTextual() && schema.has("format") && !formatMatches(value.asText(), schema.get("format").asText())) {
            violations.add(at + ": '" + value.asText() + "' is not a " + schema.get("format").asText());
        }
        if (value.isObject()) {
            checkObject(value, schema, at, violations, partOfAllOf);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), at + "[" + i + "]", violations);
            }
        }
    }

    private void checkObject(JsonNode value, JsonNode schema, String at, List<String> violations,
            boolean partOfAllOf) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                violations.add(at + ": required property '" + required.asText() + "' is missing");
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String where = at + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(field.getValue(), properties.get(field.getKey()), where, violations);
            } else if (additional.isBoolean() && !additional.asBoolean()) {
                violations.add(where + ": not a property the schema declares");
            } else if (additional.isObject()) {
                check(field.getValue(), additional, where, violations);
            } else if (schema.has("properties") && !partOfAllOf) {
                violations.add(where + ": undocumented property");
            }
        }
    }

    private static boolean typeMatches(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(value, t)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "null" -> value.isNull();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> false;
        };
    }

    private static boolean allows(JsonNode type, String name) {
        return type.isArray() ? contains(type, JSON.getNodeFactory().textNode(name)) : name.equals(type.asText());
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode candidate : array) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean formatMatches(String text, String format) {
        try {
            switch (format) {
                case "uuid" -> UUID.fromString(text);
                case "date-time" -> OffsetDateTime.parse(text);
                case "date" -> LocalDate.parse(text);
                default -> {
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase();
    }

    private static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
