package app.banter.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The websocket protocol of {@code /ws} as an AsyncAPI 3 document, generated from the event types themselves: every
 * record implementing a {@link ServerEvent} category (found in the compiled classes, whatever its package) and every
 * permitted {@link ClientEvent}, each a message whose payload is the record's JSON schema with its {@code type}. The
 * application serves the checked-in copy at {@value #URL}; this test fails when a new or changed event is not in it.
 * Regenerate it with {@value #UPDATE_COMMAND}.
 */
class AsyncApiDocumentTest {

    public static final Path CHECKED_IN = Path.of("src/main/resources/META-INF/resources/asyncapi.json");
    static final String URL = "/asyncapi.json";
    static final String UPDATE_COMMAND = "./mvnw -o test -Dtest=AsyncApiDocumentTest -Dbanter.asyncapi.update=true";
    private static final boolean UPDATE = Boolean.getBoolean("banter.asyncapi.update");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String SCHEMAS = "#/components/schemas/";

    @Test
    void theServedDocumentDescribesEveryEvent() throws IOException {
        String generated = JSON.writeValueAsString(generate()) + "\n";
        if (UPDATE) {
            Files.createDirectories(CHECKED_IN.getParent());
            Files.writeString(CHECKED_IN, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(CHECKED_IN) ? Files.readString(CHECKED_IN, StandardCharsets.UTF_8) : "";
        assertThat(committed).as("%s is not what the event types say: an event was added or changed. Regenerate it "
                + "with%n  %s%nthen the TypeScript client with%n  clients/typescript/generate.sh%nand commit both",
                CHECKED_IN, UPDATE_COMMAND).isEqualTo(generated);
    }

    @Test
    void everySealedSubtypeIsAMessage() throws IOException {
        JsonNode committed = JSON.readTree(CHECKED_IN.toFile());
        JsonNode messages = committed.path("components").path("messages");
        List<String> missing = new ArrayList<>();
        for (Class<?> event : serverEvents()) {
            if (!messages.has(serverMessage(event))) {
                missing.add("server event " + event.getName() + " (" + typeName(event) + ")");
            }
        }
        for (Class<?> category : ServerEvent.class.getPermittedSubclasses()) {
            if (serverEvents().stream().noneMatch(category::isAssignableFrom)) {
                missing.add("category " + category.getSimpleName() + " has no event: send one or remove it");
            }
        }
        for (Map.Entry<String, Class<?>> event : clientEvents().entrySet()) {
            if (!messages.has(clientMessage(event.getValue()))) {
                missing.add("client event " + event.getValue().getName() + " (" + event.getKey() + ")");
            }
        }
        assertThat(missing).as("events missing from %s; run %s", CHECKED_IN, UPDATE_COMMAND).isEmpty();
        assertThat(committed.path("operations").path("sendServerEvents").path("messages")).hasSize(
                serverEvents().size());
        assertThat(committed.path("operations").path("receiveClientEvents").path("messages")).hasSize(
                clientEvents().size());
    }

    // ---- the document ----

    static ObjectNode generate() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Banter realtime");
        info.put("version", "v1");
        info.put("description", String.join("\n", List.of(
                "The websocket at /ws. Authenticate the upgrade with `Authorization: Bearer <access token>`, or with "
                        + "`?ticket=` from `POST /api/v1/realtime/tickets` (single use) where headers cannot be set.",
                "Every frame is a JSON object whose `type` names the event. The first server frame is `ready`; send "
                        + "`heartbeat` every `heartbeatIntervalSeconds` to stay present.",
                "Server events are delivered at most once to the connections open at that moment: after a reconnect, "
                        + "catch up through the REST lists.",
                "Close codes: 1008 too many refused frames; 1009 a frame over the size limit; 1011 a server error "
                        + "(reconnect with the backoff of 1012); "
                        + "1012 the server restarts (reconnect with backoff, e.g. 1 s doubling to 30 s, with jitter); "
                        + "1013 try again later: the socket could not open while Redis or the database was briefly "
                        + "unavailable, or the client did not read what it was sent (slow consumer); reconnect with "
                        + "the same backoff; "
                        + "a normal close (1000) when the session is revoked (logout, ban): refresh or sign in again.")));
        doc.put("defaultContentType", "application/json");
        ObjectNode server = doc.putObject("servers").putObject("banter");
        server.put("host", "localhost:8080");
        server.put("protocol", "ws");
        server.put("description", "Where the API is (wss:// in production)");
        server.putArray("security").addObject().put("$ref", "#/components/securitySchemes/bearer");
        doc.withArray("/servers/banter/security").addObject().put("$ref", "#/components/securitySchemes/ticket");

        ObjectNode components = JSON.createObjectNode();
        ObjectNode schemas = components.putObject("schemas");
        ObjectNode messages = components.putObject("messages");
        ObjectNode channel = doc.putObject("channels").putObject("ws");
        channel.put("address", "/ws");
        ObjectNode channelMessages = channel.putObject("messages");
        ArrayNode sent = JSON.createArrayNode();
        ArrayNode received = JSON.createArrayNode();
        ArrayNode serverUnion = JSON.createArrayNode();
        ArrayNode clientUnion = JSON.createArrayNode();
        for (Class<?> event : serverEvents()) {
            String name = serverMessage(event);
            addMessage(name, typeName(event), event, schemas, messages, channelMessages);
            sent.addObject().put("$ref", "#/channels/ws/messages/" + name);
            serverUnion.addObject().put("$ref", SCHEMAS + name);
        }
        for (Map.Entry<String, Class<?>> event : clientEvents().entrySet()) {
            String name = clientMessage(event.getValue());
            addMessage(name, event.getKey(), event.getValue(), schemas, messages, channelMessages);
            received.addObject().put("$ref", "#/channels/ws/messages/" + name);
            clientUnion.addObject().put("$ref", SCHEMAS + name);
        }
        ObjectNode serverEvent = schemas.putObject("ServerEvent");
        serverEvent.put("description", "Any frame the server sends");
        serverEvent.set("oneOf", serverUnion);
        ObjectNode clientEvent = schemas.putObject("ClientEvent");
        clientEvent.put("description", "Any frame a client may send");
        clientEvent.set("oneOf", clientUnion);

        ObjectNode operations = doc.putObject("operations");
        ObjectNode send = operations.putObject("sendServerEvents");
        send.put("action", "send");
        send.put("summary", "Events the server sends to the user's connected devices");
        send.putObject("channel").put("$ref", "#/channels/ws");
        send.set("messages", sent);
        ObjectNode receive = operations.putObject("receiveClientEvents");
        receive.put("action", "receive");
        receive.put("summary", "Frames a client may send");
        receive.putObject("channel").put("$ref", "#/channels/ws");
        receive.set("messages", received);

        ObjectNode security = components.putObject("securitySchemes");
        ObjectNode bearer = security.putObject("bearer");
        bearer.put("type", "http");
        bearer.put("scheme", "bearer");
        bearer.put("bearerFormat", "JWT");
        bearer.put("description", "The access token, on the upgrade request");
        ObjectNode ticket = security.putObject("ticket");
        ticket.put("type", "httpApiKey");
        ticket.put("name", "ticket");
        ticket.put("in", "query");
        ticket.put("description", "A single-use ticket from POST /api/v1/realtime/tickets");
        doc.set("components", sortedSchemas(components));
        return doc;
    }

    private static ObjectNode sortedSchemas(ObjectNode components) {
        ObjectNode sorted = JSON.createObjectNode();
        for (String part : List.of("messages", "schemas", "securitySchemes")) {
            ObjectNode copy = sorted.putObject(part);
            toMap(components.get(part)).forEach(copy::set);
        }
        return sorted;
    }

    private static Map<String, JsonNode> toMap(JsonNode node) {
        Map<String, JsonNode> map = new TreeMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }

    private static void addMessage(String name, String type, Class<?> event, ObjectNode schemas, ObjectNode messages,
            ObjectNode channelMessages) {
        ObjectNode payload = recordSchema(event, schemas);
        ObjectNode properties = JSON.createObjectNode();
        properties.putObject("type").put("type", "string").put("const", type);
        properties.setAll((ObjectNode) payload.path("properties"));
        payload.set("properties", properties);
        ArrayNode required = JSON.createArrayNode().add("type");
        required.addAll((ArrayNode) payload.withArray("required"));
        payload.set("required", required);
        schemas.set(name, payload);
        ObjectNode message = messages.putObject(name);
        message.put("name", type);
        message.put("title", type);
        message.putObject("payload").put("$ref", SCHEMAS + name);
        channelMessages.putObject(name).put("$ref", "#/components/messages/" + name);
    }

    // ---- the event types ----

    private static List<Class<?>> serverEvents;

    /** Every record of a ServerEvent category among the compiled classes, by type name. */
    static synchronized List<Class<?>> serverEvents() {
        if (serverEvents == null) {
            serverEvents = findServerEvents();
        }
        return serverEvents;
    }

    private static List<Class<?>> findServerEvents() {
        Path classes = Path.of("target/classes");
        try (Stream<Path> files = Files.walk(classes.resolve("app/banter"))) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .map(AsyncApiDocumentTest::load)
                    .filter(c -> c.isRecord() && ServerEvent.class.isAssignableFrom(c))
                    .sorted((a, b) -> typeName(a).compareTo(typeName(b))).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Class<?>> clientEvents() {
        Map<String, Class<?>> events = new TreeMap<>();
        for (JsonSubTypes.Type type : ClientEvent.class.getAnnotation(JsonSubTypes.class).value()) {
            events.put(type.name(), type.value());
        }
        for (Class<?> permitted : ClientEvent.class.getPermittedSubclasses()) {
            assertThat(events.values()).as("%s is permitted but has no @JsonSubTypes name", permitted).contains(
                    permitted);
        }
        return events;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, AsyncApiDocumentTest.class.getClassLoader());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException(name, e);
        }
    }

    static String typeName(Class<?> event) {
        JsonTypeName name = event.getAnnotation(JsonTypeName.class);
        if (name == null) {
            throw new IllegalStateException(event.getName() + " is a server event without @JsonTypeName");
        }
        return name.value();
    }

    /** CallIncoming for call.incoming; the enclosing class's name joins a name used twice. */
    static String serverMessage(Class<?> event) {
        long sameName = serverEvents().stream().filter(e -> e.getSimpleName().equals(event.getSimpleName())).count();
        return sameName > 1 ? enclosingName(event) : event.getSimpleName();
    }

    static String clientMessage(Class<?> event) {
        return "Client" + event.getSimpleName();
    }

    private static String enclosingName(Class<?> type) {
        return type.getEnclosingClass() == null ? type.getSimpleName()
                : type.getEnclosingClass().getSimpleName().replaceAll("Events$", "") + type.getSimpleName();
    }

    // ---- JSON schemas of records, as Jackson writes them ----

    private static ObjectNode recordSchema(Class<?> record, ObjectNode schemas) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        JsonInclude include = record.getAnnotation(JsonInclude.class);
        boolean omitsEmpty = include != null && include.value() != JsonInclude.Include.ALWAYS;
        for (RecordComponent component : record.getRecordComponents()) {
            boolean nullable = nullable(component, record);
            ObjectNode property = schemaOf(component.getGenericType(), schemas);
            if (nullable) {
                property = nullable(property);
            }
            properties.set(component.getName(), property);
            if (!omitsEmpty && !nullable) {
                required.add(component.getName());
            }
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static ObjectNode nullable(ObjectNode schema) {
        if (schema.has("$ref")) {
            ObjectNode either = JSON.createObjectNode();
            either.putArray("oneOf").add(schema).addObject().put("type", "null");
            return either;
        }
        ArrayNode types = JSON.createArrayNode().add(schema.path("type").asText()).add("null");
        schema.set("type", types);
        if (schema.has("enum")) {
            ((ArrayNode) schema.get("enum")).addNull();
        }
        return schema;
    }

    private static boolean nullable(RecordComponent component, Class<?> record) {
        List<AnnotatedElement> places = new ArrayList<>(List.of(component, component.getAccessor()));
        try {
            places.add(record.getDeclaredField(component.getName()));
        } catch (NoSuchFieldException e) {
            // a record always has the field
        }
        return places.stream().map(p -> p.getAnnotation(org.eclipse.microprofile.openapi.annotations.media.Schema.class))
                .anyMatch(s -> s != null && s.nullable());
    }

    private static ObjectNode schemaOf(Type type, ObjectNode schemas) {
        ObjectNode schema = JSON.createObjectNode();
        if (type instanceof WildcardType wildcard) {
            return schemaOf(wildcard.getUpperBounds()[0], schemas);
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                schema.put("type", "array");
                schema.set("items", schemaOf(arguments[0], schemas));
                return schema;
            }
            if (Map.class.isAssignableFrom(raw)) {
                schema.put("type", "object");
                schema.set("additionalProperties", schemaOf(arguments[1], schemas));
                return schema;
            }
            return schemaOf(raw, schemas);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            schema.put("type", "string");
        } else if (c == UUID.class) {
            schema.put("type", "string").put("format", "uuid");
        } else if (c == Instant.class || c == OffsetDateTime.class) {
            schema.put("type", "string").put("format", "date-time");
        } else if (c == LocalDate.class) {
            schema.put("type", "string").put("format", "date");
        } else if (c == int.class || c == Integer.class || c == short.class) {
            schema.put("type", "integer").put("format", "int32");
        } else if (c == long.class || c == Long.class) {
            schema.put("type", "integer").put("format", "int64");
        } else if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            schema.put("type", "number");
        } else if (c == boolean.class || c == Boolean.class) {
            schema.put("type", "boolean");
        } else if (c.isEnum()) {
            schema.put("type", "string");
            ArrayNode values = schema.putArray("enum");
            Method json = Arrays.stream(c.getMethods()).filter(m -> m.isAnnotationPresent(JsonValue.class))
                    .findFirst().orElse(null);
            for (Object constant : c.getEnumConstants()) {
                try {
                    values.add(json == null ? ((Enum<?>) constant).name() : String.valueOf(json.invoke(constant)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        } else if (c.isRecord()) {
            String name = c.getSimpleName();
            if (!schemas.has(name)) {
                schemas.putObject(name);
                schemas.set(name, recordSchema(c, schemas));
            }
            schema.put("$ref", SCHEMAS + name);
        } else if (c.isArray()) {
            schema.put("type", "array");
            schema.set("items", schemaOf(c.getComponentType(), schemas));
        } else {
            throw new IllegalStateException("No JSON schema for " + c.getName() + ": teach AsyncApiDocumentTest");
        }
        return schema;
    }
}
