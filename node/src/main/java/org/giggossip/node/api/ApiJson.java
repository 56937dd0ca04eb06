package org.giggossip.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.topic.ApplicationTopic;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.topic.Topic;
import org.giggossip.core.wire.FixedBytes;

/**
 * How the app API writes values as JSON (the schemas in {@code openapi.json}).
 * Records (the views of {@link NodeApi} and every {@link AppEvent}) are written
 * generically from their record components, so a new event needs no code here:
 * <ul>
 *   <li>{@link PublicKey}, {@link FixedBytes} ids and hashes: lower-case hex strings;</li>
 *   <li>{@link Instant}: ISO-8601 UTC strings;</li>
 *   <li>{@link Optional}: its value, or the field is left out when empty;</li>
 *   <li>enums: their names;</li>
 *   <li>a {@link Topic}: {@code {"taxi":{"from","to","pickupAfter","pickupBefore"}}} or
 *       {@code {"app":{"kind","data"}}};</li>
 *   <li>{@code byte[]} (a worker's message, an app topic's data): the <b>bytes rule</b>:
 *       {@code {"utf8":"text"}} when the bytes are valid UTF-8, else {@code {"base64":"..."}}
 *       (standard alphabet, padded). A client reads whichever key is present.</li>
 * </ul>
 */
public final class ApiJson {
    /** The mapper the server and the client share; thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ApiJson() {}

    /** The JSON form of any value the API returns (see the class comment). */
    public static JsonNode toJson(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case JsonNode node -> node;
            case String s -> NODES.textNode(s);
            case Boolean b -> NODES.booleanNode(b);
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case Number n -> NODES.numberNode(n.doubleValue());
            case Instant t -> NODES.textNode(t.toString());
            case PublicKey k -> NODES.textNode(k.hex());
            case FixedBytes b -> NODES.textNode(b.hex());
            case byte[] bytes -> bytes(bytes);
            case Topic topic -> topic(topic);
            case Enum<?> e -> NODES.textNode(e.name());
            case Optional<?> o -> o.map(ApiJson::toJson).orElse(NODES.nullNode());
            case Collection<?> c -> {
                ArrayNode array = NODES.arrayNode();
                c.forEach(v -> array.add(toJson(v)));
                yield array;
            }
            case Record r -> record(r);
            default -> NODES.textNode(value.toString());
        };
    }

    /** An event as the stream carries it: its type (the event's simple name) and its fields. */
    public static ObjectNode event(ApiEvent e) {
        ObjectNode node = NODES.objectNode();
        node.put("seq", e.seq());
        node.put("at", e.at().toString());
        node.put("type", e.event().getClass().getSimpleName());
        node.set("event", record((Record) e.event()));
        return node;
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

    private static ObjectNode topic(Topic topic) {
        ObjectNode node = NODES.objectNode();
        switch (topic) {
            case TaxiTopic taxi -> {
                ObjectNode t = node.putObject("taxi");
                t.put("from", taxi.fromGeohash());
                t.put("to", taxi.toGeohash());
                t.put("pickupAfter", taxi.pickupAfter().toString());
                t.put("pickupBefore", taxi.pickupBefore().toString());
            }
            case ApplicationTopic app -> {
                ObjectNode a = node.putObject("app");
                a.put("kind", app.kind());
                a.set("data", bytes(app.data()));
            }
        }
        return node;
    }

    private static ObjectNode record(Record r) {
        ObjectNode node = NODES.objectNode();
        org.giggossip.core.util.Records.components(r).forEach((name, v) -> {
            if (!(v instanceof Optional<?> o && o.isEmpty())) {
                node.set(name, toJson(v));
            }
        });
        return node;
    }
}
