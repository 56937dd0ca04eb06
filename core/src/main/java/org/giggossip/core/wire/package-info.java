/**
 * The frames of the protocol and their encoding (whitepaper §3.3 to §3.9;
 * docs/protocol.md §2; the schema is {@code core/src/main/proto/giggossip.proto}):
 * every {@link org.giggossip.core.wire.Frame}, the signed objects (requests,
 * certificates, revocation lists, settlement promises, each under its own BIP 340
 * tag), the ids and hashes, and {@link org.giggossip.core.wire.FrameCodec}.
 *
 * <p>Decoding checks form only (docs/style.md 4 and 5): the size against
 * {@link org.giggossip.core.wire.WireLimits} before anything is parsed, then every
 * field; it never throws, answering a {@link org.giggossip.core.wire.Decoded} value.
 * Meaning (expiry, signatures, trust) is judged by validators elsewhere.
 * Sans-I/O, like all of {@code core}: no sockets, files, threads or system clock,
 * and no module of ours (docs/style.md 1 and 9).
 */
package org.giggossip.core.wire;
