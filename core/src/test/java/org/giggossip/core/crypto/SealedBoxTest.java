package org.giggossip.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SealedBoxTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PrivateKey ALICE = PrivateKey.generate(RANDOM);
    private static final PrivateKey BOB = PrivateKey.generate(RANDOM);

    @Property(tries = 200)
    void roundTripsAnyPlaintext(@ForAll @Size(max = 4096) byte[] plaintext) {
        byte[] box = SealedBox.seal(ALICE.publicKey(), plaintext, RANDOM);
        assertThat(box).hasSize(plaintext.length + SealedBox.OVERHEAD);
        assertThat(SealedBox.open(ALICE, box)).hasValueSatisfying(p -> assertThat(p).isEqualTo(plaintext));
    }

    @Property(tries = 300)
    void garbageNeverOpensAndNeverThrows(@ForAll @Size(max = 200) byte[] garbage) {
        assertThatCode(() -> assertThat(SealedBox.open(ALICE, garbage)).isEmpty()).doesNotThrowAnyException();
    }

    @Test
    void layoutIsEphemeralKeyThenCiphertextAndTag() {
        byte[] box = SealedBox.seal(ALICE.publicKey(), "x".getBytes(StandardCharsets.UTF_8), RANDOM);
        assertThat(SealedBox.OVERHEAD).isEqualTo(48);
        assertThat(PublicKey.parse(Arrays.copyOf(box, 32))).as("leading x-only ephemeral key").isPresent();
        assertThat(Arrays.copyOf(box, 32)).isNotEqualTo(ALICE.publicKey().bytes());
        byte[] again = SealedBox.seal(ALICE.publicKey(), "x".getBytes(StandardCharsets.UTF_8), RANDOM);
        assertThat(Arrays.copyOf(again, 32)).as("a fresh ephemeral key per box").isNotEqualTo(Arrays.copyOf(box, 32));
    }

    @Test
    void followsTheDocumentedConstruction() {
        byte[] plaintext = "offer".getBytes(StandardCharsets.UTF_8);
        byte[] box = SealedBox.seal(BOB.publicKey(), plaintext, RANDOM);
        PublicKey ephemeral = PublicKey.of(Arrays.copyOf(box, 32));
        byte[] shared = Ecdh.sharedSecret(BOB, ephemeral);
        byte[] salt = new byte[64];
        System.arraycopy(ephemeral.bytes(), 0, salt, 0, 32);
        System.arraycopy(BOB.publicKey().bytes(), 0, salt, 32, 32);
        byte[] key = Hkdf.derive(salt, shared, "giggossip/sealedbox/v1".getBytes(StandardCharsets.US_ASCII), 32);
        Optional<byte[]> opened = Aead.open(key, new byte[12], Arrays.copyOfRange(box, 32, box.length));
        assertThat(opened).hasValueSatisfying(p -> assertThat(p).isEqualTo(plaintext));
    }

    @Test
    void onlyTheRecipientCanOpen() {
        byte[] box = SealedBox.seal(ALICE.publicKey(), "for alice".getBytes(StandardCharsets.UTF_8), RANDOM);
        assertThat(SealedBox.open(BOB, box)).isEmpty();
        assertThat(SealedBox.open(ALICE, box)).isPresent();
    }

    @Test
    void everySingleBitFlipIsDetected() {
        byte[] box = SealedBox.seal(ALICE.publicKey(), "tiny".getBytes(StandardCharsets.UTF_8), RANDOM);
        for (int bit = 0; bit < box.length * 8; bit++) {
            byte[] flipped = box.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(SealedBox.open(ALICE, flipped)).as("bit %d flipped", bit).isEmpty();
        }
    }

    @Test
    void everyTruncationFailsAndSoDoesAnExtension() {
        byte[] box = SealedBox.seal(ALICE.publicKey(), "some plaintext".getBytes(StandardCharsets.UTF_8), RANDOM);
        for (int len = 0; len < box.length; len++) {
            assertThat(SealedBox.open(ALICE, Arrays.copyOf(box, len))).as("first %d bytes", len).isEmpty();
        }
        assertThat(SealedBox.open(ALICE, Arrays.copyOf(box, box.length + 1))).isEmpty();
    }

    @Test
    void emptyNullAndNonPointInputFail() {
        assertThat(SealedBox.open(ALICE, new byte[0])).isEmpty();
        assertThat(SealedBox.open(ALICE, null)).isEmpty();
        byte[] notAPoint = new byte[SealedBox.OVERHEAD + 8];
        Arrays.fill(notAPoint, 0, 32, (byte) 0xff); // x >= p: not a field element
        assertThat(SealedBox.open(ALICE, notAPoint)).isEmpty();
    }

    @Test
    void associatedDataIsBound() {
        byte[] aad = "onion layer 3".getBytes(StandardCharsets.UTF_8);
        byte[] box = SealedBox.seal(ALICE.publicKey(), "hop".getBytes(StandardCharsets.UTF_8), aad, RANDOM);
        assertThat(SealedBox.open(ALICE, box, aad)).isPresent();
        assertThat(SealedBox.open(ALICE, box)).isEmpty();
        assertThat(SealedBox.open(ALICE, box, "onion layer 4".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void emptyPlaintextIsAllowed() {
        byte[] box = SealedBox.seal(BOB.publicKey(), new byte[0], RANDOM);
        assertThat(box).hasSize(SealedBox.OVERHEAD);
        assertThat(SealedBox.open(BOB, box)).hasValueSatisfying(p -> assertThat(p).isEmpty());
    }
}
