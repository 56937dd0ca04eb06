package org.giggossip.http.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.AskId;
import org.giggossip.core.wire.CertificateId;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.junit.jupiter.api.Test;

/** Core's values, records and the read limits of {@link CoreJson}. */
class CoreJsonTest {
    private static final ObjectMapper JSON = CoreJson.mapper();
    private static final Instant T = Instant.parse("2026-01-31T18:00:00.123Z");
    private static final PublicKey KEY = PublicKey.parse(Hex.decode(
            "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")).orElseThrow();

    enum Stage { OPEN, CLOSED }

    record Values(PublicKey key, Hash32 hash, PayloadId job, AskId ask, CertificateId certificate, Preimage preimage,
            Instant at, Stage stage, long amountMsat, Optional<String> note, Optional<Hash32> maybeHash, String nullable) {
        /** Not a component: must not become a field. */
        public boolean isOpen() {
            return stage == Stage.OPEN;
        }

        /** Not a component either. */
        public String getLabel() {
            return "label";
        }
    }

    private static Values values(Optional<String> note) {
        return new Values(KEY, Hash32.of(Hex.decode("11".repeat(32))), PayloadId.of(Hex.decode("22".repeat(16))),
                AskId.of(Hex.decode("33".repeat(16))), CertificateId.of(Hex.decode("44".repeat(CertificateId.SIZE))),
                Preimage.of(Hex.decode("55".repeat(32))), T, Stage.OPEN, 1_000, note, Optional.empty(), null);
    }

    @Test
    void valuesAreWrittenAsTodayAndReadBackEqual() throws Exception {
        Values v = values(Optional.of("hi"));
        String json = JSON.writeValueAsString(v);
        assertThat(json).isEqualTo("{\"key\":\"" + KEY.hex() + "\",\"hash\":\"" + "11".repeat(32)
                + "\",\"job\":\"" + "22".repeat(16) + "\",\"ask\":\"" + "33".repeat(16) + "\",\"certificate\":\""
                + "44".repeat(CertificateId.SIZE) + "\",\"preimage\":\"" + "55".repeat(32)
                + "\",\"at\":\"2026-01-31T18:00:00.123Z\",\"stage\":\"OPEN\",\"amount_msat\":1000,\"note\":\"hi\","
                + "\"nullable\":null}");
        Values back = CoreJson.views(JSON).readValue(json, Values.class);
        assertThat(back).usingRecursiveComparison().isEqualTo(v);
        assertThat(JSON.writeValueAsString(back)).isEqualTo(json);
        Values empty = CoreJson.views(JSON).readValue(JSON.writeValueAsString(values(Optional.empty())), Values.class);
        assertThat(empty.note()).isEmpty();
        assertThat(empty.maybeHash()).isEmpty();
    }

    @Test
    void aRequestMustGiveEveryFieldAndNoOther() throws Exception {
        String json = JSON.writeValueAsString(values(Optional.of("hi")));
        assertThatThrownBy(() -> JSON.readValue(json, Values.class)).isInstanceOf(JacksonException.class)
                .hasMessageContaining("maybe_hash");
        assertThatThrownBy(() -> CoreJson.views(JSON).readValue(json.replace("{\"key\"", "{\"x\":1,\"key\""),
                Values.class)).isInstanceOf(JacksonException.class).hasMessageContaining("\"x\"");
    }

    @Test
    void malformedValuesAreRefused() throws Exception {
        String json = JSON.writeValueAsString(values(Optional.of("hi")));
        for (String bad : List.of(
                json.replace("\"" + KEY.hex(), "\"" + KEY.hex().toUpperCase()), // upper-case hex
                json.replace("\"" + KEY.hex(), "\"" + "00".repeat(32)), // not a curve point
                json.replace("11111111", "111111"), // a short hash
                json.replace("\"22222222", "\"2222222g"), // not hex
                json.replace("2026-01-31T18:00:00.123Z", "yesterday"), // not a time
                json.replace("\"OPEN\"", "\"open\""), // not an enum name
                json.replace(":1000,", ":\"1000\","), // a string for a number
                json.replace(":1000,", ":1000.5,"), // a fraction for an integer
                json + " {}", // trailing data
                json.replace("{\"key\"", "{\"at\":\"2026-01-31T18:00:00Z\",\"key\""))) { // a duplicate field
            assertThatThrownBy(() -> CoreJson.views(JSON).readValue(bad, Values.class)).as(bad)
                    .isInstanceOf(JacksonException.class);
        }
    }

    @Test
    void theReadLimitsRefuseDeepNestingAndLongTokens() {
        String deep = "[".repeat(CoreJson.MAX_NESTING_DEPTH + 1) + "]".repeat(CoreJson.MAX_NESTING_DEPTH + 1);
        assertThatThrownBy(() -> JSON.readTree(deep)).isInstanceOf(JacksonException.class)
                .hasMessageContaining("nesting depth");
        String ok = "[".repeat(CoreJson.MAX_NESTING_DEPTH) + "]".repeat(CoreJson.MAX_NESTING_DEPTH);
        assertThat(readable(ok)).isTrue();
        assertThatThrownBy(() -> JSON.readTree("[" + "1".repeat(CoreJson.MAX_NUMBER_LENGTH + 1) + "]"))
                .isInstanceOf(JacksonException.class).hasMessageContaining("Number value length");
        assertThatThrownBy(() -> JSON.readTree("{\"" + "k".repeat(CoreJson.MAX_NAME_LENGTH + 1) + "\":1}"))
                .isInstanceOf(JacksonException.class).hasMessageContaining("Name length");
        assertThatThrownBy(() -> JSON.readTree("[\"" + "s".repeat(CoreJson.MAX_STRING_LENGTH + 1) + "\"]"))
                .isInstanceOf(JacksonException.class).hasMessageContaining("String value length");
    }

    private static boolean readable(String json) {
        try {
            return JSON.readTree(json).isArray();
        } catch (JacksonException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fieldNamesAreSnakeCase() {
        assertThat(CoreJson.fieldName("replyAmountMsat")).isEqualTo("reply_amount_msat");
        assertThat(CoreJson.fieldName("bolt11")).isEqualTo("bolt11");
        assertThat(CoreJson.fieldName("id")).isEqualTo("id");
    }
}
