package org.giggossip.core.invoice;

import java.util.Arrays;
import java.util.Objects;
import org.giggossip.core.wire.DecodeError.Reason;
import org.giggossip.core.wire.Decoded;

/**
 * Bech32 (BIP 173; not the bech32m variant of BIP 350), as BOLT 11 uses it:
 * without BIP 173's 90-character limit, up to a caller's limit, which is checked
 * before anything is allocated. Data is carried as 5-bit words, one per byte
 * (values 0 to 31); {@link #toWords} and {@link #fromWords} convert from and to
 * bytes.
 *
 * <p>Decoding follows BIP 173: the separator is the last {@code 1}; the
 * human-readable part has at least one character in the range 33 to 126; the
 * data part has at least the six checksum characters; a string is all lower case
 * or all upper case, never mixed; the checksum must hold. Encoding writes lower
 * case. Neither uses regular expressions.
 */
public final class Bech32 {
    /** The 32 characters of the data part, indexed by word value. */
    static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    /** Characters in the checksum. */
    public static final int CHECKSUM_LENGTH = 6;

    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    /** Word value of each lower-case ASCII character, or -1. */
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < CHARSET.length(); i++) {
            VALUES[CHARSET.charAt(i)] = (byte) i;
        }
    }

    private Bech32() {}

    /**
     * A decoded string: its human-readable part (lower case) and its data words
     * without the checksum.
     */
    public record Parts(String hrp, byte[] words) {
        public Parts {
            Objects.requireNonNull(hrp, "hrp");
            words = words.clone();
        }

        @Override
        public byte[] words() {
            return words.clone();
        }

        /** Package-private view, not copied. */
        byte[] wordsView() {
            return words;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Parts p && hrp.equals(p.hrp) && Arrays.equals(words, p.words);
        }

        @Override
        public int hashCode() {
            return 31 * hrp.hashCode() + Arrays.hashCode(words);
        }

        @Override
        public String toString() {
            return "Bech32.Parts(" + hrp + ", " + words.length + " words)";
        }
    }

    /**
     * Encodes a human-readable part and 5-bit words, in lower case. Throws
     * {@link IllegalArgumentException} for an empty part, a character outside 33
     * to 126, or a word above 31: the input is local, not hostile.
     */
    public static String encode(String hrp, byte[] words) {
        String lower = requireHrp(hrp);
        for (byte w : words) {
            if ((w & 0xff) > 31) {
                throw new IllegalArgumentException("not a 5-bit word: " + (w & 0xff));
            }
        }
        int checksum = polymod(lower, words);
        for (int i = 0; i < CHECKSUM_LENGTH; i++) {
            checksum = step(checksum, 0); // the six checksum words, as zeros
        }
        checksum ^= 1;
        StringBuilder sb = new StringBuilder(lower.length() + 1 + words.length + CHECKSUM_LENGTH);
        sb.append(lower).append('1');
        for (byte w : words) {
            sb.append(CHARSET.charAt(w));
        }
        for (int i = 0; i < CHECKSUM_LENGTH; i++) {
            sb.append(CHARSET.charAt((checksum >>> (5 * (CHECKSUM_LENGTH - 1 - i))) & 31));
        }
        return sb.toString();
    }

    /**
     * Decodes a Bech32 string of at most {@code maxLength} characters. Never
     * throws: any fault is an error naming it ({@link Reason#TOO_LARGE} for the
     * length, {@link Reason#MALFORMED} for the rest).
     */
    public static Decoded<Parts> decode(String s, int maxLength) {
        if (s == null) {
            return Decoded.err(Reason.MISSING_FIELD, "bech32: no input");
        }
        int length = s.length();
        if (length > maxLength) {
            return Decoded.err(Reason.TOO_LARGE, "bech32: " + length + " characters, at most " + maxLength);
        }
        boolean lower = false;
        boolean upper = false;
        int separator = -1;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 33 || c > 126) {
                return Decoded.err(Reason.MALFORMED, "bech32: character " + (int) c + " at " + i + " is not printable ASCII");
            }
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
            if (c == '1') {
                separator = i;
            }
        }
        if (lower && upper) {
            return Decoded.err(Reason.MALFORMED, "bech32: mixed upper and lower case");
        }
        if (separator < 1) {
            return Decoded.err(Reason.MALFORMED, separator < 0
                    ? "bech32: no separator '1'" : "bech32: empty human-readable part");
        }
        if (length - separator - 1 < CHECKSUM_LENGTH) {
            return Decoded.err(Reason.MALFORMED, "bech32: data part shorter than the checksum");
        }
        String hrp = toLower(s, 0, separator);
        byte[] data = new byte[length - separator - 1];
        for (int i = 0; i < data.length; i++) {
            char c = toLower(s.charAt(separator + 1 + i));
            byte v = VALUES[c]; // c is printable ASCII, checked above
            if (v < 0) {
                return Decoded.err(Reason.MALFORMED, "bech32: '" + c + "' at " + (separator + 1 + i)
                        + " is not a data character");
            }
            data[i] = v;
        }
        if (polymod(hrp, data) != 1) {
            return Decoded.err(Reason.MALFORMED, "bech32: bad checksum");
        }
        return Decoded.ok(new Parts(hrp, Arrays.copyOf(data, data.length - CHECKSUM_LENGTH)));
    }

    // ---- 8-bit bytes <-> 5-bit words -------------------------------------------

    /** Bytes as 5-bit words, big-endian, the last word padded with zero bits. */
    public static byte[] toWords(byte[] bytes) {
        return regroup(bytes, 0, bytes.length, 8, 5, true);
    }

    /**
     * {@code count} words from {@code offset} as bytes, big-endian; trailing bits
     * that do not fill a byte (the writer's padding) are dropped.
     */
    public static byte[] fromWords(byte[] words, int offset, int count) {
        return regroup(words, offset, count, 5, 8, false);
    }

    /**
     * {@code count} words from {@code offset} as bytes, the last byte padded with
     * zero bits: how BOLT 11 turns the data part into the signed bytes.
     */
    public static byte[] fromWordsPadded(byte[] words, int offset, int count) {
        return regroup(words, offset, count, 5, 8, true);
    }

    private static byte[] regroup(byte[] in, int offset, int count, int fromBits, int toBits, boolean pad) {
        Objects.checkFromIndexSize(offset, count, in.length);
        long totalBits = (long) count * fromBits;
        int outLength = (int) (pad ? (totalBits + toBits - 1) / toBits : totalBits / toBits);
        byte[] out = new byte[outLength];
        int mask = (1 << toBits) - 1;
        int acc = 0;
        int bits = 0;
        int o = 0;
        for (int i = offset; i < offset + count; i++) {
            acc = (acc << fromBits) | (in[i] & ((1 << fromBits) - 1));
            bits += fromBits;
            while (bits >= toBits) {
                bits -= toBits;
                out[o++] = (byte) ((acc >>> bits) & mask);
            }
            acc &= (1 << bits) - 1;
        }
        if (pad && bits > 0) {
            out[o] = (byte) ((acc << (toBits - bits)) & mask);
        }
        return out;
    }

    // ---- checksum ----------------------------------------------------------------

    /** BIP 173 checksum state over the expanded human-readable part and the words. */
    private static int polymod(String hrp, byte[] words) {
        int chk = 1;
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk, hrp.charAt(i) >>> 5);
        }
        chk = step(chk, 0);
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk, hrp.charAt(i) & 31);
        }
        for (byte w : words) {
            chk = step(chk, w);
        }
        return chk;
    }

    private static int step(int chk, int value) {
        int top = chk >>> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        for (int i = 0; i < 5; i++) {
            if (((top >>> i) & 1) != 0) {
                chk ^= GENERATOR[i];
            }
        }
        return chk;
    }

    private static String requireHrp(String hrp) {
        Objects.requireNonNull(hrp, "hrp");
        if (hrp.isEmpty()) {
            throw new IllegalArgumentException("empty human-readable part");
        }
        for (int i = 0; i < hrp.length(); i++) {
            char c = hrp.charAt(i);
            if (c < 33 || c > 126) {
                throw new IllegalArgumentException("human-readable part has character " + (int) c);
            }
        }
        return toLower(hrp, 0, hrp.length());
    }

    private static String toLower(String s, int from, int to) {
        char[] chars = new char[to - from];
        for (int i = from; i < to; i++) {
            chars[i - from] = toLower(s.charAt(i));
        }
        return new String(chars);
    }

    private static char toLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
