package org.giggossip.net.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.GoldenVectors;
import org.giggossip.core.wire.GoldenVectors.Case;
import org.giggossip.core.wire.VectorFile.Vector;
import org.giggossip.net.admission.Admission;
import org.giggossip.net.admission.AdmissionOutput;
import org.giggossip.net.admission.AdmissionPayload.Role;
import org.giggossip.net.admission.AdmissionPolicy;
import org.junit.jupiter.api.Test;

/**
 * The published golden vectors of the link messages ({@code docs/vectors/link.*})
 * match the codecs byte for byte (see {@link GoldenVectors#check}), and the
 * admission vectors are exactly what two admission state machines exchange.
 * With {@code -Dgiggossip.vectors.write=true} the files are written first.
 */
class LinkVectorsTest {

    @Test
    void linkMessages() {
        GoldenVectors.check("link", LinkVectors.TITLE, LinkVectors.header(), LinkVectors.intro(),
                LinkVectors.cases());
    }

    @Test
    void everyMessageTypeHasAVector() {
        List<String> kinds = LinkVectors.cases().stream().map(Case::vector).map(Vector::kind).toList();
        for (MessageType t : MessageType.values()) {
            assertThat(kinds).contains("LINK " + t);
        }
        assertThat(kinds).contains("ADMISSION CHALLENGE", "ADMISSION ANSWER", "DISCOVERY GETPEER", "DISCOVERY PEER",
                "DISCOVERY PING", "DISCOVERY PONG", "ITEM");
    }

    @Test
    void twoAdmissionStateMachinesExchangeExactlyTheAdmissionVectors() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        AdmissionPolicy policy = new AdmissionPolicy(LinkVectors.ADMISSION_TARGET, LinkVectors.ADMISSION_TARGET,
                Duration.ofSeconds(10));
        Admission initiator = Admission.of(Role.INITIATOR, LinkVectors.INITIATOR, LinkVectors.RESPONDER, policy,
                LinkVectors.INITIATOR_NONCE, t0);
        Admission responder = Admission.of(Role.RESPONDER, LinkVectors.RESPONDER, LinkVectors.INITIATOR, policy,
                LinkVectors.RESPONDER_NONCE, t0);

        byte[] initiatorChallenge = sent(initiator.start());
        byte[] responderChallenge = sent(responder.start());
        assertThat(Hex.encode(initiatorChallenge)).isEqualTo(hex("admission/challenge_from_initiator"));
        assertThat(Hex.encode(responderChallenge)).isEqualTo(hex("admission/challenge_from_responder"));

        var initiatorSolves = (AdmissionOutput.Solve) initiator.receive(responderChallenge, t0).get(0);
        var responderSolves = (AdmissionOutput.Solve) responder.receive(initiatorChallenge, t0).get(0);
        assertThat(Hex.encode(initiatorSolves.payload())).isEqualTo(hex("admission/payload_initiator_solves"));
        assertThat(Hex.encode(responderSolves.payload())).isEqualTo(hex("admission/payload_responder_solves"));

        byte[] initiatorAnswer = sent(initiator.solved(LinkVectors.work(Role.INITIATOR).powNonce(), t0));
        byte[] responderAnswer = sent(responder.solved(LinkVectors.work(Role.RESPONDER).powNonce(), t0));
        assertThat(Hex.encode(initiatorAnswer)).isEqualTo(hex("admission/answer_from_initiator"));
        assertThat(Hex.encode(responderAnswer)).isEqualTo(hex("admission/answer_from_responder"));

        assertThat(initiator.receive(responderAnswer, t0)).containsExactly(new AdmissionOutput.Admitted());
        assertThat(responder.receive(initiatorAnswer, t0)).containsExactly(new AdmissionOutput.Admitted());
        assertThat(initiator.isAdmitted()).isTrue();
        assertThat(responder.isAdmitted()).isTrue();
    }

    private static byte[] sent(List<AdmissionOutput> out) {
        assertThat(out).hasSize(1).first().isInstanceOf(AdmissionOutput.Send.class);
        return ((AdmissionOutput.Send) out.get(0)).frame();
    }

    private static String hex(String name) {
        return LinkVectors.cases().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().vector()
                .hex();
    }
}
