package org.giggossip.core.onion;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.giggossip.core.crypto.Ecdh;
import org.giggossip.core.crypto.Hkdf;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.testing.TestRandom;
import org.junit.jupiter.api.Test;

/**
 * The bytes follow the construction the package documentation describes,
 * recomputed here from the JDK's ChaCha20 and HMAC-SHA256 and core's ECDH and
 * HKDF, field by field.
 */
class OnionConstructionTest {
    private final OnionRoute route = OnionRoute.ofHops(2, 70); // customer C, middleman X, replier Y
    private final List<byte[]> held = route.broadcast(BackwardOnion.DEFAULT, TestRandom.seeded(71));

    @Test
    void aWrappedLayerIsEphemeralKeyMacOfSlotZeroAndTheEncryptedShiftedOnion() throws Exception {
        PrivateKey x = route.nodes().get(1);
        PrivateKey y = route.replier();
        byte[] sealedToX = held.get(1);
        byte[] sealedToY = held.get(2);

        byte[] prk = prk(y, sealedToY);
        byte[] body = Arrays.copyOfRange(sealedToY, 48, 2608);
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(Hkdf.expand(prk, "giggossip/v1/onion/mac".getBytes(US_ASCII), 32), "HmacSHA256"));
        byte[] mac = Arrays.copyOf(hmac.doFinal(Arrays.copyOf(body, 80)), 16);
        Cipher chacha = Cipher.getInstance("ChaCha20");
        chacha.init(Cipher.DECRYPT_MODE,
                new SecretKeySpec(Hkdf.expand(prk, "giggossip/v1/onion/stream".getBytes(US_ASCII), 32), "ChaCha20"),
                new ChaCha20ParameterSpec(new byte[12], 0));
        byte[] plaintext = chacha.doFinal(body);

        assertThat(Arrays.copyOfRange(sealedToY, 32, 48)).as("M").isEqualTo(mac);
        assertThat(Arrays.copyOfRange(plaintext, 0, 32)).as("slot 0: next hop").isEqualTo(x.publicKey().bytes());
        assertThat(Arrays.copyOfRange(plaintext, 32, 80)).as("slot 0: inner E and M")
                .isEqualTo(Arrays.copyOfRange(sealedToX, 0, 48));
        assertThat(Arrays.copyOfRange(plaintext, 80, 2560)).as("slots 1..31: the inner body but its last slot")
                .isEqualTo(Arrays.copyOfRange(sealedToX, 48, 2528));
    }

    @Test
    void anOriginCarriesTheTerminalTagInTheMacsPlace() {
        byte[] origin = held.getFirst();

        byte[] tag = Hkdf.expand(prk(route.customer(), origin), "giggossip/v1/onion/terminal".getBytes(US_ASCII), 16);

        assertThat(Arrays.copyOfRange(origin, 32, 48)).isEqualTo(tag);
    }

    /** HKDF-Extract(salt = E || recipient, IKM = ECDH(recipient, E)) of the layer sealed to {@code recipient}. */
    private static byte[] prk(PrivateKey recipient, byte[] onion) {
        byte[] e = Arrays.copyOf(onion, 32);
        byte[] salt = Arrays.copyOf(e, 64);
        System.arraycopy(recipient.publicKey().bytes(), 0, salt, 32, 32);
        return Hkdf.extract(salt, Ecdh.sharedSecret(recipient, PublicKey.of(e)));
    }
}
