package org.giggossip.node.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import org.giggossip.core.topic.ApplicationTopic;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.topic.Topic;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.PayloadId;

/**
 * Decodes the app API's request bodies and path parameters into the values
 * {@link NodeApi} takes. Syntax only: anything malformed is an
 * {@link ApiException} with status 400 and a reason naming the field.
 */
public final class ApiRequests {
    /** Longest reply message, in bytes (as {@link NodeApi#reply} allows). */
    public static final int MAX_MESSAGE_BYTES = 4096;

    private ApiRequests() {}

    /** A reply's price and message, as {@code POST /v1/work/{id}/reply} takes them. */
    public record Reply(long priceMsat, byte[] message) {
        public Reply {
            message = message.clone();
        }

        @Override
        public byte[] message() {
            return message.clone();
        }
    }

    /** Parses a JSON body; 400 with the parser's reason if it is not JSON. */
    public static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw bad("request body is empty; expected a JSON object");
        }
        try {
            JsonNode node = ApiJson.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw bad("expected a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw bad("malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw bad("unreadable body: " + e.getMessage());
        }
    }

    /** A job id: 32 lower-case hex digits. */
    public static PayloadId jobId(String hex) {
        if (hex.length() != PayloadId.SIZE * 2 || !hex.matches("[0-9a-f]+")) {
            throw bad("job id must be " + PayloadId.SIZE * 2 + " lower-case hex digits, got '" + clip(hex) + "'");
        }
        return PayloadId.of(Hex.decode(hex));
    }

    /**
     * The topic of {@code POST /v1/jobs}: {@code {"taxi":{"from","to","pickup_after","pickup_before"}}}
     * or {@code {"app":{"kind", "data_base64" | "data_text"}}}.
     */
    public static Topic topic(JsonNode body) {
        boolean taxi = body.has("taxi");
        boolean app = body.has("app");
        if (taxi == app) {
            throw bad("give exactly one of \"taxi\" or \"app\"");
        }
        try {
            if (taxi) {
                JsonNode t = object(body, "taxi");
                return new TaxiTopic(text(t, "from"), text(t, "to"), instant(t, "pickup_after"),
                    instant(t, "pickup_before"));
            }
            JsonNode a = object(body, "app");
            boolean b64 = a.has("data_base64");
            boolean text = a.has("data_text");
            if (b64 == text) {
                throw bad("app: give exactly one of \"data_base64\" or \"data_text\"");
            }
            byte[] data;
            if (b64) {
                try {
                    data = Base64.getDecoder().decode(text(a, "data_base64"));
                } catch (IllegalArgumentException e) {
                    throw bad("app.data_base64: not base64: " + e.getMessage());
                }
            } else {
                data = text(a, "data_text").getBytes(StandardCharsets.UTF_8);
            }
            return new ApplicationTopic(text(a, "kind"), data);
        } catch (IllegalArgumentException e) {
            // the topic records check their invariants; their messages name the field
            throw bad((taxi ? "taxi: " : "app: ") + e.getMessage());
        }
    }

    /** The offer number of {@code POST /v1/jobs/{id}/accept}: {@code {"offer": n}}. */
    public static int offer(JsonNode body) {
        JsonNode n = body.get("offer");
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 0) {
            throw bad("\"offer\" must be a non-negative integer");
        }
        return n.intValue();
    }

    /** The reason of {@code POST /v1/jobs/{id}/dispute}: {@code {"reason": "..."}}, 1 to 1,000 characters. */
    public static String reason(JsonNode body) {
        String reason = text(body, "reason");
        if (reason.isBlank() || reason.length() > 1000) {
            throw bad("\"reason\" must be 1 to 1000 characters");
        }
        return reason;
    }

    /** The body of {@code POST /v1/work/{id}/answer-dispute}: {@code statement}, 1 to 1024 UTF-8 bytes. */
    public static String statement(JsonNode body) {
        String statement = text(body, "statement");
        if (statement.isBlank() || statement.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1024) {
            throw bad("\"statement\" must be 1 to 1024 UTF-8 bytes");
        }
        return statement;
    }

    /**
     * The body of {@code POST /v1/work/{id}/reply}: exactly one of {@code price_sat} or
     * {@code price_msat} (a positive integer), and {@code message} (text, at most 4,096 UTF-8 bytes).
     */
    public static Reply reply(JsonNode body) {
        boolean sat = body.has("price_sat");
        boolean msat = body.has("price_msat");
        if (sat == msat) {
            throw bad("give exactly one of \"price_sat\" or \"price_msat\"");
        }
        JsonNode p = body.get(sat ? "price_sat" : "price_msat");
        if (!p.isIntegralNumber() || !p.canConvertToLong() || p.longValue() <= 0
                || sat && p.longValue() > Long.MAX_VALUE / 1000) {
            throw bad("\"" + (sat ? "price_sat" : "price_msat") + "\" must be a positive integer");
        }
        long priceMsat = sat ? p.longValue() * 1000 : p.longValue();
        byte[] message = text(body, "message").getBytes(StandardCharsets.UTF_8);
        if (message.length > MAX_MESSAGE_BYTES) {
            throw bad("\"message\" is " + message.length + " bytes, at most " + MAX_MESSAGE_BYTES);
        }
        return new Reply(priceMsat, message);
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            throw bad("\"" + field + "\" must be an object");
        }
        return n;
    }

    private static String text(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            throw bad("\"" + field + "\" must be a string");
        }
        return n.textValue();
    }

    private static Instant instant(JsonNode parent, String field) {
        String s = text(parent, field);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw bad("\"" + field + "\" must be an ISO-8601 instant such as 2026-01-31T18:00:00Z, got '"
                + clip(s) + "'");
        }
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    private static ApiException bad(String reason) {
        return new ApiException(400, reason);
    }
}
