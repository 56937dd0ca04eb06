package org.giggossip.core.onion;

import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.WireLimits;

/**
 * The layout of a fixed-size backward onion (seed 3.5) holding at most
 * {@link #maxHops} return hops. Every onion of one format has the same
 * {@link #size()}, whatever its depth:
 * <pre>
 *   ephemeral   32 bytes            x-only public key E of this layer (BIP 340, even Y)
 *   mac         16 bytes            M: HMAC-SHA256 of slot 0's ciphertext, truncated;
 *                                   or the terminal tag of a customer's own layer
 *   body        maxHops * 80 bytes  ChaCha20 ciphertext, one 80-byte slot per hop
 * </pre>
 * and a slot's plaintext is
 * <pre>
 *   next hop    32 bytes   x-only public key of the node to send the reply to
 *   inner E     32 bytes   the ephemeral key of the layer underneath
 *   inner M     16 bytes   the MAC of the layer underneath
 * </pre>
 * {@link #DEFAULT} ({@value #DEFAULT_MAX_HOPS} hops, 2,608 bytes) far exceeds the
 * depth of a gossip broadcast. See the package documentation for the construction.
 *
 * @param maxHops the number of slots: replies from at most this many hops away
 *     return; from 1 up to what fits in {@link WireLimits#MAX_ONION_BYTES}
 */
public record OnionFormat(int maxHops) {
    /** Bytes of the header's ephemeral public key E. */
    public static final int EPHEMERAL_SIZE = PublicKey.SIZE;
    /** Bytes of the header's MAC M (truncated HMAC-SHA256). */
    public static final int MAC_SIZE = 16;
    /** Bytes of the header: E then M. */
    public static final int HEADER_SIZE = EPHEMERAL_SIZE + MAC_SIZE;
    /** Bytes of one slot: next hop, inner E, inner M. */
    public static final int SLOT_SIZE = PublicKey.SIZE + HEADER_SIZE;
    /** Slots in the {@link #DEFAULT} format. */
    public static final int DEFAULT_MAX_HOPS = 32;
    /** The format the protocol uses: {@value #DEFAULT_MAX_HOPS} hops, 2,608 bytes. */
    public static final OnionFormat DEFAULT = new OnionFormat(DEFAULT_MAX_HOPS);

    /** Checks that the onion has at least one slot and fits in a frame. */
    public OnionFormat {
        if (maxHops < 1 || HEADER_SIZE + (long) maxHops * SLOT_SIZE > WireLimits.MAX_ONION_BYTES) {
            throw new IllegalArgumentException("maxHops must be from 1 to "
                    + (WireLimits.MAX_ONION_BYTES - HEADER_SIZE) / SLOT_SIZE + ", not " + maxHops);
        }
    }

    /** Bytes of the body: {@code maxHops} slots. */
    public int bodySize() {
        return maxHops * SLOT_SIZE;
    }

    /** Bytes of every onion of this format: header and body. */
    public int size() {
        return HEADER_SIZE + bodySize();
    }
}
