package org.giggossip.settler.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.WalletAccounts;
import org.giggossip.core.service.ServiceCodec;
import org.giggossip.core.service.ServiceMessage;
import org.giggossip.core.settler.GigView;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.CertificateId;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.core.wire.Signed;
import org.giggossip.http.HttpProblem;
import org.giggossip.http.json.CoreJson;
import org.giggossip.settler.service.Notice;

/**
 * How the settler's API reads and writes JSON, for the server and the clients: Jackson set up
 * by {@link CoreJson} (records by their components, snake_case names, keys, hashes, ids,
 * preimages in lower-case hex, times as ISO-8601 UTC strings), plus the settler's own:
 * durations (a settler's dispute terms) as ISO-8601 strings ({@code PT24H}),
 * signed objects (certificates, revocation lists, promises, requests) and other bytes are
 * standard base64 (padded) of their protobuf encoding. Requests are read strictly into the
 * records of {@link ApiBodies}: unknown, missing, null or duplicate fields, strings for
 * numbers, fractions for integers, trailing data and bodies over {@link CoreJson#READ_LIMITS}
 * are all refused (400). A settler answer or notice, a wallet event is a readable object beside
 * {@code "message"}, the base64 of the {@code giggossip.v1.ServiceMessage} (encoded by
 * {@link ServiceCodec}) that clients decode.
 */
public final class SettlerJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Base64.Encoder B64 = Base64.getEncoder();

    /** The strict mapper of the API; thread-safe. */
    public static final ObjectMapper MAPPER = CoreJson.mapper(settlerModule());

    /** Reads what the settler wrote: a nullable component (a gig's {@code network_hash}) may be null. */
    private static final ObjectReader VIEWS = CoreJson.views(MAPPER);

    private SettlerJson() {}

    private static SimpleModule settlerModule() {
        SimpleModule m = new SimpleModule("giggossip-settler");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Signed<?>> signed = (Class) Signed.class;
        m.addSerializer(signed, CoreJson.string(signed, x -> B64.encodeToString(x.encode())));
        m.addSerializer(byte[].class, CoreJson.string(byte[].class, B64::encodeToString));
        // a settler's dispute terms (docs/settler.md), as ISO-8601 durations: PT24H
        m.addSerializer(java.time.Duration.class, CoreJson.string(java.time.Duration.class,
                java.time.Duration::toString));
        return m;
    }

    // ---- reading ---------------------------------------------------------------

    /** Reads a request body into {@code type}; an empty body reads as {@code {}}. */
    public static <T> T read(byte[] body, Class<T> type) {
        try {
            return MAPPER.readValue(body.length == 0 ? "{}".getBytes(StandardCharsets.US_ASCII) : body, type);
        } catch (JacksonException e) {
            throw HttpProblem.badRequest("malformed request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw HttpProblem.badRequest("unreadable request body: " + e.getMessage());
        }
    }

    /** A 32-byte hash in lower-case hex. */
    public static Hash32 hash(String hex, String field) {
        return Hash32.of(hex(hex, Hash32.SIZE, field));
    }

    /** An x-only public key in lower-case hex. */
    public static PublicKey key(String hex, String field) {
        return PublicKey.parse(hex(hex, PublicKey.SIZE, field)).orElseThrow(
                () -> HttpProblem.badRequest(field + " is not an x-only secp256k1 public key"));
    }

    /** Exactly {@code bytes} bytes as lower-case hex. */
    public static byte[] hex(String hex, int bytes, String field) {
        if (hex == null || hex.length() != bytes * 2
                || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw HttpProblem.badRequest(field + " must be " + bytes * 2 + " lower-case hex digits");
        }
        return Hex.decode(hex);
    }

    /** Standard base64 of 1 to {@code maxBytes} bytes. */
    public static byte[] base64(String text, int maxBytes, String field) {
        if (text == null || text.length() > (maxBytes + 2) / 3 * 4) {
            throw HttpProblem.badRequest(field + " must be base64 of at most " + maxBytes + " bytes");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(field + " is not base64: " + e.getMessage());
        }
        if (bytes.length == 0 || bytes.length > maxBytes) {
            throw HttpProblem.badRequest(field + " must be 1 to " + maxBytes + " bytes, got " + bytes.length);
        }
        return bytes;
    }

    /** A UTF-8 text of at most {@code maxBytes} bytes, without control characters. */
    public static String text(String text, int maxBytes, String field) {
        if (text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw HttpProblem.badRequest(field + " is longer than " + maxBytes + " UTF-8 bytes");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw HttpProblem.badRequest(field + " contains a control character");
        }
        return text;
    }

    /** A positive number. */
    public static long positive(long value, String field) {
        if (value <= 0) {
            throw HttpProblem.badRequest(field + " must be positive, got " + value);
        }
        return value;
    }

    /** The value of a decoder, or 400 with its reason. */
    public static <T> T decoded(Decoded<T> decoded, String field) {
        return switch (decoded) {
            case Decoded.Ok<T> ok -> ok.value();
            case Decoded.Err<T> err -> throw HttpProblem.badRequest(field + " does not decode: "
                    + err.error().reason() + " " + err.error().detail());
        };
    }

    // ---- writing ---------------------------------------------------------------

    /** A settler answer: {@code {"type", ...its fields..., "message"}}. */
    public static ObjectNode answer(SettlerResponse response) {
        ObjectNode node = typed((Record) response);
        node.put("message", B64.encodeToString(ServiceCodec.encode(new ServiceMessage.SettlerAnswer(response))));
        return node;
    }

    /** A notice: {@code {"seq", "at", "type", "notice": {...}, "message"}}. */
    public static ObjectNode notice(Notice n) {
        ObjectNode node = NODES.objectNode();
        node.put("seq", n.seq());
        node.put("at", n.at().toString());
        byte[] message = n.message();
        if (ServiceCodec.decode(message) instanceof Decoded.Ok<ServiceMessage> ok
                && ok.value() instanceof ServiceMessage.SettlerAnswer a) {
            node.put("type", a.response().getClass().getSimpleName());
            node.set("notice", readable((Record) a.response()));
        }
        node.put("message", B64.encodeToString(message));
        return node;
    }

    /** A wallet journal entry: {@code {"seq", "at", "type", "event": {...}, "message"}}. */
    public static ObjectNode walletEntry(WalletAccounts.Entry e) {
        ObjectNode node = NODES.objectNode();
        node.put("seq", e.seq());
        node.put("at", e.at().toString());
        node.put("type", e.event().getClass().getSimpleName());
        node.set("event", readable((Record) e.event()));
        node.put("message", B64.encodeToString(ServiceCodec.encode(new ServiceMessage.WalletNotice(e.event()))));
        return node;
    }

    /** A certificate: its id, subject, authority, properties, validity, and the whole encoded in base64. */
    public static ObjectNode certificate(Certificate c) {
        ObjectNode node = NODES.objectNode();
        node.put("id", c.id().hex());
        node.put("subject", c.subject().hex());
        node.put("authority", c.authority().hex());
        ObjectNode props = node.putObject("properties");
        c.body().properties().forEach(props::put);
        node.put("not_before", c.body().notBefore().toString());
        node.put("not_after", c.body().notAfter().toString());
        node.put("certificate", B64.encodeToString(c.encode()));
        return node;
    }

    /** Certificates as an array. */
    public static ArrayNode certificates(List<Certificate> list) {
        ArrayNode array = NODES.arrayNode();
        list.forEach(c -> array.add(certificate(c)));
        return array;
    }

    /** A revocation list: authority, version, issued_at, revoked ids, and the signed list in base64. */
    public static ObjectNode revocations(RevocationList list) {
        ObjectNode node = NODES.objectNode();
        node.put("authority", list.body().authority().hex());
        node.put("version", Long.toUnsignedString(list.body().version()));
        node.put("issued_at", list.body().issuedAt().toString());
        ArrayNode revoked = node.putArray("revoked");
        for (CertificateId id : list.body().revoked()) {
            revoked.add(id.hex());
        }
        node.put("list", B64.encodeToString(list.encode()));
        return node;
    }

    /** A gig as its customer, replier or an admin sees it. */
    public static ObjectNode gig(GigView g) {
        return readable(g);
    }

    /** Reads back what {@link #gig} wrote; 400 if it is not a gig. */
    public static GigView gigView(JsonNode n) {
        try {
            return VIEWS.treeToValue(n, GigView.class);
        } catch (JacksonException e) {
            throw HttpProblem.badRequest("malformed gig: " + e.getOriginalMessage());
        }
    }

    /** A record's components as snake_case fields, values written as the class comment says. */
    public static ObjectNode readable(Record r) {
        return MAPPER.valueToTree(r);
    }

    private static ObjectNode typed(Record r) {
        ObjectNode node = NODES.objectNode();
        node.put("type", r.getClass().getSimpleName());
        node.setAll(readable(r));
        return node;
    }

    /** A record component's name as a JSON field: {@code replyAmountMsat} is {@code reply_amount_msat}. */
    static String snake(String camel) {
        return CoreJson.fieldName(camel);
    }
}
