package org.giggossip.core.wire;

import java.security.SecureRandom;
import java.util.Objects;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.Schnorr;

/**
 * Signs protocol objects: a BIP 340 signature over
 * {@code Sha256.tagged(tag, body)} (see {@link Tags}). An interface so that a
 * key may live elsewhere (a wallet, a hardware module) and tests can sign
 * deterministically.
 */
public interface Signer {

    /** The key that verifies this signer's signatures. */
    PublicKey publicKey();

    /** A 64-byte BIP 340 signature over {@code Sha256.tagged(tag, body)}. */
    byte[] signTagged(String tag, byte[] body);

    /** Signs with {@code key} and fresh auxiliary randomness from {@code random}. */
    static Signer of(PrivateKey key, SecureRandom random) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(random, "random");
        return new Signer() {
            @Override
            public PublicKey publicKey() {
                return key.publicKey();
            }

            @Override
            public byte[] signTagged(String tag, byte[] body) {
                return Schnorr.signTagged(key, tag, body, random);
            }
        };
    }
}
