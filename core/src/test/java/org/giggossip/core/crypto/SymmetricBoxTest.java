package org.giggossip.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SymmetricBoxTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PREIMAGE = Sha256.hash("a payment preimage".getBytes(StandardCharsets.UTF_8));
    private static final byte[] REPLY = "worker's reply: pick-up in 4 minutes".getBytes(StandardCharsets.UTF_8);

    @Property(tries = 100)
    void roundTrips(@ForAll @Size(max = 2048) byte[] plaintext, @ForAll @Size(32) byte[] secret) {
        byte[] box = SymmetricBox.seal(secret, plaintext, RANDOM);
        assertThat(box).hasSize(plaintext.length + SymmetricBox.OVERHEAD);
        assertThat(SymmetricBox.open(secret, box)).hasValueSatisfying(p -> assertThat(p).isEqualTo(plaintext));
    }

    @Test
    void theSecretIsNeverUsedDirectlyAsTheCipherKey() {
        byte[] box = SymmetricBox.seal(PREIMAGE, REPLY, RANDOM);
        byte[] sealed = Arrays.copyOfRange(box, SymmetricBox.SALT_SIZE, box.length);
        assertThat(Aead.open(PREIMAGE, new byte[Aead.NONCE_SIZE], sealed)).isEmpty();
        byte[] unsalted = Hkdf.derive(new byte[0], PREIMAGE, SymmetricBox.INFO, Aead.KEY_SIZE);
        assertThat(Aead.open(unsalted, new byte[Aead.NONCE_SIZE], sealed)).isEmpty();
        byte[] salted = Hkdf.derive(Arrays.copyOf(box, SymmetricBox.SALT_SIZE), PREIMAGE, SymmetricBox.INFO, 32);
        assertThat(Aead.open(salted, new byte[Aead.NONCE_SIZE], sealed))
                .as("the documented derivation opens it")
                .hasValueSatisfying(p -> assertThat(p).isEqualTo(REPLY));
    }

    @Test
    void sealingTwiceGivesUnrelatedBoxes() {
        byte[] first = SymmetricBox.seal(PREIMAGE, REPLY, RANDOM);
        byte[] second = SymmetricBox.seal(PREIMAGE, REPLY, RANDOM);
        assertThat(first).isNotEqualTo(second);
        byte[] firstBody = Arrays.copyOfRange(first, SymmetricBox.SALT_SIZE, first.length);
        byte[] secondBody = Arrays.copyOfRange(second, SymmetricBox.SALT_SIZE, second.length);
        assertThat(firstBody).as("no keystream reuse").isNotEqualTo(secondBody);
    }

    @Test
    void wrongSecretOrAssociatedDataFails() {
        byte[] aad = "payment hash".getBytes(StandardCharsets.UTF_8);
        byte[] box = SymmetricBox.seal(PREIMAGE, REPLY, aad, RANDOM);
        byte[] otherSecret = PREIMAGE.clone();
        otherSecret[0] ^= 1;
        assertThat(SymmetricBox.open(PREIMAGE, box, aad)).hasValueSatisfying(p -> assertThat(p).isEqualTo(REPLY));
        assertThat(SymmetricBox.open(otherSecret, box, aad)).isEmpty();
        assertThat(SymmetricBox.open(PREIMAGE, box)).isEmpty();
    }

    @Test
    void everySingleBitFlipIsDetected() {
        byte[] box = SymmetricBox.seal(PREIMAGE, "hi".getBytes(StandardCharsets.UTF_8), RANDOM);
        for (int bit = 0; bit < box.length * 8; bit++) {
            byte[] flipped = box.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(SymmetricBox.open(PREIMAGE, flipped)).as("bit %d flipped", bit).isEmpty();
        }
    }

    @Test
    void truncatedOrMissingBoxesFail() {
        byte[] box = SymmetricBox.seal(PREIMAGE, REPLY, RANDOM);
        for (int len = 0; len < box.length; len++) {
            assertThat(SymmetricBox.open(PREIMAGE, Arrays.copyOf(box, len))).as("first %d bytes", len).isEmpty();
        }
        assertThat(SymmetricBox.open(PREIMAGE, null)).isEmpty();
    }

    @Test
    void aSecretOfTheWrongSizeIsAProgrammingError() {
        assertThatThrownBy(() -> SymmetricBox.seal(new byte[31], REPLY, RANDOM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SymmetricBox.open(new byte[33], new byte[64]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
