package org.giggossip.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import org.giggossip.core.util.Hex;
import org.junit.jupiter.api.Test;

/** Recoverable ECDSA as BOLT 11 uses it, by native libsecp256k1. */
class EcdsaTest {
    /** The key of the BOLT 11 examples and its compressed public key (odd Y). */
    static final PrivateKey KEY = PrivateKey.of(Hex.decode("e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734"));
    static final byte[] KEY_PUB = Hex.decode("03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad");
    static final BigInteger ORDER =
            new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

    @Test
    void compressedKeyHasTheXOnlyIdAndTheRealParity() {
        assertThat(Ecdsa.compressedPublicKey(KEY)).isEqualTo(KEY_PUB);
        assertThat(Arrays.copyOfRange(KEY_PUB, 1, 33)).isEqualTo(KEY.publicKey().bytes());
    }

    @Test
    void signRecoverVerify() {
        for (int i = 0; i < 64; i++) {
            byte[] message = Sha256.hash(new byte[] {(byte) i});
            byte[] signature = Ecdsa.signRecoverable(KEY, message);
            assertThat(signature).hasSize(Ecdsa.RECOVERABLE_SIZE);
            byte[] compact = Arrays.copyOf(signature, 64);
            assertThat(Ecdsa.isLowS(compact)).isTrue();
            assertThat(Ecdsa.recover(compact, signature[64], message)).hasValueSatisfying(
                    key -> assertThat(key).isEqualTo(KEY_PUB));
            assertThat(Ecdsa.recover(compact, signature[64] ^ 1, message)).hasValueSatisfying(
                    key -> assertThat(key).isNotEqualTo(KEY_PUB));
            assertThat(Ecdsa.verify(KEY_PUB, message, compact)).isTrue();
            assertThat(Ecdsa.verify(KEY_PUB, Sha256.hash(message), compact)).isFalse();
        }
    }

    @Test
    void highSIsNormalisedAndNotVerified() {
        byte[] message = Sha256.hash(new byte[] {42});
        byte[] compact = Arrays.copyOf(Ecdsa.signRecoverable(KEY, message), 64);
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(compact, 32, 64));
        byte[] high = compact.clone();
        byte[] highS = ORDER.subtract(s).toByteArray();
        Arrays.fill(high, 32, 64, (byte) 0);
        System.arraycopy(highS, highS.length - 32, high, 32, 32);

        assertThat(Ecdsa.isLowS(high)).isFalse();
        assertThat(Ecdsa.verify(KEY_PUB, message, high)).isFalse();
        assertThat(Ecdsa.normalizeS(high)).isEqualTo(compact);
        assertThat(Ecdsa.normalizeS(compact)).isEqualTo(compact);
    }

    @Test
    void malformedInputIsRefusedWithoutThrowing() {
        byte[] message = new byte[32];
        assertThat(Ecdsa.recover(new byte[64], 0, message)).isEmpty(); // r = s = 0
        assertThat(Ecdsa.recover(new byte[63], 0, message)).isEmpty();
        assertThat(Ecdsa.recover(null, 0, message)).isEmpty();
        assertThat(Ecdsa.recover(new byte[64], 4, message)).isEmpty();
        assertThat(Ecdsa.recover(new byte[64], 0, new byte[31])).isEmpty();
        byte[] notAKey = new byte[33];
        notAKey[0] = 2;
        Arrays.fill(notAKey, 1, 33, (byte) 0xff);
        byte[] compact = Arrays.copyOf(Ecdsa.signRecoverable(KEY, message), 64);
        assertThat(Ecdsa.verify(notAKey, message, compact)).isFalse();
        assertThat(Ecdsa.verify(KEY_PUB, message, new byte[64])).isFalse();
        assertThat(Ecdsa.verify(null, message, compact)).isFalse();
        byte[] sOverOrder = compact.clone();
        Arrays.fill(sOverOrder, 32, 64, (byte) 0xff);
        assertThat(Ecdsa.normalizeS(sOverOrder)).isEqualTo(sOverOrder);
    }
}
