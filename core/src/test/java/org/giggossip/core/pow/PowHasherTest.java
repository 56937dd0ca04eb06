package org.giggossip.core.pow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.pow.PowVectors.*;

import org.junit.jupiter.api.Test;

class PowHasherTest {

    @Test
    void goldenWork() {
        assertThat(PowHasher.work(new byte[0], 0)).isEqualTo(WORK_EMPTY_0);
        assertThat(PowHasher.work(PAYLOAD, 1)).isEqualTo(WORK_1);
        assertThat(PowHasher.work(PAYLOAD, NONCE_BYTES)).isEqualTo(WORK_BYTES);
        assertThat(PowHasher.work(PAYLOAD, -1L)).isEqualTo(WORK_MAX_NONCE);
        assertThat(PowHasher.work(PAYLOAD, NONCE_20_BITS)).isEqualTo(WORK_20_BITS);
    }

    @Test
    void payloadIsHashedOnceIntoTheBlock() {
        PowHasher h = new PowHasher();
        h.setPayload(PAYLOAD);
        assertThat(h.payloadDigest()).isEqualTo(PAYLOAD_DIGEST);

        PowHasher fromDigest = new PowHasher();
        fromDigest.setPayloadDigest(PAYLOAD_DIGEST);
        fromDigest.hash(1);
        assertThat(fromDigest.copyWork()).isEqualTo(WORK_1);
    }

    @Test
    void aReusedHasherGivesTheSameWorkAsAFreshOne() {
        PowHasher h = new PowHasher();
        h.setPayload(new byte[0]);
        h.hash(0);
        assertThat(h.copyWork()).isEqualTo(WORK_EMPTY_0);
        h.setPayload(PAYLOAD);
        h.hash(NONCE_BYTES);
        assertThat(h.copyWork()).isEqualTo(WORK_BYTES);
        h.hash(1);
        assertThat(h.copyWork()).isEqualTo(WORK_1);
        assertThat(h.meets(NONCE_8_BITS, zeroBits(8))).isTrue();
        assertThat(h.copyWork()).isEqualTo(WORK_8_BITS);
        assertThat(h.lastWorkMeets(zeroBits(13))).isFalse();
    }

    @Test
    void searchFindsTheFirstHitInOrder() {
        PowHasher h = new PowHasher();
        h.setPayload(PAYLOAD);
        assertThat(h.search(0, 1, 1000, zeroBits(8))).isEqualTo((int) NONCE_8_BITS);
        assertThat(h.copyWork()).isEqualTo(WORK_8_BITS);
        // 183 tries cover nonces 0..182: no hit yet.
        assertThat(h.search(0, 1, (int) NONCE_8_BITS, zeroBits(8))).isEqualTo(-1);
        // Odd nonces only: 22179 is the smallest hit overall, so it is the first odd one.
        assertThat(h.search(1, 2, 20000, zeroBits(20))).isEqualTo((int) (NONCE_20_BITS - 1) / 2);
        assertThat(h.copyWork()).isEqualTo(WORK_20_BITS);
    }

    @Test
    void searchWrapsTheNonceModulo2To64() {
        PowHasher h = new PowHasher();
        h.setPayload(PAYLOAD);
        // Nonce 2^64 - 1 is tried as the unsigned value it is.
        assertThat(h.search(-1L, 1, 1, Target.MAX)).isZero();
        assertThat(h.copyWork()).isEqualTo(WORK_MAX_NONCE);
        // Stride 2 from 2^64 - 1: the second attempt is nonce 1, whose work stays in the buffer.
        assertThat(h.search(-1L, 2, 2, Target.ZERO)).isEqualTo(-1);
        assertThat(h.copyWork()).isEqualTo(WORK_1);
    }
}
