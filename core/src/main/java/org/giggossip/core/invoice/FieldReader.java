package org.giggossip.core.invoice;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import org.giggossip.core.wire.DecodeError.Reason;
import org.giggossip.core.wire.Hash32;

/**
 * Reads the tagged fields of an invoice into their meaning, by the reader
 * requirements of BOLT 11 ("Tagged Fields", "Feature Bits"). The encoder runs
 * the same reader over what it is about to sign, so every invoice it writes is
 * one the decoder accepts with the same meaning.
 *
 * <p>What it does with each field:
 * <ul>
 *   <li>{@code p}, {@code s}, {@code h} of 52 words and {@code n} of 53 are read;
 *       of any other length they are skipped, as BOLT 11 requires;</li>
 *   <li>{@code d} must be valid UTF-8; {@code x} and {@code c} are big-endian
 *       numbers of any length whose value fits 60 bits ({@code c}: 31 bits);</li>
 *   <li>{@code 9}: a set even bit this reader does not know fails the invoice
 *       ("it's OK to be odd"); unknown odd bits are kept and ignored;</li>
 *   <li>{@code f}, {@code r}, {@code m} and unknown types are kept, unread.</li>
 * </ul>
 * Stricter than the letter of BOLT 11, where ambiguity could make two readers see
 * different invoices in one signed string: a second read {@code p}, {@code s},
 * {@code d}, {@code h}, {@code n}, {@code x}, {@code c} or {@code 9} fails the
 * invoice (a payer would otherwise have to guess which one counts), as does
 * having both {@code d} and {@code h} or neither. A missing {@code p} or {@code s}
 * fails it, as the BOLT 11 examples require.
 */
final class FieldReader {
    /** Expiry when {@code x} is absent (BOLT 11). */
    static final long DEFAULT_EXPIRY_SECONDS = 3600;
    /** {@code min_final_cltv_expiry_delta} when {@code c} is absent (BOLT 11). */
    static final int DEFAULT_MIN_FINAL_CLTV_EXPIRY = 18;
    /** Words in a 256-bit field ({@code p}, {@code s}, {@code h}). */
    static final int HASH_WORDS = 52;
    /** Words in a 33-byte field ({@code n}). */
    static final int PUBKEY_WORDS = 53;
    /** Significant words in a number field: 60 bits, so every value fits a long. */
    static final int MAX_NUMBER_WORDS = 12;

    /**
     * Feature bits BOLT 9 assigns to invoices (context 9): var_onion_optin (8/9),
     * payment_secret (14/15), basic_mpp (16/17), option_route_blinding (24/25),
     * option_payment_metadata (48/49).
     */
    private static final BitSet KNOWN_FEATURES = new BitSet();

    static {
        for (int bit : new int[] {8, 14, 16, 24, 48}) {
            KNOWN_FEATURES.set(bit);
            KNOWN_FEATURES.set(bit + 1);
        }
    }

    private FieldReader() {}

    /**
     * What an invoice's fields say.
     *
     * @param description null when the invoice has {@code h}
     * @param descriptionHash null when the invoice has {@code d}
     * @param payee the {@code n} field, or null
     */
    record Meaning(Hash32 paymentHash, byte[] paymentSecret, String description, Hash32 descriptionHash,
                   byte[] payee, long expirySeconds, int minFinalCltvExpiry, BitSet features) {}

    static Meaning read(List<TaggedField> fields) throws InvoiceFault {
        Hash32 paymentHash = null;
        byte[] paymentSecret = null;
        String description = null;
        Hash32 descriptionHash = null;
        Long expiry = null;
        Integer cltv = null;
        BitSet features = null;
        for (TaggedField f : fields) {
            byte[] w = f.wordsView();
            switch (f.type()) {
                case TaggedField.PAYMENT_HASH -> {
                    if (w.length == HASH_WORDS) {
                        once(paymentHash, f);
                        paymentHash = Hash32.of(f.bytes());
                    }
                }
                case TaggedField.PAYMENT_SECRET -> {
                    if (w.length == HASH_WORDS) {
                        once(paymentSecret, f);
                        paymentSecret = f.bytes();
                    }
                }
                case TaggedField.DESCRIPTION_HASH -> {
                    if (w.length == HASH_WORDS) {
                        once(descriptionHash, f);
                        descriptionHash = Hash32.of(f.bytes());
                    }
                }
                case TaggedField.DESCRIPTION -> {
                    once(description, f);
                    description = utf8(f.bytes());
                }
                case TaggedField.EXPIRY -> {
                    once(expiry, f);
                    expiry = number(w, "expiry");
                }
                case TaggedField.MIN_FINAL_CLTV_EXPIRY -> {
                    once(cltv, f);
                    long blocks = number(w, "min_final_cltv_expiry");
                    if (blocks > Integer.MAX_VALUE) {
                        throw new InvoiceFault(Reason.OUT_OF_RANGE, "min_final_cltv_expiry " + blocks + " is too large");
                    }
                    cltv = (int) blocks;
                }
                case TaggedField.FEATURES -> {
                    once(features, f);
                    features = features(w);
                }
                default -> { } // f, r, m and unknown types: kept in the field list, not read
            }
        }
        if (paymentHash == null) {
            throw new InvoiceFault(Reason.MISSING_FIELD, "no payment hash (p field of 52 words)");
        }
        if (paymentSecret == null) {
            throw new InvoiceFault(Reason.MISSING_FIELD, "no payment secret (s field of 52 words)");
        }
        if ((description == null) == (descriptionHash == null)) {
            throw new InvoiceFault(description == null ? Reason.MISSING_FIELD : Reason.INVALID_VALUE,
                    "must have exactly one of a description (d) and a description hash (h)");
        }
        return new Meaning(paymentHash, paymentSecret, description, descriptionHash, payee(fields),
                expiry == null ? DEFAULT_EXPIRY_SECONDS : expiry,
                cltv == null ? DEFAULT_MIN_FINAL_CLTV_EXPIRY : cltv,
                features == null ? new BitSet() : features);
    }

    /** The {@code n} field of 53 words, or null; a second one fails the invoice. */
    static byte[] payee(List<TaggedField> fields) throws InvoiceFault {
        byte[] payee = null;
        for (TaggedField f : fields) {
            if (f.type() == TaggedField.PAYEE && f.wordsView().length == PUBKEY_WORDS) {
                once(payee, f);
                payee = f.bytes();
            }
        }
        return payee;
    }

    private static void once(Object previous, TaggedField f) throws InvoiceFault {
        if (previous != null) {
            throw new InvoiceFault(Reason.INVALID_VALUE, "more than one '" + f.tag() + "' field");
        }
    }

    private static String utf8(byte[] bytes) throws InvoiceFault {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvoiceFault(Reason.INVALID_VALUE, "description is not valid UTF-8");
        }
    }

    /** A big-endian number of 5-bit words; leading zero words are allowed. */
    private static long number(byte[] words, String what) throws InvoiceFault {
        int first = 0;
        while (first < words.length && words[first] == 0) {
            first++;
        }
        if (words.length - first > MAX_NUMBER_WORDS) {
            throw new InvoiceFault(Reason.OUT_OF_RANGE, what + " has more than " + (5 * MAX_NUMBER_WORDS) + " bits");
        }
        long value = 0;
        for (int i = first; i < words.length; i++) {
            value = (value << 5) | words[i];
        }
        return value;
    }

    /** Bit 0 is the least significant bit of the last word. */
    private static BitSet features(byte[] words) throws InvoiceFault {
        BitSet bits = new BitSet(words.length * 5);
        for (int i = 0; i < words.length; i++) {
            int word = words[words.length - 1 - i];
            for (int b = 0; b < 5; b++) {
                if (((word >>> b) & 1) != 0) {
                    bits.set(5 * i + b);
                }
            }
        }
        for (int bit = bits.nextSetBit(0); bit >= 0; bit = bits.nextSetBit(bit + 1)) {
            if (bit % 2 == 0 && !KNOWN_FEATURES.get(bit)) {
                throw new InvoiceFault(Reason.UNSUPPORTED_VERSION, "requires unknown feature bit " + bit);
            }
        }
        return bits;
    }

    // ---- the writer's side: values to words --------------------------------------

    /** A number as the fewest big-endian words (one word for zero). */
    static byte[] numberWords(long value) {
        if (value < 0 || (value >>> (5 * MAX_NUMBER_WORDS)) != 0) {
            throw new IllegalArgumentException("number must be 0 to 2^60 - 1, got " + value);
        }
        int n = 1;
        while (n < MAX_NUMBER_WORDS && (value >>> (5 * n)) != 0) {
            n++;
        }
        byte[] words = new byte[n];
        for (int i = 0; i < n; i++) {
            words[n - 1 - i] = (byte) ((value >>> (5 * i)) & 31);
        }
        return words;
    }

    /** Feature bits as the fewest words. */
    static byte[] featureWords(BitSet bits) {
        int n = (bits.length() + 4) / 5;
        byte[] words = new byte[n];
        for (int bit = bits.nextSetBit(0); bit >= 0; bit = bits.nextSetBit(bit + 1)) {
            words[n - 1 - bit / 5] |= (byte) (1 << (bit % 5));
        }
        return words;
    }
}
