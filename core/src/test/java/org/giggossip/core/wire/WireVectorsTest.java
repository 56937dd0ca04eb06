package org.giggossip.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.GoldenVectors.Case;
import org.giggossip.core.wire.GoldenVectors.Positive;
import org.giggossip.core.wire.VectorFile.Vector;
import org.junit.jupiter.api.Test;

/**
 * The published golden vectors of core's wire formats ({@code docs/vectors/frames.*}
 * and {@code service.*}) match the codecs byte for byte: the fixed inputs encode to
 * the published bytes, which decode to the published fields and encode back to
 * themselves, and each malformed input is refused for its published reason. With
 * {@code -Dgiggossip.vectors.write=true} the files are written first.
 */
class WireVectorsTest {

    @Test
    void frames() {
        GoldenVectors.check("frames", WireVectors.FRAMES_TITLE, WireVectors.framesHeader(), WireVectors.framesIntro(),
                WireVectors.frames());
    }

    @Test
    void serviceMessages() {
        GoldenVectors.check("service", WireVectors.SERVICE_TITLE, WireVectors.serviceHeader(),
                WireVectors.serviceIntro(), WireVectors.service());
    }

    @Test
    void everyFrameKindAndEveryServiceKindHasAVector() {
        List<String> frameKinds = WireVectors.frames().stream().map(Case::vector).map(Vector::kind).toList();
        for (FrameKind k : FrameKind.values()) {
            assertThat(frameKinds).contains("FRAME " + k);
        }
        List<String> serviceKinds = WireVectors.service().stream().filter(c -> c instanceof Positive<?>)
                .map(Case::vector).map(Vector::kind).toList();
        for (var k : org.giggossip.core.wire.proto.ServiceMessage.KindCase.values()) {
            if (k != org.giggossip.core.wire.proto.ServiceMessage.KindCase.KIND_NOT_SET) {
                assertThat(serviceKinds).contains("SERVICE " + k.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
    }

    @Test
    void theVectorsAgreeWithTheHandCheckedGoldenHex() {
        Vector ask = vector("frame/ask_for_broadcast");
        assertThat(ask.hex()).isEqualTo(WireGoldenVectorsTest.FRAME_ASK);
        assertThat(vector("frame/reply").hex()).isEqualTo(WireGoldenVectorsTest.FRAME_REPLY);
        assertThat(vector("component/certificate_sender").hex()).isEqualTo(WireGoldenVectorsTest.SENDER_CERT);
        assertThat(ask.fields()).contains(new VectorFile.Field("ask_for_broadcast.ask_id", "0x" + "11".repeat(16)));
        assertThat(vector("frame/pow_broadcast").derived())
                .contains(new VectorFile.Field("pow_broadcast.work_meets_pow_target", "true"));
    }

    @Test
    void aChangedVectorFailsAndTellsHowToRegenerate() {
        Vector declined = vector("frame/ask_declined");
        String text = VectorFile.format(List.of(), List.of(declined));
        String flipped = text.replace(declined.hex(), declined.hex().substring(0, declined.hex().length() - 2) + "38");
        Vector changed = VectorFile.parse(flipped).get(0);
        assertThat(changed.hex()).isNotEqualTo(declined.hex());
        assertThatThrownBy(() -> GoldenVectors.checkParsed(java.nio.file.Path.of("frames.txt"),
                List.of(WireVectors.frames().stream().filter(c -> c.name().equals("frame/ask_declined"))
                        .findFirst().orElseThrow()), List.of(changed)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("frame/ask_declined")
                .hasMessageContaining("break wire compatibility")
                .hasMessageContaining("scripts/write-vectors.sh");
    }

    @Test
    void theFileFormatReadsBackWhatItWrites() {
        List<Vector> vectors = WireVectors.frames().stream().map(Case::vector).toList();
        assertThat(VectorFile.parse(VectorFile.format(WireVectors.framesHeader(), vectors))).isEqualTo(vectors);
        assertThat(VectorFile.quote("a\"b\\c\u00e9")).isEqualTo("\"a\\\"b\\\\c\\u00e9\"");
        assertThat(Hex.encode(Hex.decode(vector("frame_rejected/empty").hex()))).isEmpty();
    }

    private static Vector vector(String name) {
        return java.util.stream.Stream.concat(WireVectors.frames().stream(), WireVectors.service().stream())
                .filter(c -> c.name().equals(name)).findFirst().orElseThrow().vector();
    }
}
