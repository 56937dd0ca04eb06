package org.giggossip.core.pow;

import java.nio.charset.StandardCharsets;
import org.giggossip.core.util.Hex;

/**
 * Golden vectors for the sha256 scheme, computed outside this code base with
 * Python's hashlib:
 * <pre>
 *   work(p, n) = sha256(sha256(p).digest() + struct.pack('>Q', n)).digest()
 * </pre>
 * and the smallest nonces by a plain loop from 0. One vector cross-checked with OpenSSL:
 * <pre>
 *   { printf 'gig-gossip' | openssl dgst -sha256 -binary;
 *     printf '\x00\x00\x00\x00\x00\x00\x00\x01'; } | openssl dgst -sha256 -hex
 * </pre>
 */
final class PowVectors {
    private PowVectors() {}

    static final byte[] PAYLOAD = "gig-gossip".getBytes(StandardCharsets.US_ASCII);

    /** sha256("gig-gossip"), the first 32 bytes of every attempt block for PAYLOAD. */
    static final byte[] PAYLOAD_DIGEST =
        Hex.decode("46874e2e7c71a7dd47c5b2c3dff6194d01cee253b9aa2d773f0d16a00e924d0a");

    /** work("", 0): payload empty (its sha256 is e3b0c442...b855), nonce 0. */
    static final byte[] WORK_EMPTY_0 =
        Hex.decode("5c5d42dcf39f71c0226ca720d8d518db615b5773f038e5e491963f6f47621bbd");
    /** work("gig-gossip", 1); the OpenSSL cross-checked vector. */
    static final byte[] WORK_1 =
        Hex.decode("dfecc57c32db3b4a7fbb85c1e2efe374e44a18897ee34173d3cbe80765ee87f3");
    /** work("gig-gossip", 0x0102030405060708): checks the nonce's byte order. */
    static final long NONCE_BYTES = 0x0102030405060708L;
    static final byte[] WORK_BYTES =
        Hex.decode("d61a80e7dd872a7343b1ca68a096428b2cdf0e0f28b950d6337db7cdab72b7fc");
    /** work("gig-gossip", 2^64 - 1): the nonce is unsigned. */
    static final byte[] WORK_MAX_NONCE =
        Hex.decode("080aa216e54fa942d908cd7e5095d423942f6a99170733f031a850053d3c04fd");

    /** Smallest nonce from 0 whose work for PAYLOAD has 8 (indeed 12) leading zero bits. */
    static final long NONCE_8_BITS = 183;
    static final byte[] WORK_8_BITS =
        Hex.decode("000b17d7509fc9dd4ea05c6cbc721571850d442de0fac3fb4846597c6141d633");
    /** Smallest nonce from 0 whose work for PAYLOAD has 16 (indeed 20) leading zero bits. */
    static final long NONCE_20_BITS = 22179;
    static final byte[] WORK_20_BITS =
        Hex.decode("00000cfba7158868bf5e21e42e8243a59bcfae00bc7bcf40e45960215c8f9eba");

    /** The target with {@code bits} leading zero bits: 2^(256-bits) - 1, i.e. difficulty 2^bits. */
    static Target zeroBits(int bits) {
        return Target.fromDifficulty(Math.scalb(1.0, bits));
    }
}
