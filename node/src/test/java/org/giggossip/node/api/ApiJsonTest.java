package org.giggossip.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.topic.ApplicationTopic;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.topic.Topic;
import org.giggossip.core.util.Hex;
import org.giggossip.core.validation.Penalty;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.junit.jupiter.api.Test;

/**
 * The JSON rules of {@link ApiJson}: hex ids, ISO times, the bytes rule, events from their record
 * components, snake_case names; every type the API writes reads back equal, and a few are pinned
 * to their exact JSON.
 */
class ApiJsonTest {
    private static final Instant T = Instant.parse("2026-01-31T18:00:00Z");
    private static final PublicKey KEY = PublicKey.parse(Hex.decode(
            "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")).orElseThrow();
    private static final PayloadId JOB = PayloadId.of(Hex.decode("000102030405060708090a0b0c0d0e0f"));
    private static final Hash32 HASH = Hash32.of(Hex.decode("11".repeat(32)));
    private static final Topic TAXI = new TaxiTopic("u4pruyd", "u4pruzz", T, T.plusSeconds(1800));
    private static final Topic APP = new ApplicationTopic("k", new byte[] {(byte) 0xff, 0});

    /** {@code value} written, read back as its class, and written again: equal value, equal JSON. */
    private static <T> T roundTrip(T value) throws Exception {
        String json = ApiJson.MAPPER.writeValueAsString(value);
        @SuppressWarnings("unchecked")
        T back = (T) ApiJson.read(ApiJson.MAPPER.readTree(json), value.getClass());
        assertThat(back).as(json).usingRecursiveComparison().isEqualTo(value);
        assertThat(ApiJson.MAPPER.writeValueAsString(back)).isEqualTo(json);
        return back;
    }

    @Test
    void everyViewReadsBackEqual() throws Exception {
        roundTrip(new Balance(5_000, 7));
        roundTrip(new Balance(5_000, 7, Optional.of(42L)));
        roundTrip(new InvoiceView(HASH, true, 1_000, "OPEN", "lnbcrt1...", T));
        roundTrip(new NodeStatus(KEY, "127.0.0.1:9735", 2, 1_000, "0.1.0", T));
        roundTrip(new NodeStatus(KEY, "", 0, 0, "0.1.0", T));
        OfferView offer = new OfferView(0, 5_000, 100, KEY, T, Optional.empty());
        roundTrip(offer);
        roundTrip(offer.withFailure(Optional.of("no route")));
        OfferView licensed = new OfferView(1, 5_000, 100, KEY, T, Optional.empty(),
                Map.of("driving_licence", "valid", "seats", "4"));
        roundTrip(licensed);
        assertThat(ApiJson.toJson(licensed).path("worker_properties").path("driving_licence").asText())
                .isEqualTo("valid");
        roundTrip(new PeerView(KEY, "127.0.0.1:40000", false, T, 3));
        roundTrip(new WorkView(JOB, TAXI, T, "NEW"));
        roundTrip(new WorkView(JOB, APP, T, "REPLIED"));
        roundTrip(new JobView(JOB, TAXI, T, "OPEN", List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Optional.empty()));
        roundTrip(new JobView(JOB, APP, T, "RESOLVED", List.of(offer), Optional.of(0), Optional.of("policy"),
                Optional.of(T), Optional.of(KEY), Optional.of("ride at 6".getBytes(StandardCharsets.UTF_8)),
                Optional.of("why"), Optional.of("refunded"), Map.of(), Optional.of("admin")));
        JobView opened = new JobView(JOB, TAXI, T, "OPENED", List.of(licensed), Optional.of(1), Optional.of("customer"),
                Optional.of(T), Optional.of(KEY), Optional.of("ride at 6".getBytes(StandardCharsets.UTF_8)),
                Optional.empty(), Optional.empty(), Map.of("driving_licence", "valid"), Optional.empty());
        roundTrip(opened);
        assertThat(ApiJson.toJson(opened).path("worker_properties").path("driving_licence").asText())
                .isEqualTo("valid");
    }

    @Test
    void everyEventReadsBackEqual() throws Exception {
        Class<?>[] types = AppEvent.class.getPermittedSubclasses();
        assertThat(types).hasSizeGreaterThan(20);
        long seq = 1;
        for (Class<?> type : types) {
            RecordComponent[] components = type.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] parameters = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                parameters[i] = components[i].getType();
                args[i] = sample(parameters[i]);
            }
            AppEvent event = (AppEvent) type.getDeclaredConstructor(parameters).newInstance(args);
            ApiEvent back = roundTrip(new ApiEvent(seq++, T, event));
            assertThat(back.event()).isInstanceOf(type);
            assertThat(ApiJson.event(back).path("type").asText()).isEqualTo(type.getSimpleName());
        }
    }

    private static Object sample(Class<?> type) {
        if (type == PayloadId.class) {
            return JOB;
        } else if (type == Hash32.class) {
            return HASH;
        } else if (type == PublicKey.class) {
            return KEY;
        } else if (type == int.class) {
            return 3;
        } else if (type == long.class) {
            return 5_000L;
        } else if (type == boolean.class) {
            return true;
        } else if (type == String.class) {
            return "a reason";
        } else if (type == Topic.class) {
            return TAXI;
        } else if (type == byte[].class) {
            return new byte[] {1, 2, (byte) 0xff};
        } else if (type == Penalty.class) {
            return Penalty.major(Penalty.Reason.values()[0], "bad frame");
        } else if (type == Optional.class) {
            return Optional.of(JOB); // DisputeResolved's job, the only optional component of an event
        } else if (type == Map.class) {
            return Map.of("driving_licence", "valid");
        } else if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        throw new AssertionError("no sample of " + type + ": add one so the new event is checked");
    }

    @Test
    void viewsAndEventsAsGoldenJson() throws Exception {
        assertThat(ApiJson.MAPPER.writeValueAsString(new Balance(5_000, 7)))
                .isEqualTo("{\"available_msat\":5000,\"locked_msat\":7}");
        assertThat(ApiJson.MAPPER.writeValueAsString(new Balance(5_000, 7, Optional.of(42L))))
                .isEqualTo("{\"available_msat\":5000,\"locked_msat\":7,\"served_settler_msat\":42}");
        assertThat(ApiJson.MAPPER.writeValueAsString(new OfferView(0, 5_000, 100, KEY, T, Optional.of("no route"))))
                .isEqualTo("{\"number\":0,\"job_price_msat\":5000,\"network_fee_msat\":100,\"settler\":\""
                        + KEY.hex() + "\",\"expires_at\":\"2026-01-31T18:00:00Z\",\"failure\":\"no route\","
                        + "\"worker_properties\":{}}");
        assertThat(ApiJson.MAPPER.writeValueAsString(new WorkView(JOB, TAXI, T, "NEW")))
                .isEqualTo("{\"id\":\"000102030405060708090a0b0c0d0e0f\",\"topic\":{\"taxi\":{\"from\":\"u4pruyd\","
                        + "\"to\":\"u4pruzz\",\"pickup_after\":\"2026-01-31T18:00:00Z\","
                        + "\"pickup_before\":\"2026-01-31T18:30:00Z\"}},\"received\":\"2026-01-31T18:00:00Z\","
                        + "\"state\":\"NEW\"}");
        assertThat(ApiJson.MAPPER.writeValueAsString(new WorkView(JOB, APP, T, "NEW")))
                .contains("\"topic\":{\"app\":{\"kind\":\"k\",\"data\":{\"base64\":\"/wA=\"}}}");
        assertThat(ApiJson.MAPPER.writeValueAsString(new ApiEvent(9, T,
                new AppEvent.ReplySent(JOB, HASH, 5_000))))
                .isEqualTo("{\"seq\":9,\"at\":\"2026-01-31T18:00:00Z\",\"type\":\"ReplySent\",\"event\":{"
                        + "\"job\":\"000102030405060708090a0b0c0d0e0f\",\"reply_payment_hash\":\"" + "11".repeat(32)
                        + "\",\"price_msat\":5000}}");
    }

    @Test
    void readingRefusesWhatTheApiNeverWrites() throws Exception {
        String good = ApiJson.MAPPER.writeValueAsString(new InvoiceView(HASH, true, 1_000, "OPEN", "ln", T));
        for (String bad : List.of(
                good.replace("\"amount_msat\"", "\"amountMsat\""), // the old camelCase name
                good.replace("11111111", "1111111G"), // not hex
                good.replace("1111", "11"), // a short hash
                good.replace("\"incoming\":true", "\"incoming\":\"true\""), // a string for a boolean
                good.replace("1000", "1000.5"), // a fraction for an integer
                good.replace("}", ",\"extra\":1}"))) { // an unknown field
            assertThatThrownBy(() -> ApiJson.read(ApiJson.MAPPER.readTree(bad), InvoiceView.class))
                    .as(bad).isInstanceOf(JacksonException.class);
        }
        String event = ApiJson.MAPPER.writeValueAsString(new ApiEvent(1, T, new AppEvent.SettlerRefused("x")));
        assertThatThrownBy(() -> ApiJson.read(ApiJson.MAPPER.readTree(event.replace("SettlerRefused", "Nope")),
                ApiEvent.class)).isInstanceOf(JacksonException.class);
    }

    @Test
    void bytesAreUtf8TextWhenValidElseBase64() {
        assertThat(ApiJson.bytes("grüß dich".getBytes(StandardCharsets.UTF_8)).path("utf8").asText()).isEqualTo("grüß dich");
        byte[] invalid = {(byte) 0xc3, 0x28}; // a lead byte without its continuation
        JsonNode node = ApiJson.bytes(invalid);
        assertThat(node.has("utf8")).isFalse();
        assertThat(node.path("base64").asText()).isEqualTo(Base64.getEncoder().encodeToString(invalid));
        assertThat(ApiJson.bytesOf(node)).isEqualTo(invalid);
        assertThat(ApiJson.bytesOf(ApiJson.bytes(new byte[0]))).isEmpty();
    }

    @Test
    void anEventIsWrittenFromItsRecordComponents() {
        PayloadId job = PayloadId.of(new byte[16]);
        PublicKey worker = PrivateKey.generate(new SecureRandom()).publicKey();
        byte[] message = {1, 2, (byte) 0xff};
        JsonNode e = ApiJson.event(new ApiEvent(7, T, new AppEvent.ReplyOpened(job, 3, worker, message,
                Map.of("driving_licence", "valid"))));
        assertThat(e.path("seq").asLong()).isEqualTo(7);
        assertThat(e.path("at").asText()).isEqualTo("2026-01-31T18:00:00Z");
        assertThat(e.path("type").asText()).isEqualTo("ReplyOpened");
        JsonNode fields = e.path("event");
        assertThat(fields.path("job").asText()).isEqualTo("00".repeat(16));
        assertThat(fields.path("offer").asInt()).isEqualTo(3);
        assertThat(fields.path("worker").asText()).isEqualTo(worker.hex());
        assertThat(ApiJson.bytesOf(fields.path("message"))).isEqualTo(message);
        assertThat(fields.path("worker_properties").path("driving_licence").asText()).isEqualTo("valid");
        assertThat(fields.size()).isEqualTo(5);

        JsonNode offer = ApiJson.event(new ApiEvent(8, T, new AppEvent.OfferReceived(job, 1, 5_000, 100, worker,
                HASH, Map.of("driving_licence", "valid")))).path("event");
        assertThat(offer.path("worker_properties").path("driving_licence").asText()).isEqualTo("valid");
    }
}
