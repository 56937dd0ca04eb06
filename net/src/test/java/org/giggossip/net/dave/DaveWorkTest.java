package org.giggossip.net.dave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.giggossip.core.util.Hex;
import org.junit.jupiter.api.Test;

/** Dave's proof of work (dave-v1.md, Work): vectors, the check's codes, solving. */
class DaveWorkTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PREV = Hex.decode("aa".repeat(32));
    private static final byte[] NONCE = Hex.decode("cc".repeat(32));
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAG = "tag".getBytes(StandardCharsets.US_ASCII);

    @Test
    void vectorsComputedWithPythonHashlib() {
        // hashlib.sha256(hashlib.sha256(b'').digest()).hexdigest()
        assertThat(Hex.encode(DaveWork.work(new byte[0], new byte[0], new byte[0], new byte[0])))
                .isEqualTo("5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456");
        // sha256(sha256(b'\xaa'*32 + b'hello' + b'tag') + b'\xcc'*32)
        assertThat(Hex.encode(DaveWork.work(PREV, HELLO, TAG, NONCE)))
                .isEqualTo("54e1116e714fe632bcf1c014ca621454ad3a86f1f7cc1ed1108007463607360f");
    }

    @Test
    void checkCodes() {
        byte[] work = DaveWork.work(PREV, HELLO, TAG, NONCE);
        assertThat(DaveWork.check(setdat(PREV, work, NONCE))).isZero(); // 0x54...: no leading zero byte
        assertThat(DaveWork.check(setdat(PREV, work, new byte[5]))).isEqualTo(-2);
        assertThat(DaveWork.check(setdat(new byte[5], work, NONCE))).isEqualTo(-3);
        assertThat(DaveWork.check(setdat(new byte[5], work, new byte[5]))).as("nonce is checked first").isEqualTo(-2);
        byte[] tampered = work.clone();
        tampered[31] ^= 1;
        assertThat(DaveWork.check(setdat(PREV, tampered, NONCE))).isEqualTo(-1);
        assertThat(DaveWork.check(setdat(PREV, new byte[0], NONCE))).isEqualTo(-1);
        assertThat(DaveWork.check(setdat(new byte[0], work, NONCE))).as("prev is part of the work").isEqualTo(-1);
        // Empty nonce and prev are allowed by the check.
        byte[] bare = DaveWork.work(new byte[0], HELLO, TAG, new byte[0]);
        assertThat(DaveWork.check(setdat(new byte[0], bare, new byte[0]))).isEqualTo(DaveWork.strength(bare));
    }

    @Test
    void strengthCountsLeadingZeroBytes() {
        assertThat(DaveWork.strength(new byte[32])).isEqualTo(32);
        assertThat(DaveWork.strength(Hex.decode("0000" + "01" + "00".repeat(29)))).isEqualTo(2);
        assertThat(DaveWork.strength(Hex.decode("000f" + "00".repeat(30)))).isEqualTo(1);
        assertThat(DaveWork.strength(Hex.decode("80" + "00".repeat(31)))).isZero();
    }

    @Property(tries = 20)
    void solveMeetsTheStrengthAndTheCheckAgrees(@ForAll @IntRange(max = 2) int strength,
            @ForAll @Size(max = 64) byte[] val, @ForAll @Size(max = 32) byte[] tag, @ForAll boolean withPrev) throws Exception {
        byte[] prev = withPrev ? PREV : new byte[0];
        DaveMsg m = DaveWork.solve(prev, val, tag, strength, RANDOM);
        assertThat(m.op()).isEqualTo(DaveMsg.Op.SETDAT);
        assertThat(m.nonce()).hasSize(32);
        assertThat(m.prev()).isEqualTo(prev);
        assertThat(m.val()).isEqualTo(val);
        assertThat(m.tag()).isEqualTo(tag);
        int checked = DaveWork.check(m);
        assertThat(checked).isGreaterThanOrEqualTo(strength).isEqualTo(DaveWork.strength(m.work()));
        // Independently recomputed, and it survives the wire.
        MessageDigest inner = MessageDigest.getInstance("SHA-256");
        inner.update(prev);
        inner.update(val);
        inner.update(tag);
        MessageDigest outer = MessageDigest.getInstance("SHA-256");
        outer.update(inner.digest());
        assertThat(outer.digest(m.nonce())).isEqualTo(m.work());
        assertThat(DaveWork.check(DaveCodec.decode(DaveCodec.encode(m)).orElseThrow())).isEqualTo(checked);
        DaveMsg dat = DaveWork.dat(m.withPeers(List.of("127.0.0.1:1")));
        assertThat(dat.op()).isEqualTo(DaveMsg.Op.DAT);
        assertThat(dat.peers()).isEmpty();
        assertThat(DaveWork.check(dat)).isEqualTo(checked);
    }

    @Test
    void solveRefusesWhatTheProtocolRefuses() {
        assertThatThrownBy(() -> DaveWork.solve(new byte[0], HELLO, TAG, DaveWork.MAX_SOLVE_STRENGTH + 1, RANDOM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strength 9");
        assertThatThrownBy(() -> DaveWork.solve(new byte[0], HELLO, TAG, -1, RANDOM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DaveWork.solve(new byte[5], HELLO, TAG, 1, RANDOM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prev");
        assertThatThrownBy(() -> DaveWork.solve(new byte[0], new byte[DaveConfig.VAL_SIZE + 1], TAG, 1, RANDOM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value");
        assertThatThrownBy(() -> DaveWork.solve(new byte[0], HELLO, new byte[DaveConfig.TAG_SIZE + 1], 1, RANDOM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag");
    }

    private static DaveMsg setdat(byte[] prev, byte[] work, byte[] nonce) {
        return new DaveMsg(DaveMsg.Op.SETDAT, List.of(), prev, work, nonce, HELLO, TAG);
    }
}
