package org.giggossip.node.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.topic.ApplicationTopic;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.topic.Topic;
import org.giggossip.core.wire.FixedBytes;
import org.giggossip.http.json.CoreJson;

/**
 * How the app API writes values as JSON (the schemas in {@code openapi.json}): Jackson set up by
 * {@link CoreJson}, so records (the views of {@link NodeApi} and every {@link AppEvent}) are
 * written from their record components in snake_case and a new event needs no code here:
 * <ul>
 *   <li>{@link PublicKey}, {@link FixedBytes} ids and hashes: lower-case hex strings;</li>
 *   <li>{@link Instant}: ISO-8601 UTC strings;</li>
 *   <li>{@link Optional}: its value, or the field is left out when empty;</li>
 *   <li>enums: their names;</li>
 *   <li>a {@link Topic}: {@code {"taxi":{"from","to","pickup_after","pickup_before"}}} or
 *       {@code {"app":{"kind","data"}}};</li>
 *   <li>{@code byte[]} (a worker's message, an app topic's data): the <b>bytes rule</b>:
 *       {@code {"utf8":"text"}} when the bytes are valid UTF-8, else {@code {"base64":"..."}}
 *       (standard alphabet, padded). A client reads whichever key is present.</li>
 *   <li>an {@link ApiEvent}: {@code {"seq","at","type","event"}}, {@code type} the event's simple name.</li>
 * </ul>
 * Everything written reads back ({@link #read}) into an equal value.
 */
public final class ApiJson {
    /** The mapper the server and the client share; thread-safe once configured. */
    public static final ObjectMapper MAPPER = CoreJson.mapper(nodeModule());

    /** Reads what the API wrote: an empty {@code Optional} left out reads as empty. */
    private static final ObjectReader VIEWS = CoreJson.views(MAPPER);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Every event type by its simple name, as the stream's {@code type} names it. */
    private static final Map<String, Class<?>> EVENTS = Arrays.stream(AppEvent.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private ApiJson() {}

    /** The JSON form of any value the API returns (see the class comment). */
    public static JsonNode toJson(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** Reads a value the API wrote, as {@code type}. */
    public static <T> T read(JsonNode json, Class<T> type) throws JacksonException {
        return VIEWS.treeToValue(json, type);
    }

    /** An event as the stream carries it: its type (the event's simple name) and its fields. */
    public static ObjectNode event(ApiEvent e) {
        return MAPPER.valueToTree(e);
    }

    /** The bytes rule: {@code {"utf8":...}} for valid UTF-8, else {@code {"base64":...}}. */
    public static ObjectNode bytes(byte[] bytes) {
        ObjectNode node = NODES.objectNode();
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
            node.put("utf8", text);
        } catch (CharacterCodingException e) {
            node.put("base64", Base64.getEncoder().encodeToString(bytes));
        }
        return node;
    }

    /** Reads a value written by {@link #bytes}. */
    public static byte[] bytesOf(JsonNode node) {
        if (node.hasNonNull("utf8")) {
            return node.get("utf8").asText().getBytes(StandardCharsets.UTF_8);
        }
        return Base64.getDecoder().decode(node.path("base64").asText());
    }

    private static SimpleModule nodeModule() {
        SimpleModule m = new SimpleModule("giggossip-node-api");
        m.addSerializer(byte[].class, new Writer<>(byte[].class, ApiJson::bytes));
        m.addDeserializer(byte[].class, new Reader<>(byte[].class, ApiJson::bytesValue));
        m.addSerializer(Topic.class, new Writer<>(Topic.class, ApiJson::topic));
        m.addDeserializer(Topic.class, new Reader<>(Topic.class, ApiJson::topicOf));
        m.addSerializer(ApiEvent.class, new Writer<>(ApiEvent.class, ApiJson::eventNode));
        m.addDeserializer(ApiEvent.class, new Reader<>(ApiEvent.class, ApiJson::eventOf));
        return m;
    }

    private static ObjectNode eventNode(ApiEvent e) {
        ObjectNode node = NODES.objectNode();
        node.put("seq", e.seq());
        node.put("at", e.at().toString());
        node.put("type", e.event().getClass().getSimpleName());
        node.set("event", MAPPER.valueToTree(e.event()));
        return node;
    }

    private static ApiEvent eventOf(JsonNode n) throws IOException {
        only(n, "seq", "at", "type", "event");
        Class<?> type = EVENTS.get(n.path("type").asText());
        if (type == null) {
            throw new IllegalArgumentException("unknown event type " + n.path("type"));
        }
        return new ApiEvent(VIEWS.treeToValue(n.path("seq"), long.class), VIEWS.treeToValue(n.path("at"), Instant.class),
                (AppEvent) VIEWS.treeToValue(n.path("event"), type));
    }

    private static byte[] bytesValue(JsonNode n) {
        if (n.size() != 1 || !(n.path("utf8").isTextual() || n.path("base64").isTextual())) {
            throw new IllegalArgumentException("bytes are {\"utf8\": text} or {\"base64\": text}");
        }
        return bytesOf(n);
    }

    private static ObjectNode topic(Topic topic) {
        ObjectNode node = NODES.objectNode();
        switch (topic) {
            case TaxiTopic taxi -> {
                ObjectNode t = node.putObject("taxi");
                t.put("from", taxi.fromGeohash());
                t.put("to", taxi.toGeohash());
                t.put("pickup_after", taxi.pickupAfter().toString());
                t.put("pickup_before", taxi.pickupBefore().toString());
            }
            case ApplicationTopic app -> {
                ObjectNode a = node.putObject("app");
                a.put("kind", app.kind());
                a.set("data", bytes(app.data()));
            }
        }
        return node;
    }

    private static Topic topicOf(JsonNode n) {
        if (n.size() != 1) {
            throw new IllegalArgumentException("a topic is {\"taxi\": ...} or {\"app\": ...}");
        }
        if (n.has("taxi")) {
            JsonNode t = n.get("taxi");
            only(t, "from", "to", "pickup_after", "pickup_before");
            return new TaxiTopic(text(t, "from"), text(t, "to"), Instant.parse(text(t, "pickup_after")),
                    Instant.parse(text(t, "pickup_before")));
        }
        JsonNode a = n.path("app");
        only(a, "kind", "data");
        return new ApplicationTopic(text(a, "kind"), bytesValue(a.path("data")));
    }

    private static void only(JsonNode n, String... fields) {
        if (!n.isObject() || n.size() != fields.length || !Arrays.stream(fields).allMatch(n::has)) {
            throw new IllegalArgumentException("expected an object of exactly " + String.join(", ", fields));
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return v.textValue();
    }

    @FunctionalInterface
    private interface FromTree<T> {
        T read(JsonNode n) throws IOException;
    }

    /** Writes a {@code T} as the tree {@code write} makes. */
    private static final class Writer<T> extends StdSerializer<T> {
        private final Function<T, JsonNode> write;

        Writer(Class<T> type, Function<T, JsonNode> write) {
            super(type);
            this.write = write;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            provider.defaultSerializeValue(write.apply(value), gen);
        }
    }

    /** Reads a {@code T} from its tree through {@code read}; what {@code read} refuses is malformed. */
    private static final class Reader<T> extends StdDeserializer<T> {
        private final FromTree<T> read;

        Reader(Class<T> type, FromTree<T> read) {
            super(type);
            this.read = read;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = ctxt.readTree(p);
            try {
                return read.read(tree);
            } catch (RuntimeException e) {
                throw ctxt.weirdStringException(tree.toString().length() <= 80 ? tree.toString() : "(long value)",
                        handledType(), e.getMessage());
            }
        }
    }
}
