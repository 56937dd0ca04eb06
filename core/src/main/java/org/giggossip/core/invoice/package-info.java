/**
 * BOLT 11 payment requests, the invoices of the protocol's hold-invoice payments
 * (seed 000, sections 3.7 and 3.8; docs/architecture.md, "Payments": invoices are
 * BOLT 11 strings).
 *
 * <ul>
 *   <li>{@link org.giggossip.core.invoice.Bolt11}: {@code sign}/{@code encode} a
 *       {@link org.giggossip.core.invoice.Bolt11Builder} with the node's key, and
 *       {@code decode} a string from a peer into a
 *       {@link org.giggossip.core.invoice.Bolt11Invoice} or a
 *       {@link org.giggossip.core.wire.DecodeError} naming the fault. Decoding
 *       never throws and checks the length before it allocates.</li>
 *   <li>{@link org.giggossip.core.invoice.Bolt11Invoice}: the immutable, verified
 *       invoice: amount in millisatoshis, timestamp, payment hash and secret,
 *       description or its hash, expiry, {@code min_final_cltv_expiry}, features,
 *       the payee's 33-byte key, and every tagged field as carried, so it
 *       re-encodes to the same string.</li>
 *   <li>{@link org.giggossip.core.invoice.TaggedField}: one field as carried.</li>
 *   <li>{@link org.giggossip.core.invoice.Bech32}: BIP 173 Bech32 without the
 *       90-character limit, and 8-bit/5-bit conversion.</li>
 * </ul>
 *
 * <p>The payee key is the node's secp256k1 key: the same secret as its x-only
 * id, as a compressed point of either parity
 * ({@link org.giggossip.core.crypto.Ecdsa#compressedPublicKey}).
 *
 * <p>Deliberate strictness beyond the letter of BOLT 11, so that no two readers
 * can see different invoices in one signed string: duplicate read fields, both or
 * neither of {@code d} and {@code h}, a missing payment secret, amounts with
 * leading zeros, and unknown even feature bits are all refused. Decoding checks
 * syntax and the signature; the currency, the expiry against a clock, and the
 * amount are the caller's to judge (docs/style.md 5).
 *
 * <p>Implemented from the specification: BOLT 11 ("Invoice Protocol for
 * Lightning Payments"), BOLT 9 (feature bits) and BIP 173 (Bech32). Tested
 * against the examples of BOLT 11, kept unedited in {@code core/src/test/resources/vectors}.
 *
 * <p>Sans-I/O, like all of {@code core}: no sockets, files, threads or system clock,
 * and no module of ours (docs/style.md 1 and 9).
 */
package org.giggossip.core.invoice;
