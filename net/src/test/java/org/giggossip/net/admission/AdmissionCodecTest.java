package org.giggossip.net.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.pow.PowScheme;
import org.giggossip.core.pow.Target;
import org.giggossip.core.util.Hex;
import org.junit.jupiter.api.Test;

/** Golden bytes and hostile input for {@link AdmissionCodec}. */
class AdmissionCodecTest {

    @Test
    void challengeGoldenBytes() {
        byte[] nonce = new byte[32];
        nonce[0] = (byte) 0xAA;
        var c = new AdmissionMessage.Challenge(PowScheme.SHA256, nonce, Target.fromDifficulty(65536));
        String hex = Hex.encode(AdmissionCodec.encode(c));
        assertThat(hex).isEqualTo(
            "01"                                                                   // type: challenge
            + "01"                                                                 // scheme: SHA-256 hashcash
            + "aa" + "00".repeat(31)                                               // the sender's nonce
            + "0000" + "ff".repeat(30));                                           // target 2^240 - 1
        var decoded = (AdmissionCodec.Decoded.Ok) AdmissionCodec.decode(Hex.decode(hex));
        var back = (AdmissionMessage.Challenge) decoded.message();
        assertThat(back.nonce()).isEqualTo(nonce);
        assertThat(back.target()).isEqualTo(c.target());
        assertThat(AdmissionCodec.encode(back)).isEqualTo(Hex.decode(hex));
    }

    @Test
    void answerGoldenBytes() {
        byte[] bytes = AdmissionCodec.encode(new AdmissionMessage.Answer(PowScheme.SHA256, 0x0102030405060708L));
        assertThat(Hex.encode(bytes)).isEqualTo(
            "02"                    // type: answer
            + "01"                  // scheme: SHA-256 hashcash
            + "0102030405060708");  // proof-of-work nonce, big-endian
        assertThat(AdmissionCodec.decode(bytes)).isEqualTo(new AdmissionCodec.Decoded.Ok(
            new AdmissionMessage.Answer(PowScheme.SHA256, 0x0102030405060708L)));
    }

    @Test
    void wrongSizesAndUnknownTypesAreMalformed() {
        assertThat(AdmissionCodec.decode(null)).isInstanceOf(AdmissionCodec.Decoded.Malformed.class);
        assertThat(AdmissionCodec.decode(new byte[0])).isInstanceOf(AdmissionCodec.Decoded.Malformed.class);
        assertThat(AdmissionCodec.decode(new byte[65])).isInstanceOf(AdmissionCodec.Decoded.Malformed.class);
        byte[] challengeShort = new byte[AdmissionCodec.CHALLENGE_SIZE - 1];
        challengeShort[0] = AdmissionCodec.CHALLENGE;
        assertThat(AdmissionCodec.decode(challengeShort)).isInstanceOf(AdmissionCodec.Decoded.Malformed.class);
        byte[] badScheme = new byte[AdmissionCodec.ANSWER_SIZE];
        badScheme[0] = AdmissionCodec.ANSWER;
        badScheme[1] = 7;
        assertThat(AdmissionCodec.decode(badScheme)).isInstanceOf(AdmissionCodec.Decoded.Malformed.class);
    }

    @Property(tries = 500)
    void randomBytesNeverThrow(@ForAll @Size(max = 100) byte[] junk) {
        AdmissionCodec.Decoded d = AdmissionCodec.decode(junk);
        if (d instanceof AdmissionCodec.Decoded.Ok ok) {
            assertThat(AdmissionCodec.encode(ok.message())).isEqualTo(junk);
        }
        byte[] s = new byte[32];
        s[31] = 5;
        var k = PrivateKey.of(s).publicKey();
        Admission a = Admission.of(AdmissionPayload.Role.RESPONDER, k, k,
            AdmissionPolicy.ofDifficulty(1 << 20, Duration.ofSeconds(1)), new byte[32], Instant.EPOCH);
        a.start();
        assertThat(a.receive(junk, Instant.EPOCH)).isNotNull();
    }
}
