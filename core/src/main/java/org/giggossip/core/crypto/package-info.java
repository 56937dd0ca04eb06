/**
 * The cryptography of the protocol, by native libsecp256k1 and the JDK: x-only
 * keys and BIP 340 Schnorr signatures over tagged hashes
 * ({@link org.giggossip.core.crypto.PublicKey}, {@link org.giggossip.core.crypto.PrivateKey},
 * {@link org.giggossip.core.crypto.Schnorr}, {@link org.giggossip.core.crypto.Sha256}),
 * ECDSA and compressed keys for BOLT 11 and BOLT 8 ({@link org.giggossip.core.crypto.Ecdsa},
 * {@link org.giggossip.core.crypto.CompressedKeys}), ECDH, HKDF (RFC 5869),
 * ChaCha20-Poly1305 (RFC 8439), encryption to a public key
 * ({@link org.giggossip.core.crypto.SealedBox}) and under a preimage
 * ({@link org.giggossip.core.crypto.SymmetricBox}), and PEM key files.
 *
 * <p>No sockets, threads or clock, and no module of ours. The one class here that
 * touches files is {@link org.giggossip.core.crypto.KeyFile}: a node's key, written
 * owner-only and atomically, refused when others can read it (docs/architecture.md,
 * "Stores": key files).
 */
package org.giggossip.core.crypto;
