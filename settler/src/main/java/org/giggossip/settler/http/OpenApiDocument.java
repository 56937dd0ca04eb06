package org.giggossip.settler.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenAPI 3.1 document of the settler's API, made from the server's own
 * route list so that it cannot list a route the server lacks, or miss one.
 * Request schemas are made from the {@link ApiBodies} records the server reads
 * (every field required, no other field allowed). Security: the scheme
 * {@code ggSchnorr} ({@code Authorization: GG-Schnorr ...}); public routes say
 * {@code security: []}, admin routes require the role {@code admin}. Routes on
 * someone's object say whose in {@code x-gg-owner}.
 */
final class OpenApiDocument {
    /** The security scheme's name in the document. */
    static final String SCHEME = "ggSchnorr";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Map<String, String> FIELD_DOCS = Map.ofEntries(
            Map.entry("call_id", "the caller's number for this request, echoed in the answer (positive)"),
            Map.entry("reply_hash", "the gig's reply (job) payment hash, 64 lower-case hex digits"),
            Map.entry("payment_hash", "a payment hash, 64 lower-case hex digits"),
            Map.entry("signed_request", "the customer's SignedRequestPayload, base64 of its protobuf encoding"),
            Map.entry("reply_amount_msat", "the job price in millisatoshi"),
            Map.entry("reply_payload", "the encoded ReplyPayload, base64"),
            Map.entry("reason", "the customer's reason, at most 1024 UTF-8 bytes"),
            Map.entry("after", "answer entries numbered above this (0 for all)"),
            Map.entry("wait_ms", "how long to wait for one, 0 to 30000"),
            Map.entry("subject", "a node's key, 64 lower-case hex digits"),
            Map.entry("name", "a property name, 1 to 64 UTF-8 bytes"),
            Map.entry("value", "a property value, at most 256 UTF-8 bytes"),
            Map.entry("certificate_id", "a certificate id, 64 lower-case hex digits"),
            Map.entry("pay_worker", "true: release the job payment; false: return it to the customer"),
            Map.entry("amount_msat", "the invoice amount in millisatoshi"),
            Map.entry("expires_at", "when the invoice expires, unix milliseconds"),
            Map.entry("memo", "the invoice description, at most 1024 UTF-8 bytes"),
            Map.entry("bolt11", "a BOLT 11 payment request"),
            Map.entry("max_amount_msat", "pay at most this much"),
            Map.entry("preimage", "the 32-byte preimage, 64 lower-case hex digits (secret: POST bodies only)"));

    private OpenApiDocument() {}

    static ObjectNode of(List<Route> routes) {
        ObjectNode doc = NODES.objectNode();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Gig-gossip payment settler");
        info.put("version", "1");
        info.put("description", "The settler service of seed 000: certificates, revocations, reply and network "
                + "payment hashes, settlement promises, preimages, disputes, and regtest wallet accounts. "
                + "Errors are application/problem+json (RFC 9457: type, title, status, detail; \"error\" repeats "
                + "the detail). Settler answers carry \"message\", the base64 of a "
                + "giggossip.v1.ServiceMessage; a refusal is 409 (403 when acting on another's gig).");
        // relative: the settler that serves this document serves the API
        doc.putArray("servers").addObject().put("url", "/").put("description", "this settler");
        ObjectNode components = doc.putObject("components");
        ObjectNode scheme = components.putObject("securitySchemes").putObject(SCHEME);
        scheme.put("type", "apiKey");
        scheme.put("in", "header");
        scheme.put("name", "Authorization");
        scheme.put("description", "GG-Schnorr key=<64 hex x-only key>, ts=<unix ms>, nonce=<32 hex>, sig=<128 hex>: "
                + "a BIP 340 signature by key, tag \"gg-settler-request/1\", over the UTF-8 of METHOD \\n "
                + "path-with-query \\n ts \\n nonce \\n hex(sha256(body)). ts within 60 s of the settler's time; "
                + "each nonce once. Role admin: the key is one of the settler's administrators.");
        ObjectNode error = components.putObject("schemas").putObject("Error");
        error.put("type", "object");
        error.put("description", "RFC 9457 problem details");
        ObjectNode errorProps = error.putObject("properties");
        errorProps.putObject("type").put("type", "string");
        errorProps.putObject("title").put("type", "string");
        errorProps.putObject("status").put("type", "integer");
        errorProps.putObject("detail").put("type", "string");
        errorProps.putObject("error").put("type", "string").put("description", "the detail again");
        error.putArray("required").add("status").add("detail");

        ObjectNode paths = doc.putObject("paths");
        for (Route r : routes) {
            ObjectNode path = paths.has(r.template()) ? (ObjectNode) paths.get(r.template())
                    : paths.putObject(r.template());
            ObjectNode op = path.putObject(r.method().toLowerCase(Locale.ROOT));
            op.put("operationId", operationId(r));
            op.put("summary", r.summary());
            ArrayNode security = op.putArray("security");
            if (r.access() != Route.Access.PUBLIC) {
                ArrayNode roles = security.addObject().putArray(SCHEME);
                if (r.access() == Route.Access.ADMIN) {
                    roles.add("admin");
                }
            }
            if (r.owner() != Route.Owner.NONE) {
                op.put("x-gg-owner", r.owner().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            if (r.template().contains("{")) {
                ArrayNode params = op.putArray("parameters");
                for (String part : r.template().split("/")) {
                    if (part.startsWith("{")) {
                        ObjectNode p = params.addObject();
                        p.put("name", part.substring(1, part.length() - 1));
                        p.put("in", "path");
                        p.put("required", true);
                        p.putObject("schema").put("type", "string").put("pattern", "^[0-9a-f]{64}$");
                    }
                }
            }
            if (r.body() != null) {
                ObjectNode body = op.putObject("requestBody");
                body.put("required", true);
                body.putObject("content").putObject("application/json").set("schema", schema(r.body()));
            }
            responses(op.putObject("responses"), r);
        }
        return doc;
    }

    private static String operationId(Route r) {
        StringBuilder b = new StringBuilder(r.method().toLowerCase(Locale.ROOT));
        for (String part : r.template().split("[/.{}-]")) {
            if (!part.isEmpty() && !part.equals("v1")) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1).replace("_", ""));
            }
        }
        return b.toString();
    }

    private static ObjectNode schema(Class<? extends Record> type) {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        ObjectNode props = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (RecordComponent c : type.getRecordComponents()) {
            String name = SettlerJson.snake(c.getName());
            ObjectNode p = props.putObject(name);
            Class<?> t = c.getType();
            if (t == long.class) {
                p.put("type", "integer").put("format", "int64");
            } else if (t == boolean.class) {
                p.put("type", "boolean");
            } else {
                p.put("type", "string");
            }
            String doc = FIELD_DOCS.get(name);
            if (doc != null) {
                p.put("description", doc);
            }
            required.add(name);
        }
        return schema;
    }

    private static void responses(ObjectNode responses, Route r) {
        responses.putObject("200").put("description", "the answer (202 for a wallet request taken)");
        error(responses, "400", "malformed request (bad JSON, unknown field, bad hex, value out of range)");
        if (r.access() != Route.Access.PUBLIC) {
            error(responses, "401", "missing, malformed, badly signed, expired or replayed request signature");
            error(responses, "403", "not allowed: not an admin, not the owner, or no wallet account");
            error(responses, "409", "the settler refused the request (reason in the body)");
            error(responses, "413", "body over the size limit");
        }
        error(responses, "404", "unknown object");
        if (r.template().equals("/v1/revocations/stream") || r.template().equals("/v1/notices")
                || r.template().equals("/v1/wallet/events")) {
            error(responses, "429", "too many streams or long polls of this client (see Retry-After)");
            error(responses, "503", "too many streams or long polls in all (see Retry-After)");
        }
    }

    private static void error(ObjectNode responses, String status, String description) {
        ObjectNode e = responses.putObject(status);
        e.put("description", description);
        e.putObject("content").putObject("application/problem+json").putObject("schema").put("$ref",
                "#/components/schemas/Error");
    }
}
