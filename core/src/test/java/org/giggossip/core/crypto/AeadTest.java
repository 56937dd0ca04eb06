package org.giggossip.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.giggossip.core.util.Hex;
import org.junit.jupiter.api.Test;

class AeadTest {

    /** RFC 8439 section 2.8.2. */
    private static final byte[] KEY = Hex.decode("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    private static final byte[] NONCE = Hex.decode("070000004041424344454647"); // constant 07000000 || IV
    private static final byte[] AAD = Hex.decode("50515253c0c1c2c3c4c5c6c7");
    private static final byte[] PLAINTEXT = ("Ladies and Gentlemen of the class of '99: If I could offer you only one"
            + " tip for the future, sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
    private static final String CIPHERTEXT = "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
            + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
            + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
            + "3ff4def08e4b7a9de576d26586cec64b6116";
    private static final String TAG = "1ae10b594f09e26a7e902ecbd0600691";

    @Test
    void rfc8439Section282Seal() {
        byte[] sealed = Aead.seal(KEY, NONCE, PLAINTEXT, AAD);
        assertThat(Hex.encode(sealed)).isEqualTo(CIPHERTEXT + TAG);
        assertThat(sealed).hasSize(PLAINTEXT.length + Aead.TAG_SIZE);
    }

    @Test
    void rfc8439Section282Open() {
        assertThat(Aead.open(KEY, NONCE, Hex.decode(CIPHERTEXT + TAG), AAD))
                .hasValueSatisfying(p -> assertThat(p).isEqualTo(PLAINTEXT));
    }

    @Test
    void anyChangeFailsToOpen() {
        byte[] sealed = Hex.decode(CIPHERTEXT + TAG);
        byte[] badTag = sealed.clone();
        badTag[badTag.length - 1] ^= 1;
        byte[] badCiphertext = sealed.clone();
        badCiphertext[0] ^= (byte) 0x80;
        byte[] otherKey = KEY.clone();
        otherKey[31] ^= 1;
        byte[] otherNonce = NONCE.clone();
        otherNonce[0] ^= 1;

        assertThat(Aead.open(KEY, NONCE, badTag, AAD)).isEmpty();
        assertThat(Aead.open(KEY, NONCE, badCiphertext, AAD)).isEmpty();
        assertThat(Aead.open(KEY, NONCE, sealed, Arrays.copyOf(AAD, 11))).isEmpty();
        assertThat(Aead.open(KEY, NONCE, sealed)).as("associated data missing").isEmpty();
        assertThat(Aead.open(otherKey, NONCE, sealed, AAD)).isEmpty();
        assertThat(Aead.open(KEY, otherNonce, sealed, AAD)).isEmpty();
    }

    @Test
    void shortOrMissingInputIsAFailureValueNotAnException() {
        assertThat(Aead.open(KEY, NONCE, null, AAD)).isEmpty();
        assertThat(Aead.open(KEY, NONCE, new byte[0], AAD)).isEmpty();
        assertThat(Aead.open(KEY, NONCE, new byte[Aead.TAG_SIZE - 1], AAD)).isEmpty();
        assertThat(Aead.open(KEY, NONCE, new byte[Aead.TAG_SIZE], AAD)).as("a forged empty message").isEmpty();
    }

    @Test
    void emptyPlaintextRoundTrips() {
        byte[] sealed = Aead.seal(KEY, NONCE, new byte[0]);
        assertThat(sealed).hasSize(Aead.TAG_SIZE);
        assertThat(Aead.open(KEY, NONCE, sealed)).hasValueSatisfying(p -> assertThat(p).isEmpty());
    }

    @Test
    void wrongKeyOrNonceSizeIsAProgrammingError() {
        assertThatThrownBy(() -> Aead.seal(new byte[16], NONCE, PLAINTEXT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Aead.seal(KEY, new byte[8], PLAINTEXT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Aead.open(KEY, new byte[24], new byte[32])).isInstanceOf(IllegalArgumentException.class);
    }
}
