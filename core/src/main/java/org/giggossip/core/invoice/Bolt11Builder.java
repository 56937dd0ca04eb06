package org.giggossip.core.invoice;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.giggossip.core.wire.Hash32;

/**
 * The fields of an invoice before it is signed; {@link Bolt11#sign} or
 * {@link Bolt11#encode} turns them into an invoice. Each field method appends one
 * tagged field, so fields are written in the order of the calls (BOLT 11: a
 * writer that offers more than one field of a type puts the preferred first).
 *
 * <p>A minimal hold invoice: {@code Bolt11Invoice.builder("bc").amountMsat(a)
 * .timestamp(clock.instant()).paymentHash(h).paymentSecret(s).description(memo)
 * .expiry(d)}. Whether the whole is a valid invoice (one payment hash, one
 * payment secret, a description or its hash, no unknown even feature bit) is
 * checked when it is signed, by the same reader that decodes.
 *
 * <p>Mutable and not thread-safe; methods throw {@link IllegalArgumentException}
 * for a value no invoice can carry.
 */
public final class Bolt11Builder {
    /** The last second a 35-bit timestamp can name. */
    static final long MAX_TIMESTAMP = (1L << 35) - 1;
    /** The most UTF-8 bytes a {@code d} field holds: 1023 words of 5 bits. */
    public static final int MAX_DESCRIPTION_BYTES = TaggedField.MAX_WORDS * 5 / 8;

    private final String currency;
    private OptionalLong amountMsat = OptionalLong.empty();
    private Instant timestamp;
    private final List<TaggedField> fields = new ArrayList<>();

    Bolt11Builder(String currency) {
        this.currency = HumanReadablePart.of(currency, OptionalLong.empty()).currency();
    }

    /** The amount, 1 msat to 21 million bitcoin; without it the payer chooses. */
    public Bolt11Builder amountMsat(long msat) {
        this.amountMsat = HumanReadablePart.of(currency, OptionalLong.of(msat)).amountMsat();
        return this;
    }

    /** The creation time (required), truncated to whole seconds; 1970 to 3058 (35 bits). */
    public Bolt11Builder timestamp(Instant time) {
        long seconds = time.getEpochSecond();
        if (seconds < 0 || seconds > MAX_TIMESTAMP) {
            throw new IllegalArgumentException("timestamp must be 0 to 2^35 - 1 seconds after 1970: " + time);
        }
        this.timestamp = Instant.ofEpochSecond(seconds);
        return this;
    }

    /** Appends {@code p}: the payment hash. */
    public Bolt11Builder paymentHash(Hash32 hash) {
        return field(TaggedField.ofBytes(TaggedField.PAYMENT_HASH, hash.bytes()));
    }

    /** Appends {@code s}: the 32-byte payment secret. */
    public Bolt11Builder paymentSecret(byte[] secret) {
        return field(TaggedField.ofBytes(TaggedField.PAYMENT_SECRET, requireLength(secret, 32, "payment secret")));
    }

    /** Appends {@code d}: a description of at most {@value #MAX_DESCRIPTION_BYTES} UTF-8 bytes. */
    public Bolt11Builder description(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_DESCRIPTION_BYTES) {
            throw new IllegalArgumentException("description is " + utf8.length + " UTF-8 bytes, at most "
                    + MAX_DESCRIPTION_BYTES + "; use a description hash");
        }
        return field(TaggedField.ofBytes(TaggedField.DESCRIPTION, utf8));
    }

    /** Appends {@code h}: the SHA-256 of a description given some other way. */
    public Bolt11Builder descriptionHash(Hash32 hash) {
        return field(TaggedField.ofBytes(TaggedField.DESCRIPTION_HASH, hash.bytes()));
    }

    /**
     * Appends {@code n}: the payee's 33-byte compressed key, so that payers need
     * not recover it. It must be the signing key's.
     */
    public Bolt11Builder payee(byte[] compressedKey) {
        return field(TaggedField.ofBytes(TaggedField.PAYEE, requireLength(compressedKey, 33, "payee key")));
    }

    /** Appends {@code x}: whole seconds, at most 2^60 - 1. */
    public Bolt11Builder expiry(Duration expiry) {
        if (expiry.isNegative() || expiry.getNano() != 0) {
            throw new IllegalArgumentException("expiry must be a whole, non-negative number of seconds: " + expiry);
        }
        return field(new TaggedField(TaggedField.EXPIRY, FieldReader.numberWords(expiry.getSeconds())));
    }

    /** Appends {@code c}: the least CLTV delta, in blocks, for the final HTLC. */
    public Bolt11Builder minFinalCltvExpiry(int blocks) {
        return field(new TaggedField(TaggedField.MIN_FINAL_CLTV_EXPIRY, FieldReader.numberWords(blocks)));
    }

    /** Appends {@code 9} with these feature bits; appends nothing if none is set (BOLT 11). */
    public Bolt11Builder features(BitSet bits) {
        return bits.isEmpty() ? this : field(new TaggedField(TaggedField.FEATURES, FieldReader.featureWords(bits)));
    }

    /** Appends {@code 9} with these feature bits. */
    public Bolt11Builder features(int... bits) {
        BitSet set = new BitSet();
        for (int bit : bits) {
            if (bit < 0 || bit >= TaggedField.MAX_WORDS * 5) {
                throw new IllegalArgumentException("feature bit out of range: " + bit);
            }
            set.set(bit);
        }
        return features(set);
    }

    /** Appends a field as it is: a fallback address, a route hint, metadata, any type. */
    public Bolt11Builder field(TaggedField field) {
        fields.add(Objects.requireNonNull(field, "field"));
        return this;
    }

    // ---- for Bolt11 ------------------------------------------------------------------

    HumanReadablePart hrp() {
        return new HumanReadablePart(currency, amountMsat);
    }

    Instant timestamp() {
        if (timestamp == null) {
            throw new IllegalStateException("an invoice needs a timestamp");
        }
        return timestamp;
    }

    List<TaggedField> fields() {
        return List.copyOf(fields);
    }

    private static byte[] requireLength(byte[] bytes, int length, String what) {
        if (bytes.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes, got " + bytes.length);
        }
        return bytes;
    }
}
