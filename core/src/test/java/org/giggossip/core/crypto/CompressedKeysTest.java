package org.giggossip.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.giggossip.core.util.Hex;
import org.junit.jupiter.api.Test;

/** {@link CompressedKeys}: BOLT 8's view of our keys. */
class CompressedKeysTest {

    @Test
    void publicKeyOfBolt8VectorSecret() {
        // BOLT 8 Appendix A: ls.priv = 0x11..11 has ls.pub = 034f35...71aa (odd Y)
        byte[] secret = Hex.decode("11".repeat(32));
        assertThat(Hex.encode(CompressedKeys.publicKey(secret).orElseThrow()))
            .isEqualTo("034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa");
    }

    @Test
    void noiseSecretOfAnIdentityHasTheEvenYPoint() {
        SecureRandom random = new SecureRandom();
        boolean sawOdd = false;
        for (int i = 0; i < 32; i++) {
            PrivateKey k = PrivateKey.generate(random);
            sawOdd |= k.hasOddY();
            byte[] pub = CompressedKeys.publicKey(CompressedKeys.noiseSecret(k)).orElseThrow();
            assertThat(pub).isEqualTo(CompressedKeys.evenY(k.publicKey()));
            assertThat(CompressedKeys.xOnly(pub)).contains(k.publicKey());
        }
        assertThat(sawOdd).isTrue();
    }

    @Test
    void ecdhIsSymmetricAndAgreesWithEcdhForIdentities() {
        SecureRandom random = new SecureRandom();
        PrivateKey a = PrivateKey.generate(random);
        PrivateKey b = PrivateKey.generate(random);
        byte[] ab = CompressedKeys.ecdh(CompressedKeys.noiseSecret(a), CompressedKeys.evenY(b.publicKey()))
            .orElseThrow();
        byte[] ba = CompressedKeys.ecdh(CompressedKeys.noiseSecret(b), CompressedKeys.evenY(a.publicKey()))
            .orElseThrow();
        assertThat(ab).isEqualTo(ba).isEqualTo(Ecdh.sharedSecret(a, b.publicKey()));
    }

    @Property(tries = 200)
    void invalidPointsAreRefusedWithoutThrowing(@ForAll @Size(max = 40) byte[] junk) {
        byte[] secret = Hex.decode("21".repeat(32));
        if (!CompressedKeys.isValid(junk)) {
            assertThat(CompressedKeys.ecdh(secret, junk)).isEmpty();
            assertThat(CompressedKeys.xOnly(junk)).isEmpty();
        }
        if (junk.length != 32) {
            assertThat(CompressedKeys.publicKey(junk)).isEmpty();
        }
    }

    @Test
    void aFourPrefixAndAnInvalidSecretAreRefused() {
        byte[] key = Hex.decode("044f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa");
        assertThat(CompressedKeys.isValid(key)).isFalse();
        assertThat(CompressedKeys.publicKey(new byte[32])).isEmpty();
        assertThat(CompressedKeys.ecdh(new byte[32],
            Hex.decode("028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7"))).isEmpty();
    }
}
