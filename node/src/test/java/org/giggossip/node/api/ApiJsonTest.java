package org.giggossip.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.wire.PayloadId;
import org.junit.jupiter.api.Test;

/** The JSON rules of {@link ApiJson}: hex ids, ISO times, the bytes rule, events from their record components. */
class ApiJsonTest {
    private static final Instant T = Instant.parse("2026-01-31T18:00:00Z");

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
        JsonNode e = ApiJson.event(new ApiEvent(7, T, new AppEvent.ReplyOpened(job, 3, worker, message)));
        assertThat(e.path("seq").asLong()).isEqualTo(7);
        assertThat(e.path("at").asText()).isEqualTo("2026-01-31T18:00:00Z");
        assertThat(e.path("type").asText()).isEqualTo("ReplyOpened");
        JsonNode fields = e.path("event");
        assertThat(fields.path("job").asText()).isEqualTo("00".repeat(16));
        assertThat(fields.path("offer").asInt()).isEqualTo(3);
        assertThat(fields.path("worker").asText()).isEqualTo(worker.hex());
        assertThat(ApiJson.bytesOf(fields.path("message"))).isEqualTo(message);
        assertThat(fields.size()).isEqualTo(4);
    }
}
