package org.giggossip.settler.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.settler.DisputeTerms;
import org.giggossip.core.settler.GigView;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Hash32;
import org.giggossip.http.HttpProblem;
import org.junit.jupiter.api.Test;

/** The settler's JSON by Jackson: snake_case from record components, values as the API documents them. */
class SettlerJsonTest {
    private static final Instant T = Instant.parse("2026-01-31T18:00:00Z");
    private static final PublicKey KEY = PublicKey.parse(Hex.decode(
            "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")).orElseThrow();
    private static final Hash32 HASH = Hash32.of(Hex.decode("11".repeat(32)));

    @Test
    void aGigReadsBackEqualWithAndWithoutItsNullableFields() {
        GigView issued = new GigView(HASH, "ISSUED", KEY, KEY, 1_000, null, null, false, false, T, null);
        GigView disputed = new GigView(HASH, "DISPUTED", KEY, KEY, 1_000, Hash32.of(Hex.decode("22".repeat(32))),
                T.plusSeconds(60), true, true, null, "late");
        for (GigView g : List.of(issued, disputed)) {
            assertThat(SettlerJson.gigView(SettlerJson.gig(g))).isEqualTo(g);
        }
    }

    @Test
    void aGigAsGoldenJson() {
        GigView g = new GigView(HASH, "ISSUED", KEY, KEY, 1_000, null, null, false, false, T, null);
        assertThat(SettlerJson.gig(g).toString()).isEqualTo("{\"reply_hash\":\"" + "11".repeat(32)
                + "\",\"stage\":\"ISSUED\",\"customer\":\"" + KEY.hex() + "\",\"replier\":\"" + KEY.hex()
                + "\",\"reply_amount_msat\":1000,\"network_hash\":null,\"network_expires_at\":null,"
                + "\"network_accepted\":false,\"reply_accepted\":false,\"deadline\":\"2026-01-31T18:00:00Z\","
                + "\"dispute_reason\":null}");
    }

    @Test
    void answersAndEventsAreTheirRecordComponentsOnly() {
        Preimage preimage = Preimage.of(Hex.decode("33".repeat(32)));
        JsonNode revealed = SettlerJson.answer(new SettlerResponse.PreimageRevealed(4, HASH, preimage));
        assertThat(revealed.path("type").asText()).isEqualTo("PreimageRevealed");
        assertThat(revealed.path("call_id").asLong()).isEqualTo(4);
        assertThat(revealed.path("payment_hash").asText()).isEqualTo("11".repeat(32));
        assertThat(revealed.path("preimage").asText()).isEqualTo("33".repeat(32));
        assertThat(revealed.path("message").asText()).isNotEmpty();
        assertThat(revealed.size()).isEqualTo(5);
        // isDuplicateRefusal() is no record component, so no field
        JsonNode failed = SettlerJson.readable(new WalletEvent.PaymentFailed(9, HASH,
                WalletEvent.PaymentFailed.ALREADY_PAID));
        assertThat(failed.toString()).isEqualTo("{\"call_id\":9,\"payment_hash\":\"" + "11".repeat(32)
                + "\",\"reason\":\"invoice already paid\"}");
        JsonNode issued = SettlerJson.readable(new SettlerResponse.ReplyHashIssued(2, HASH));
        // an older settler's answer: no terms
        assertThat(issued.toString()).isEqualTo("{\"call_id\":2,\"reply_payment_hash\":\"" + "11".repeat(32)
                + "\",\"terms\":null}");
        // the settler's terms (issue 17): durations as ISO-8601 strings
        JsonNode withTerms = SettlerJson.readable(new SettlerResponse.ReplyHashIssued(3, HASH,
                DisputeTerms.of(SettlerConfig.defaults())));
        assertThat(withTerms.get("terms").toString()).isEqualTo("{\"invoice_ttl\":\"PT10M\",\"dispute_window\":"
                + "\"PT24H\",\"dispute_deadline\":\"PT72H\",\"dispute_default\":\"PAY_WORKER\"}");
    }

    @Test
    void aMalformedGigIs400() {
        JsonNode g = SettlerJson.gig(new GigView(HASH, "ISSUED", KEY, KEY, 1_000, null, null, false, false, T, null));
        ((com.fasterxml.jackson.databind.node.ObjectNode) g).put("reply_hash", "11".repeat(31));
        assertThatThrownBy(() -> SettlerJson.gigView(g)).isInstanceOf(HttpProblem.class)
                .hasMessageContaining("malformed gig");
    }

    @Test
    void theFieldNamesAreSnakeCase() {
        assertThat(SettlerJson.snake("replyAmountMsat")).isEqualTo("reply_amount_msat");
        assertThat(SettlerJson.snake("callId")).isEqualTo("call_id");
        assertThat(SettlerJson.snake("bolt11")).isEqualTo("bolt11");
    }
}
