package org.giggossip.net.noise;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction of a BOLT 8 transport: a ChaCha20-Poly1305 key, its 64-bit nonce
 * counter and its chaining key. After 1000 uses of a key (500 messages: a length
 * and a body each) it rotates: {@code ck', k' = HKDF(ck, k)} and the nonce starts
 * again at 0 (BOLT 8, "Lightning Message Key Rotation").
 *
 * <p>Reuses one {@link Cipher} and one nonce buffer. Not thread-safe.
 */
final class CipherState {
    /** Uses of a key before it rotates. */
    static final int ROTATE_AFTER = 1000;

    private final Cipher cipher;
    private final byte[] nonce = new byte[12];
    private byte[] ck;
    private byte[] k;
    private SecretKeySpec keySpec;
    private long n;

    CipherState(byte[] ck, byte[] k) {
        this.ck = ck.clone();
        this.k = k.clone();
        this.keySpec = new SecretKeySpec(this.k, "ChaCha20");
        try {
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new AssertionError("every JDK since 11 provides ChaCha20-Poly1305", e);
        }
    }

    /** Seals {@code len} bytes of {@code in} at {@code inOff} into {@code out} at {@code outOff} ({@code len + 16} bytes). */
    void seal(byte[] in, int inOff, int len, byte[] out, int outOff) {
        try {
            init(Cipher.ENCRYPT_MODE);
            cipher.doFinal(in, inOff, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("ChaCha20-Poly1305 encryption cannot fail on a valid key and nonce", e);
        }
        advance();
    }

    /**
     * Opens {@code len} sealed bytes (ciphertext and tag) into {@code out}; false
     * when they do not authenticate. The nonce advances either way (the session is
     * closed on a failure, so it is never used again).
     */
    boolean open(byte[] in, int inOff, int len, byte[] out, int outOff) {
        try {
            init(Cipher.DECRYPT_MODE);
            cipher.doFinal(in, inOff, len, out, outOff);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        } finally {
            advance();
        }
    }

    private void init(int mode) throws GeneralSecurityException {
        long v = n;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (v >>> (8 * i));
        }
        cipher.init(mode, keySpec, new IvParameterSpec(nonce));
    }

    private void advance() {
        if (++n == ROTATE_AFTER) {
            byte[][] ckK = Bolt8Handshake.hkdf(ck, k);
            Arrays.fill(ck, (byte) 0);
            Arrays.fill(k, (byte) 0);
            ck = ckK[0];
            k = ckK[1];
            keySpec = new SecretKeySpec(k, "ChaCha20");
            n = 0;
        }
    }
}
