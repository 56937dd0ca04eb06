package org.giggossip.core.invoice;

import java.util.Arrays;

/**
 * One tagged field of a BOLT 11 data part, as carried: a 5-bit type and up to
 * 1023 5-bit words of data (BOLT 11, "Tagged Fields"). An invoice keeps every
 * field in order, the ones it interprets and the ones it does not (fallback
 * addresses, route hints, metadata, unknown types, known types of a length it
 * must skip), so that a decoded invoice re-encodes to the same string. Immutable;
 * the words are copied in and out.
 *
 * @param type the field type, 0 to 31; its letter is {@link #tag()}
 * @param words the data, one 5-bit word per byte, at most {@value #MAX_WORDS}
 */
public record TaggedField(int type, byte[] words) {
    /** The largest {@code data_length}: 10 bits. */
    public static final int MAX_WORDS = 1023;
    /** Words in a field's header: the type and the 10-bit length. */
    public static final int HEADER_WORDS = 3;

    /** {@code p}: payment hash, 52 words (256 bits). */
    public static final int PAYMENT_HASH = 1;
    /** {@code r}: route hints, any number of 51-byte hops. */
    public static final int ROUTE_HINT = 3;
    /** {@code 9}: feature bits. */
    public static final int FEATURES = 5;
    /** {@code x}: expiry in seconds, big-endian. */
    public static final int EXPIRY = 6;
    /** {@code f}: fallback on-chain address, a 5-bit version then the program. */
    public static final int FALLBACK = 9;
    /** {@code d}: description, UTF-8. */
    public static final int DESCRIPTION = 13;
    /** {@code s}: payment secret, 52 words (256 bits). */
    public static final int PAYMENT_SECRET = 16;
    /** {@code n}: payee node id, 53 words (33-byte compressed key). */
    public static final int PAYEE = 19;
    /** {@code h}: SHA-256 of the description, 52 words. */
    public static final int DESCRIPTION_HASH = 23;
    /** {@code c}: {@code min_final_cltv_expiry_delta}, big-endian. */
    public static final int MIN_FINAL_CLTV_EXPIRY = 24;
    /** {@code m}: payment metadata. */
    public static final int METADATA = 27;

    public TaggedField {
        if (type < 0 || type > 31) {
            throw new IllegalArgumentException("field type must be 0 to 31, got " + type);
        }
        if (words.length > MAX_WORDS) {
            throw new IllegalArgumentException("field data is " + words.length + " words, at most " + MAX_WORDS);
        }
        words = words.clone();
        for (byte w : words) {
            if ((w & 0xff) > 31) {
                throw new IllegalArgumentException("not a 5-bit word: " + (w & 0xff));
            }
        }
    }

    /** A field of the type with this letter ({@code 'p'}, {@code 'f'}, ...). */
    public static TaggedField of(char tag, byte[] words) {
        int type = Bech32.CHARSET.indexOf(Character.toLowerCase(tag));
        if (type < 0) {
            throw new IllegalArgumentException("not a bech32 character: " + tag);
        }
        return new TaggedField(type, words);
    }

    /** A field whose data is these bytes, padded to whole words with zero bits. */
    public static TaggedField ofBytes(int type, byte[] bytes) {
        return new TaggedField(type, Bech32.toWords(bytes));
    }

    /** The type's letter in the bech32 alphabet ({@code p} for 1, ...). */
    public char tag() {
        return Bech32.CHARSET.charAt(type);
    }

    /** The data, copied. */
    @Override
    public byte[] words() {
        return words.clone();
    }

    /** Package-private view, not copied. */
    byte[] wordsView() {
        return words;
    }

    /** The data as bytes; trailing padding bits are dropped. */
    public byte[] bytes() {
        return Bech32.fromWords(words, 0, words.length);
    }

    /** Words this field takes in the data part, header included. */
    int encodedWords() {
        return HEADER_WORDS + words.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaggedField f && type == f.type && Arrays.equals(words, f.words);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "TaggedField(" + tag() + ", " + words.length + " words)";
    }
}
