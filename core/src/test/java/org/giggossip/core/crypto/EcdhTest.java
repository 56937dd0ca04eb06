package org.giggossip.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EcdhTest {

    /** Secrets 1..12: their points have both Y parities, which is what the even-Y rule is about. */
    private static final List<PrivateKey> KEYS = smallKeys(12);

    @Test
    void theFixtureHasKeysOfBothParities() {
        long odd = KEYS.stream().filter(k -> !Bip340Reference.isEven(fullPoint(k).y())).count();
        assertThat(odd).isBetween(1L, (long) KEYS.size() - 1);
    }

    @Test
    void sharedSecretIsSymmetricWhateverTheParityOfEitherKey() {
        for (PrivateKey a : KEYS) {
            for (PrivateKey b : KEYS) {
                assertThat(Ecdh.sharedSecret(a, b.publicKey()))
                        .as("ecdh(%s, %s)", a, b)
                        .hasSize(Ecdh.SECRET_SIZE)
                        .isEqualTo(Ecdh.sharedSecret(b, a.publicKey()));
            }
        }
    }

    @Test
    void sharedSecretIsTheHashOfTheEvenYProductComputedIndependently() {
        for (PrivateKey a : KEYS) {
            for (PrivateKey b : KEYS) {
                // d_a as BIP 340 defines it, times lift_x(B), hashed as libsecp256k1's default ECDH does.
                BigInteger da = new BigInteger(1, a.secretBytes());
                if (!Bip340Reference.isEven(fullPoint(a).y())) {
                    da = Bip340Reference.N.subtract(da);
                }
                Bip340Reference.Point liftedB =
                        Bip340Reference.liftX(new BigInteger(1, b.publicKey().bytes())).orElseThrow();
                Bip340Reference.Point shared = Bip340Reference.multiply(liftedB, da);
                byte[] compressed = new byte[33];
                compressed[0] = (byte) (Bip340Reference.isEven(shared.y()) ? 2 : 3);
                System.arraycopy(Bip340Reference.toBytes(shared.x()), 0, compressed, 1, 32);
                assertThat(Ecdh.sharedSecret(a, b.publicKey())).isEqualTo(Sha256.hash(compressed));
            }
        }
    }

    @Test
    void differentPeersGiveDifferentSecrets() {
        PrivateKey a = KEYS.get(0);
        assertThat(Ecdh.sharedSecret(a, KEYS.get(1).publicKey()))
                .isNotEqualTo(Ecdh.sharedSecret(a, KEYS.get(2).publicKey()));
        assertThat(Ecdh.sharedSecret(KEYS.get(3), KEYS.get(1).publicKey()))
                .isNotEqualTo(Ecdh.sharedSecret(a, KEYS.get(1).publicKey()));
    }

    private static Bip340Reference.Point fullPoint(PrivateKey k) {
        return Bip340Reference.multiply(Bip340Reference.G, new BigInteger(1, k.secretBytes()));
    }

    private static List<PrivateKey> smallKeys(int count) {
        List<PrivateKey> keys = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            keys.add(PrivateKey.of(Bip340Reference.toBytes(BigInteger.valueOf(i))));
        }
        return keys;
    }
}
