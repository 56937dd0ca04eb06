package org.giggossip.core.pow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.pow.PowVectors.*;

import java.math.BigInteger;
import org.giggossip.core.validation.Penalty;
import org.giggossip.core.validation.Penalty.Reason;
import org.giggossip.core.validation.Penalty.Severity;
import org.giggossip.core.validation.Verdict;
import org.junit.jupiter.api.Test;

class PowVerifierTest {
    private final Target required = zeroBits(20);
    private final PowVerifier verifier = new PowVerifier(PowScheme.SHA256, required);

    @Test
    void goldenProofIsAccepted() {
        ProofOfWork proof = new ProofOfWork(PowScheme.SHA256, required, NONCE_20_BITS);
        assertThat(verifier.verify(PAYLOAD, proof)).isEqualTo(Verdict.accept());
        assertThat(proof.work(PAYLOAD)).isEqualTo(WORK_20_BITS);
    }

    @Test
    void badWorkIsFatal() {
        assertReject(verifier.verify(PAYLOAD, new ProofOfWork(PowScheme.SHA256, required, NONCE_20_BITS + 1)),
            Severity.FATAL, Reason.BAD_POW, "does not meet");
        byte[] other = PAYLOAD.clone();
        other[0] ^= 1;
        assertReject(verifier.verify(other, new ProofOfWork(PowScheme.SHA256, required, NONCE_20_BITS)),
            Severity.FATAL, Reason.BAD_POW, "does not meet");
        // 183 meets 12 bits but not the 20 required.
        assertReject(verifier.verify(PAYLOAD, new ProofOfWork(PowScheme.SHA256, required, NONCE_8_BITS)),
            Severity.FATAL, Reason.BAD_POW, "does not meet");
    }

    @Test
    void aClaimWeakerThanRequiredIsRejectedEvenWhenTheWorkWouldDo() {
        // The work of 22179 meets 20 bits, but the sender claims only 8: not what was asked.
        ProofOfWork weakClaim = new ProofOfWork(PowScheme.SHA256, zeroBits(8), NONCE_20_BITS);
        assertReject(verifier.verify(PAYLOAD, weakClaim), Severity.MAJOR, Reason.WEAK_POW, "weaker than required");
        assertReject(verifier.verify(PAYLOAD, new ProofOfWork(PowScheme.SHA256, Target.MAX, NONCE_20_BITS)),
            Severity.MAJOR, Reason.WEAK_POW, "weaker than required");
    }

    @Test
    void theWorkIsComparedWithTheRequiredTargetNotTheClaim() {
        // A stronger claim is not trusted either: 183's work meets 12 bits; claiming 30 bits changes nothing.
        PowVerifier easy = new PowVerifier(PowScheme.SHA256, zeroBits(12));
        assertThat(easy.verify(PAYLOAD, new ProofOfWork(PowScheme.SHA256, zeroBits(30), NONCE_8_BITS)))
            .isEqualTo(Verdict.accept());
        // And a claim that matches the requirement does not make bad work good.
        assertThat(easy.verify(PAYLOAD, new ProofOfWork(PowScheme.SHA256, zeroBits(12), 1)).isAccepted()).isFalse();
    }

    @Test
    void requiredTargetIsInclusive() {
        BigInteger w = new BigInteger(1, WORK_20_BITS);
        PowVerifier exact = new PowVerifier(PowScheme.SHA256, Target.fromBigInteger(w));
        PowVerifier justBelow = new PowVerifier(PowScheme.SHA256, Target.fromBigInteger(w.subtract(BigInteger.ONE)));
        assertThat(exact.verify(PAYLOAD, new ProofOfWork(PowScheme.SHA256, exact.requiredTarget(), NONCE_20_BITS)))
            .isEqualTo(Verdict.accept());
        assertReject(justBelow.verify(PAYLOAD,
            new ProofOfWork(PowScheme.SHA256, justBelow.requiredTarget(), NONCE_20_BITS)),
                Severity.FATAL, Reason.BAD_POW, "does not meet");
    }

    @Test
    void emptyPayloadAndMaximumTarget() {
        PowVerifier any = new PowVerifier(PowScheme.SHA256, Target.MAX);
        assertThat(any.verify(new byte[0], new ProofOfWork(PowScheme.SHA256, Target.MAX, 0))).isEqualTo(Verdict.accept());
        PowVerifier exact = new PowVerifier(PowScheme.SHA256, Target.parse(WORK_EMPTY_0).orElseThrow());
        assertThat(exact.verify(new byte[0], new ProofOfWork(PowScheme.SHA256, exact.requiredTarget(), 0)))
            .isEqualTo(Verdict.accept());
    }

    @Test
    void wireFieldsAreCheckedCheapestFirst() {
        byte[] target = required.toByteArray();
        assertThat(verifier.verify(PAYLOAD, "sha256", target, NONCE_20_BITS)).isEqualTo(Verdict.accept());
        assertReject(verifier.verify(PAYLOAD, "sha256", target, 1), Severity.FATAL, Reason.BAD_POW, "does not meet");
        assertReject(verifier.verify(PAYLOAD, "sha3-256", target, NONCE_20_BITS),
            Severity.MAJOR, Reason.UNKNOWN_POW_SCHEME, "unknown");
        assertReject(verifier.verify(PAYLOAD, "SHA256", target, NONCE_20_BITS),
            Severity.MAJOR, Reason.UNKNOWN_POW_SCHEME, "unknown");
        assertReject(verifier.verify(PAYLOAD, null, target, NONCE_20_BITS),
            Severity.MAJOR, Reason.UNKNOWN_POW_SCHEME, "unknown");
        assertReject(verifier.verify(PAYLOAD, "x\n".repeat(100), target, NONCE_20_BITS),
            Severity.MAJOR, Reason.UNKNOWN_POW_SCHEME, "unknown");
        assertReject(verifier.verify(PAYLOAD, "sha256", new byte[31], NONCE_20_BITS),
            Severity.FATAL, Reason.BAD_POW, "32 bytes");
        assertReject(verifier.verify(PAYLOAD, "sha256", new byte[33], NONCE_20_BITS),
            Severity.FATAL, Reason.BAD_POW, "32 bytes");
        assertReject(verifier.verify(PAYLOAD, "sha256", null, NONCE_20_BITS),
            Severity.FATAL, Reason.BAD_POW, "32 bytes");
        assertReject(verifier.verify(PAYLOAD, "sha256", Target.MAX.toByteArray(), NONCE_20_BITS),
            Severity.MAJOR, Reason.WEAK_POW, "weaker");
    }

    @Test
    void unknownSchemeNamesAreLoggedSafely() {
        Verdict v = verifier.verify(PAYLOAD, "evil\u001b[31m" + "a".repeat(100), required.toByteArray(), 0);
        assertThat(((Verdict.Reject) v).penalty().detail()).doesNotContain("\u001b").hasSizeLessThan(80);
    }

    @Test
    void schemeNames() {
        assertThat(PowScheme.fromWireName("sha256")).contains(PowScheme.SHA256);
        assertThat(PowScheme.SHA256.wireName()).isEqualTo("sha256");
        assertThat(PowScheme.fromWireName("sha-256")).isEmpty();
        assertThat(PowScheme.fromWireName(null)).isEmpty();
    }

    static void assertReject(Verdict v, Severity severity, Reason reason, String detailPart) {
        assertThat(v).isInstanceOf(Verdict.Reject.class);
        Penalty p = ((Verdict.Reject) v).penalty();
        assertThat(p.severity()).isEqualTo(severity);
        assertThat(p.reason()).isEqualTo(reason);
        assertThat(p.detail()).contains(detailPart);
    }
}
