package org.giggossip.core.wire;

import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.Schnorr;
import org.giggossip.core.crypto.Sha256;

/** Signers for tests: fixed keys, deterministic signatures, and a fake for fast property tests. */
public final class TestSigners {
    private TestSigners() {}

    /** The key whose secret is the number {@code n} (1 = the generator G). */
    public static PrivateKey key(int n) {
        byte[] secret = new byte[32];
        secret[28] = (byte) (n >>> 24);
        secret[29] = (byte) (n >>> 16);
        secret[30] = (byte) (n >>> 8);
        secret[31] = (byte) n;
        return PrivateKey.of(secret);
    }

    /** Real BIP 340 signatures with aux_rand = 32 zero bytes, so the same input always gives the same signature. */
    public static Signer deterministic(PrivateKey key) {
        return new Signer() {
            @Override
            public PublicKey publicKey() {
                return key.publicKey();
            }

            @Override
            public byte[] signTagged(String tag, byte[] body) {
                return Schnorr.sign(key, Sha256.tagged(tag, body), new byte[32]);
            }
        };
    }

    /** Claims to be {@code claimed} but signs with {@code actual}: a forger, for rejection tests. */
    public static Signer impostor(PublicKey claimed, PrivateKey actual) {
        Signer real = deterministic(actual);
        return new Signer() {
            @Override
            public PublicKey publicKey() {
                return claimed;
            }

            @Override
            public byte[] signTagged(String tag, byte[] body) {
                return real.signTagged(tag, body);
            }
        };
    }

    /**
     * Claims to be {@code key} and returns 64 bytes derived from the message
     * without any curve arithmetic: for property tests of the codecs, which do
     * not verify signatures. Such signatures never verify.
     */
    public static Signer fake(PublicKey key) {
        return new Signer() {
            @Override
            public PublicKey publicKey() {
                return key;
            }

            @Override
            public byte[] signTagged(String tag, byte[] body) {
                byte[] h = Sha256.tagged(tag, body);
                byte[] sig = new byte[64];
                System.arraycopy(h, 0, sig, 0, 32);
                System.arraycopy(h, 0, sig, 32, 32);
                return sig;
            }
        };
    }
}
