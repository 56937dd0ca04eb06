package org.giggossip.core.onion;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.giggossip.core.crypto.Ecdh;
import org.giggossip.core.crypto.Hkdf;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;

/**
 * The keys of one onion layer, derived from the layer's ephemeral key E and its
 * recipient R (see the package documentation):
 * <pre>
 *   PRK      = HKDF-Extract(salt = E || R, IKM = Ecdh.sharedSecret)
 *   stream   = HKDF-Expand(PRK, "giggossip/v1/onion/stream",   32)   ChaCha20 key, nonce 0, counter 0
 *   mac      = HKDF-Expand(PRK, "giggossip/v1/onion/mac",      32)   HMAC-SHA256 key
 *   terminal = HKDF-Expand(PRK, "giggossip/v1/onion/terminal", 16)   the terminal tag
 * </pre>
 * Every layer has a fresh E, so every key serves one layer and the fixed nonce
 * never repeats under a key. Close to wipe the keys.
 */
final class LayerKeys implements AutoCloseable {
    static final byte[] STREAM_INFO = ascii("giggossip/v1/onion/stream");
    static final byte[] MAC_INFO = ascii("giggossip/v1/onion/mac");
    static final byte[] TERMINAL_INFO = ascii("giggossip/v1/onion/terminal");

    private static final int KEY_SIZE = 32;
    private static final String STREAM_CIPHER = "ChaCha20";
    private static final String HMAC = "HmacSHA256";
    private static final byte[] ZERO_NONCE = new byte[12];

    private final byte[] streamKey;
    private final byte[] macKey;
    private final byte[] terminalTag;

    private LayerKeys(byte[] prk) {
        this.streamKey = Hkdf.expand(prk, STREAM_INFO, KEY_SIZE);
        this.macKey = Hkdf.expand(prk, MAC_INFO, KEY_SIZE);
        this.terminalTag = Hkdf.expand(prk, TERMINAL_INFO, OnionFormat.MAC_SIZE);
    }

    /** The keys of a layer the caller seals to {@code recipient} with the fresh {@code ephemeral} key. */
    static LayerKeys forSender(PrivateKey ephemeral, PublicKey recipient) {
        return derive(ephemeral, recipient, ephemeral.publicKey(), recipient);
    }

    /** The keys of a layer sealed to {@code recipient} under {@code ephemeral}; may throw on a point libsecp256k1 refuses. */
    static LayerKeys forRecipient(PrivateKey recipient, PublicKey ephemeral) {
        return derive(recipient, ephemeral, ephemeral, recipient.publicKey());
    }

    private static LayerKeys derive(PrivateKey ours, PublicKey theirs, PublicKey ephemeral, PublicKey recipient) {
        byte[] shared = Ecdh.sharedSecret(ours, theirs);
        byte[] salt = new byte[2 * PublicKey.SIZE];
        System.arraycopy(ephemeral.bytes(), 0, salt, 0, PublicKey.SIZE);
        System.arraycopy(recipient.bytes(), 0, salt, PublicKey.SIZE, PublicKey.SIZE);
        byte[] prk = Hkdf.extract(salt, shared);
        try {
            return new LayerKeys(prk);
        } finally {
            Arrays.fill(shared, (byte) 0);
            Arrays.fill(prk, (byte) 0);
        }
    }

    /** ChaCha20 of {@code length} bytes of {@code data} from {@code offset}: encrypts or decrypts (XOR with the stream). */
    byte[] crypt(byte[] data, int offset, int length) {
        try {
            // A new Cipher each time: instances are not thread-safe, and the JDK refuses to
            // encrypt twice under one key and nonce with one instance.
            Cipher cipher = Cipher.getInstance(STREAM_CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(streamKey, STREAM_CIPHER),
                    new ChaCha20ParameterSpec(ZERO_NONCE, 0));
            return cipher.doFinal(data, offset, length);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("every JDK since 11 provides ChaCha20", e);
        }
    }

    /** The MAC of the slot at {@code offset} in {@code onion}: HMAC-SHA256 of its 80 bytes, truncated to 16. */
    byte[] slotMac(byte[] onion, int offset) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(macKey, HMAC));
            mac.update(onion, offset, OnionFormat.SLOT_SIZE);
            return Arrays.copyOf(mac.doFinal(), OnionFormat.MAC_SIZE);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("every JDK provides HmacSHA256", e);
        }
    }

    /** The 16 bytes that stand in the MAC's place in a customer's terminal layer; copied. */
    byte[] terminalTag() {
        return terminalTag.clone();
    }

    @Override
    public void close() {
        Arrays.fill(streamKey, (byte) 0);
        Arrays.fill(macKey, (byte) 0);
        Arrays.fill(terminalTag, (byte) 0);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
