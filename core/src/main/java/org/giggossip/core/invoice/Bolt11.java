package org.giggossip.core.invoice;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.giggossip.core.crypto.Ecdsa;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.Sha256;
import org.giggossip.core.wire.DecodeError.Reason;
import org.giggossip.core.wire.Decoded;

/**
 * BOLT 11 payment requests: {@link #sign} and {@link #encode} write them,
 * {@link #decode} reads and verifies them.
 *
 * <p>The data part is a 35-bit timestamp, tagged fields, and a 520-bit
 * signature: a compact ECDSA signature and its recovery id over the SHA-256 of
 * the human-readable part (UTF-8) followed by the data part before the signature,
 * packed into bytes with zero padding (BOLT 11, "Data Part").
 *
 * <p>Decoding never throws. It checks the length before anything is allocated,
 * then the Bech32 checksum, the prefix and amount, the field layout, the
 * signature (against the {@code n} field if there is one, low S only; else by
 * recovering the payee's key, high or low S), and last what the fields mean
 * ({@link FieldReader}). Every fault is a {@link Decoded.Err} whose detail
 * names it; the first fault found is the one reported.
 */
public final class Bolt11 {
    /**
     * The longest invoice read or written, in characters. BOLT 11 lifts BIP 173's
     * limit of 90; this bound (the capacity of the largest QR code, 7089 digits)
     * is far above any real invoice and keeps hostile input cheap to refuse.
     */
    public static final int MAX_LENGTH = 7089;
    /** Words of the timestamp. */
    static final int TIMESTAMP_WORDS = 7;
    /** Words of the signature: 65 bytes. */
    static final int SIGNATURE_WORDS = 104;

    private Bolt11() {}

    /**
     * Signs the builder's fields with {@code key} and returns the invoice. Throws
     * {@link IllegalArgumentException} if the fields are not a valid invoice
     * (the detail names why), if an {@code n} field is not {@code key}'s public
     * key, or if the string would be longer than {@link #MAX_LENGTH}.
     */
    public static Bolt11Invoice sign(Bolt11Builder builder, PrivateKey key) {
        HumanReadablePart hrp = builder.hrp();
        Instant timestamp = builder.timestamp();
        List<TaggedField> fields = builder.fields();
        FieldReader.Meaning meaning;
        try {
            meaning = FieldReader.read(fields);
        } catch (InvoiceFault e) {
            throw new IllegalArgumentException("not a valid invoice: " + e.error().detail(), e);
        }
        byte[] payee = Ecdsa.compressedPublicKey(key);
        if (meaning.payee() != null && !Arrays.equals(meaning.payee(), payee)) {
            throw new IllegalArgumentException("the n field is not the signing key's public key");
        }
        String prefix = hrp.format();
        Signed signed = layOutAndSign(prefix, timestamp, fields, key);
        return new Bolt11Invoice(hrp, timestamp, fields, meaning, payee,
                Arrays.copyOf(signed.signature(), Ecdsa.SIGNATURE_SIZE), signed.signature()[Ecdsa.SIGNATURE_SIZE],
                signed.signedData(), signed.encoded());
    }

    /**
     * Lays out and signs fields without reading them: for tests that need signed
     * invoices that are invalid in other ways. Throws {@link IllegalArgumentException}
     * if the string would be longer than {@link #MAX_LENGTH}.
     */
    static String signUnchecked(String prefix, Instant timestamp, List<TaggedField> fields, PrivateKey key) {
        return layOutAndSign(prefix, timestamp, fields, key).encoded();
    }

    /** A signature with its recovery id (65 bytes), the bytes it covers, and the invoice string. */
    private record Signed(byte[] signature, byte[] signedData, String encoded) {}

    private static Signed layOutAndSign(String prefix, Instant timestamp, List<TaggedField> fields, PrivateKey key) {
        int dataWords = TIMESTAMP_WORDS;
        for (TaggedField f : fields) {
            dataWords += f.encodedWords();
        }
        if (prefix.length() + 1 + dataWords + SIGNATURE_WORDS + Bech32.CHECKSUM_LENGTH > MAX_LENGTH) {
            throw new IllegalArgumentException("the invoice would be longer than " + MAX_LENGTH + " characters");
        }
        byte[] words = new byte[dataWords + SIGNATURE_WORDS];
        writeNumber(timestamp.getEpochSecond(), words, 0, TIMESTAMP_WORDS);
        int pos = TIMESTAMP_WORDS;
        for (TaggedField f : fields) {
            byte[] data = f.wordsView();
            words[pos] = (byte) f.type();
            writeNumber(data.length, words, pos + 1, 2);
            System.arraycopy(data, 0, words, pos + TaggedField.HEADER_WORDS, data.length);
            pos += f.encodedWords();
        }
        byte[] signedData = signedData(prefix, words, dataWords);
        byte[] signature = Ecdsa.signRecoverable(key, Sha256.hash(signedData));
        System.arraycopy(Bech32.toWords(signature), 0, words, dataWords, SIGNATURE_WORDS);
        return new Signed(signature, signedData, Bech32.encode(prefix, words));
    }

    /** {@link #sign}, then the invoice string (lower case). */
    public static String encode(Bolt11Builder builder, PrivateKey key) {
        return sign(builder, key).encoded();
    }

    /**
     * Reads and verifies an invoice string, in either case (not mixed). Never
     * throws; an invalid invoice is an error naming the fault.
     */
    public static Decoded<Bolt11Invoice> decode(String invoice) {
        return switch (Bech32.decode(invoice, MAX_LENGTH)) {
            case Decoded.Err<Bech32.Parts> err -> new Decoded.Err<>(err.error());
            case Decoded.Ok<Bech32.Parts> ok -> {
                try {
                    yield Decoded.ok(read(ok.value().hrp(), ok.value().wordsView(), invoice));
                } catch (InvoiceFault e) {
                    yield new Decoded.Err<>(e.error());
                } catch (RuntimeException e) {
                    // a bug, not a verdict on the input: still never thrown at the caller
                    yield Decoded.err(Reason.INVALID_VALUE, "bolt11: " + e);
                }
            }
        };
    }

    private static Bolt11Invoice read(String prefix, byte[] words, String invoice) throws InvoiceFault {
        HumanReadablePart hrp = HumanReadablePart.parse(prefix);
        if (words.length < TIMESTAMP_WORDS + SIGNATURE_WORDS) {
            throw new InvoiceFault(Reason.BAD_LENGTH, "data part is " + words.length + " words, too short for a "
                    + TIMESTAMP_WORDS + "-word timestamp and a " + SIGNATURE_WORDS + "-word signature");
        }
        int end = words.length - SIGNATURE_WORDS;
        Instant timestamp = Instant.ofEpochSecond(readNumber(words, 0, TIMESTAMP_WORDS));
        List<TaggedField> fields = new ArrayList<>();
        int pos = TIMESTAMP_WORDS;
        while (pos < end) {
            if (end - pos < TaggedField.HEADER_WORDS) {
                throw new InvoiceFault(Reason.MALFORMED, "truncated field header at word " + pos);
            }
            int type = words[pos];
            int length = (int) readNumber(words, pos + 1, 2);
            pos += TaggedField.HEADER_WORDS;
            if (length > end - pos) {
                throw new InvoiceFault(Reason.MALFORMED, "'" + Bech32.CHARSET.charAt(type) + "' field of " + length
                        + " words runs into the signature");
            }
            fields.add(new TaggedField(type, Arrays.copyOfRange(words, pos, pos + length)));
            pos += length;
        }

        // The signature first: a string its payee did not sign is refused as such,
        // whatever else is wrong with it (and BOLT 11's high-S example is refused for
        // its signature, not for the second s field it also carries).
        byte[] signature = Bech32.fromWords(words, end, SIGNATURE_WORDS); // 520 bits: exactly 65 bytes
        int recoveryId = signature[Ecdsa.SIGNATURE_SIZE];
        if (recoveryId < 0 || recoveryId > 3) {
            throw new InvoiceFault(Reason.INVALID_VALUE, "recovery id " + (recoveryId & 0xff) + " is not 0 to 3");
        }
        byte[] compact = Arrays.copyOf(signature, Ecdsa.SIGNATURE_SIZE);
        byte[] signedData = signedData(prefix, words, end);
        byte[] payee = payee(FieldReader.payee(fields), compact, recoveryId, Sha256.hash(signedData));
        FieldReader.Meaning meaning = FieldReader.read(fields);
        return new Bolt11Invoice(hrp, timestamp, fields, meaning, payee, compact, recoveryId, signedData,
                invoice.toLowerCase(Locale.ROOT));
    }

    /**
     * With an {@code n} field, the signature must be low-S and verify against it;
     * without, the payee's key is recovered, from a high-S signature too: S is
     * normalised to low S first and the recovery id read as the low-S form's
     * (BOLT 11 example "Public-key recovery with high-S signature").
     */
    private static byte[] payee(byte[] n, byte[] compact, int recoveryId, byte[] digest) throws InvoiceFault {
        if (n != null) {
            if (!Ecdsa.isLowS(compact)) {
                throw new InvoiceFault(Reason.INVALID_VALUE, "signature is not in low-S form, with an n field");
            }
            if (!Ecdsa.verify(n, digest, compact)) {
                throw new InvoiceFault(Reason.INVALID_VALUE, "signature does not verify against the n field");
            }
            return n;
        }
        Optional<byte[]> recovered = Ecdsa.recover(Ecdsa.normalizeS(compact), recoveryId, digest);
        if (recovered.isEmpty()) {
            throw new InvoiceFault(Reason.INVALID_VALUE, "signature does not recover a public key");
        }
        return recovered.get();
    }

    /** The human-readable part as UTF-8, then the first {@code count} words packed into bytes with zero padding. */
    private static byte[] signedData(String prefix, byte[] words, int count) {
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] data = Bech32.fromWordsPadded(words, 0, count);
        byte[] out = Arrays.copyOf(head, head.length + data.length);
        System.arraycopy(data, 0, out, head.length, data.length);
        return out;
    }

    private static long readNumber(byte[] words, int offset, int count) {
        long value = 0;
        for (int i = offset; i < offset + count; i++) {
            value = (value << 5) | words[i];
        }
        return value;
    }

    private static void writeNumber(long value, byte[] words, int offset, int count) {
        for (int i = count - 1; i >= 0; i--) {
            words[offset + i] = (byte) (value & 31);
            value >>>= 5;
        }
    }
}
