package app.banter.platform.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import app.banter.testsupport.OpenApiDocument;
import app.banter.testsupport.OpenApiDocument.Operation;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.wallet.TestWallets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Hostile input to every documented operation, enumerated from the served OpenAPI document (so a new endpoint is
 * fuzzed the day it is documented): malformed and deeply nested JSON, bodies over the size limit, wrong types, huge
 * and negative numbers (Long.MAX_VALUE, past a long, fractions), Unicode edge cases (lone surrogates, NUL, bidi
 * overrides, zero-width and combining characters, 4-byte emoji, invalid UTF-8), unknown properties, wrong media types,
 * bad path ids and bad query values. Sent signed in as a plain user, so that each reaches validation.
 *
 * <p>
 * Every answer must be below 500, and every refusal an {@code application/problem+json} document with its status and
 * a code, without a stack trace; the status and code must be ones the operation declares in the document (its
 * {@code @ProblemCodes} and the shared ones), so that a client generated from it knows every refusal. Nothing
 * half-written: for each operation whose fuzzed requests were all refused, the row count of every table is the same
 * after as before, and the books balance at the end.
 */
@QuarkusTest
class ApiFuzzTest {

    private static final Logger LOG = Logger.getLogger(ApiFuzzTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Refusals a client acts on, which an operation declares by their own status (as ContractRecorder holds). */
    private static final Set<Integer> NAMED_STATUSES = Set.of(400, 401, 402, 403, 404, 409, 429);

    /** Whole bodies that are not what any operation takes. */
    private static final List<String> RAW_BODIES = List.of("", "{", "[", "nul", "{\"a\":", "{}}", "\"text\"", "null",
            "[]", "{}", "1e999999", "<xml/>", "{\"a\":1,\"a\":2}", "\uFEFF{}", "{'single':'quotes'}",
            "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
            "[" + "1,".repeat(30_000) + "1]", "{\"x\":\"" + "a".repeat(70_000) + "\"}");

    /** JSON texts put in place of one property's value. */
    private static final List<String> ANY_VALUE = List.of("null", "[]", "{}", "true", "\"\"", "0");
    private static final List<String> NUMBER_VALUES = List.of(String.valueOf(Long.MAX_VALUE),
            String.valueOf(Long.MIN_VALUE), "-1", "9223372036854775808", "-9223372036854775809", "1.5", "1e400",
            String.valueOf(Integer.MAX_VALUE + 1L), "\"12\"", "NaN");
    private static final List<String> TEXT_VALUES = List.of("\"\\ud800\"", "\"\\u0000\"", "\"\\u202e\\u200b\"",
            "\"" + "😀".repeat(2_000) + "\"", "\"" + "e\u0301".repeat(2_000) + "\"", "\"" + "a".repeat(60_000) + "\"",
            "\"'; drop table users; --\"", "\"../../etc/passwd\"", "\"\\uFFFF\\uFFFE\"", "12345");
    private static final List<String> PATH_VALUES = List.of("not-a-uuid", "0", "-1", "9223372036854775808",
            "00000000-0000-0000-0000-000000000000", "%F0%9F%98%80", "%E2%80%AE", "a".repeat(3_000),
            "'%20or%201=1%20--", "%2e%2e%2f%2e%2e%2fetc", "%C3%28", "00000000-0000-0000-0000-00000000000g");
    private static final List<String> QUERY_VALUES = List.of("-1", "0", String.valueOf(Long.MAX_VALUE),
            "9223372036854775808", "abc", "%C3%28", "%F0%9F%98%80", "a".repeat(3_000), "%E2%80%AE", ",,,", "1e9");

    @Inject
    EntityManager em;

    @Inject
    TestWallets books;

    /**
     * Variants of each kind sent per operation in CI; {@code -Dbanter.fuzz.variants=1000} sends every variant to every
     * operation (bench/faults/api-fuzz.sh). Which ones rotates with the seed, printed in hex (the log redacts long
     * runs of digits) so that a failure can be rerun with {@code -Dbanter.fuzz.seed=<hex>}.
     */
    private final int variants = Integer.getInteger("banter.fuzz.variants", 4);
    private final long seed = System.getProperty("banter.fuzz.seed") == null ? System.nanoTime()
            : Long.parseUnsignedLong(System.getProperty("banter.fuzz.seed"), 16);
    private final java.util.Random random = new java.util.Random(seed);

    private final List<String> violations = new ArrayList<>();
    /** "POST /api/v1/x 400 CODE ...": problem codes answered that the operation does not declare, once each. */
    private final Set<String> undeclared = new java.util.TreeSet<>();
    private final Map<String, AtomicLong> statuses = new LinkedHashMap<>();
    private long requests;

    @Test
    void everyOperationRefusesHostileInputWithAProblemAndChangesNothing() {
        OpenApiDocument document = new OpenApiDocument(given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().asString());
        TestUser me = TestUsers.register();
        List<String> tables = tables();
        int operations = 0;
        for (Operation op : document.operations()) {
            operations++;
            Map<String, Long> before = counts(tables, me);
            boolean anySuccess = fuzz(document, op, me);
            Map<String, Long> after = counts(tables, me);
            if (!anySuccess && !before.equals(after)) {
                List<String> changed = tables.stream().filter(t -> !before.get(t).equals(after.get(t))).toList();
                violations.add(op + ": every request was refused, yet rows changed in " + changed);
            }
        }
        LOG.infof("API fuzz (seed %s, %d variants of each kind): %d operations, %d requests, statuses %s, %d violations",
                Long.toHexString(seed), variants, operations, requests, statuses, violations.size());
        assertThat(violations).as("hostile inputs answered wrongly").isEmpty();
        assertThat(undeclared).as("problem codes answered that the operation's OpenAPI responses do not declare "
                + "(add them to its @ProblemCodes, or to OpenApiContract's shared codes)").isEmpty();
        books.assertBooksBalance();
    }

    /** Sends every hostile variant of the operation; true when any was accepted (2xx). */
    private boolean fuzz(OpenApiDocument document, Operation op, TestUser me) {
        boolean anySuccess = false;
        String path = op.path().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        JsonNode bodySchema = op.node().path("requestBody").path("content").path("application/json")
                .path("schema");
        if (!bodySchema.isMissingNode()) {
            for (String raw : some(RAW_BODIES)) {
                anySuccess |= send(op, me, path, "application/json", raw.getBytes(StandardCharsets.UTF_8));
            }
            // Invalid UTF-8 inside a string, and a body that is not JSON at all.
            anySuccess |= send(op, me, path, "application/json",
                    new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' });
            anySuccess |= send(op, me, path, "text/plain", "{}".getBytes(StandardCharsets.UTF_8));
            anySuccess |= send(op, me, path, "application/xml", "<a/>".getBytes(StandardCharsets.UTF_8));
            JsonNode schema = document.resolve(bodySchema);
            ObjectNode valid = sample(document, schema);
            anySuccess |= send(op, me, path, "application/json", withProperty(valid, "unknownProperty", "1"));
            for (var property : schema.path("properties").properties()) {
                JsonNode propertySchema = document.resolve(property.getValue());
                List<String> values = new ArrayList<>(ANY_VALUE);
                String type = type(propertySchema);
                values.addAll("integer".equals(type) || "number".equals(type) ? NUMBER_VALUES
                        : "string".equals(type) ? TEXT_VALUES : List.of("1", "\"x\""));
                for (String value : some(values)) {
                    anySuccess |= send(op, me, path, "application/json",
                            withProperty(valid, property.getKey(), value));
                }
            }
        }
        for (JsonNode parameter : op.node().path("parameters")) {
            String name = parameter.path("name").asText();
            switch (parameter.path("in").asText()) {
                case "path" -> {
                    for (String value : some(PATH_VALUES)) {
                        anySuccess |= send(op, me, op.path().replace("{" + name + "}", value)
                                .replaceAll("\\{[^}]+}", UUID.randomUUID().toString()), null, null);
                    }
                }
                case "query" -> {
                    for (String value : some(QUERY_VALUES)) {
                        anySuccess |= send(op, me, path + "?" + name + "=" + value, null, null);
                    }
                }
                case "header" -> {
                    // Idempotency-Key and the like: too long, and non-ASCII.
                    for (String value : List.of("a".repeat(5_000), "\u00e9\u00e9", " ")) {
                        anySuccess |= sendWithHeader(op, me, path, name, value);
                    }
                }
                default -> {
                }
            }
        }
        return anySuccess;
    }

    /** {@link #variants} of these, chosen at random (all of them when there are no more). */
    private List<String> some(List<String> all) {
        if (all.size() <= variants) {
            return all;
        }
        List<String> shuffled = new ArrayList<>(all);
        java.util.Collections.shuffle(shuffled, random);
        return shuffled.subList(0, variants);
    }

    private boolean send(Operation op, TestUser me, String path, String contentType, byte[] body) {
        RequestSpecification request = given().urlEncodingEnabled(false).auth().oauth2(me.accessToken())
                // Money-moving POSTs want a key; a fresh one, so that the body is what is judged.
                .header("Idempotency-Key", "fuzz-" + UUID.randomUUID());
        if (contentType != null) {
            request.contentType(contentType).body(body);
        }
        return judge(op, path, body, request.request(op.method().toUpperCase(), path));
    }

    private boolean sendWithHeader(Operation op, TestUser me, String path, String name, String value) {
        RequestSpecification request = given().urlEncodingEnabled(false).auth().oauth2(me.accessToken())
                .header(name, value);
        return judge(op, path, null, request.request(op.method().toUpperCase(), path));
    }

    /** Checks one answer; true when it was a success. */
    private boolean judge(Operation op, String path, byte[] body, Response response) {
        requests++;
        int status = response.statusCode();
        statuses.computeIfAbsent(String.valueOf(status), s -> new AtomicLong()).incrementAndGet();
        String sent = op + " as " + abbreviate(path) + (body == null ? ""
                : " with " + abbreviate(new String(body, StandardCharsets.UTF_8)));
        if (status >= 500) {
            violations.add(sent + " answered " + status + ": " + abbreviate(response.asString()));
            return false;
        }
        if (status < 400) {
            return status < 300;
        }
        String contentType = response.contentType();
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            violations.add(sent + " answered " + status + " as " + contentType + ": " + abbreviate(response.asString()));
            return false;
        }
        try {
            JsonNode problem = JSON.readTree(response.asByteArray());
            if (problem.path("status").asInt() != status || problem.path("code").asText().isEmpty()) {
                violations.add(sent + " answered " + status + " with " + abbreviate(problem.toString()));
            }
            declared(op, status, problem.path("code").asText()).ifPresent(undeclared::add);
            if (response.asString().contains("Exception") || response.asString().contains("\tat ")) {
                violations.add(sent + " leaked internals: " + abbreviate(response.asString()));
            }
        } catch (java.io.IOException e) {
            violations.add(sent + " answered " + status + " with a problem that is not JSON");
        }
        return false;
    }

    /**
     * What is undeclared about a refusal, if anything: a status that clients act on (see ContractRecorder) must be
     * declared by its number, and a status the document lists codes for must have answered one of them. The other
     * statuses (405, 406, 413, 414, 415, 431) are the document's {@code default}, which lists no codes.
     */
    private static java.util.Optional<String> declared(Operation op, int status, String code) {
        JsonNode response = op.node().path("responses").path(String.valueOf(status));
        if (response.isMissingNode()) {
            return NAMED_STATUSES.contains(status) ? java.util.Optional.of(op + " " + status + " " + code
                    + " (status not declared)") : java.util.Optional.empty();
        }
        JsonNode codes = response.path("content").path("application/problem+json").path("schema").path("allOf")
                .path(1).path("properties").path("code").path("enum");
        for (JsonNode declared : codes) {
            if (declared.asText().equals(code)) {
                return java.util.Optional.empty();
            }
        }
        return codes.isArray() ? java.util.Optional.of(op + " " + status + " " + code + " (declared: " + codes + ")")
                : java.util.Optional.empty();
    }

    /** A body as valid as the schema alone can make it: each property with a plausible value of its type. */
    private ObjectNode sample(OpenApiDocument document, JsonNode schema) {
        ObjectNode body = NODES.objectNode();
        for (var property : schema.path("properties").properties()) {
            body.set(property.getKey(), sampleValue(document, document.resolve(property.getValue()), 0));
        }
        return body;
    }

    private JsonNode sampleValue(OpenApiDocument document, JsonNode schema, int depth) {
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            if (schema.has(combinator) && depth < 4) {
                return sampleValue(document, document.resolve(schema.get(combinator).get(0)), depth + 1);
            }
        }
        return switch (type(schema)) {
            case "integer", "number" -> NODES.numberNode(1);
            case "boolean" -> NODES.booleanNode(true);
            case "array" -> depth < 4 ? NODES.arrayNode()
                    .add(sampleValue(document, document.resolve(schema.path("items")), depth + 1)) : NODES.arrayNode();
            case "object" -> depth < 4 ? sampleObject(document, schema, depth) : NODES.objectNode();
            default -> switch (schema.path("format").asText()) {
                case "uuid" -> NODES.textNode(UUID.randomUUID().toString());
                case "date" -> NODES.textNode("1998-06-15");
                case "date-time" -> NODES.textNode("2026-01-01T00:00:00Z");
                default -> NODES.textNode("fuzz");
            };
        };
    }

    private JsonNode sampleObject(OpenApiDocument document, JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        for (var property : schema.path("properties").properties()) {
            object.set(property.getKey(), sampleValue(document, document.resolve(property.getValue()), depth + 1));
        }
        return object;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
        }
        return type.asText("string");
    }

    /** The valid body with one property's value replaced by a raw JSON text (which may not be valid JSON). */
    private static byte[] withProperty(ObjectNode valid, String name, String rawValue) {
        ObjectNode copy = valid.deepCopy();
        String marker = "__fuzz_" + UUID.randomUUID() + "__";
        copy.put(name, marker);
        return copy.toString().replace("\"" + marker + "\"", rawValue).getBytes(StandardCharsets.UTF_8);
    }

    private static final Set<String> BILLED_IN_THE_BACKGROUND = Set.of("transfers", "hold_extensions");

    private List<String> tables() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                select table_name from information_schema.tables
                where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history'
                order by table_name""").getResultList().stream().map(String.class::cast)
                // The billing reconciler writes these for calls other tests left running, whatever this test sends;
                // the books are checked to balance at the end instead.
                .filter(table -> !BILLED_IN_THE_BACKGROUND.contains(table)).toList());
    }

    /**
     * Tables other tests' leftovers change whatever this test sends (the call reconciler ends the calls they left
     * ringing: the parties leave call_parties, the callee is notified of a missed call and the push to their device
     * is queued and then sent; the matcher may start calls):
     * there only the fuzzing user's rows are counted, which is where a refused request of theirs would have written.
     */
    private static final Map<String, String> MINE_ONLY = Map.of("call_parties", "user_id = '%s'",
            "notifications", "user_id = '%s'", "calls", "'%s' in (caller_id, callee_id)",
            "push_outbox", "notification_id in (select id from notifications where user_id = '%s')");

    private Map<String, Long> counts(List<String> tables, TestUser me) {
        String sql = "select " + String.join(", ", tables.stream().map(t -> "(select count(*) from \"" + t + "\""
                + (MINE_ONLY.containsKey(t) ? " where " + MINE_ONLY.get(t).formatted(me.id()) : "") + ")").toList());
        Object[] row = QuarkusTransaction.requiringNew().call(() -> {
            Object result = em.createNativeQuery(sql).getSingleResult();
            return result instanceof Object[] columns ? columns : new Object[] { result };
        });
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < tables.size(); i++) {
            counts.put(tables.get(i), ((Number) row[i]).longValue());
        }
        return counts;
    }

    private static String abbreviate(String text) {
        Function<String, String> clean = s -> s.replaceAll("\\s+", " ");
        String cleaned = clean.apply(text);
        return cleaned.length() > 160 ? cleaned.substring(0, 160) + "..." : cleaned;
    }
}
