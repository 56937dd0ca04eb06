package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.DecodeError.Reason;

/**
 * The decoding boundary and the field checks shared by the codecs.
 *
 * <p>Two families of checks: {@code require*} methods guard constructors of
 * values built by local code and throw {@link IllegalArgumentException}; the
 * other methods read fields of a parsed protobuf message and throw the internal
 * {@link WireException} with a precise {@link Reason}. Both are caught in
 * {@link #decode} and {@link #convert}, the only places exceptions become
 * {@link Decoded.Err} values.
 */
final class Wire {
    /** The last millisecond an int64 time can name. */
    static final Instant MAX_TIME = Instant.ofEpochMilli(Long.MAX_VALUE);

    private Wire() {}

    /** Reads one type of value from a parsed message or from bytes. */
    @FunctionalInterface
    interface Reader<P, T> {
        T read(P input) throws WireException, InvalidProtocolBufferException;
    }

    // ---- the boundary -------------------------------------------------------

    /** Checks the size of untrusted bytes, then reads them; never throws. */
    static <T> Decoded<T> decode(byte[] input, int maxBytes, String what, Reader<byte[], T> reader) {
        if (input == null) {
            return Decoded.err(Reason.MISSING_FIELD, what + ": no input");
        }
        if (input.length > maxBytes) {
            return Decoded.err(Reason.TOO_LARGE, what + " is " + input.length + " bytes, at most " + maxBytes);
        }
        return convert(input, what, reader);
    }

    /** Reads a value; turns every fault into an error value. */
    static <P, T> Decoded<T> convert(P input, String what, Reader<P, T> reader) {
        if (input == null) {
            return Decoded.err(Reason.MISSING_FIELD, what + ": no input");
        }
        try {
            return Decoded.ok(reader.read(input));
        } catch (WireException e) {
            return new Decoded.Err<>(e.error());
        } catch (InvalidProtocolBufferException e) {
            return Decoded.err(Reason.MALFORMED, what + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // constructor invariants (IllegalArgumentException) and anything protobuf may throw
            return Decoded.err(Reason.INVALID_VALUE, what + ": " + e.getMessage());
        }
    }

    /**
     * Parses a message from bytes after checking their size, with the nesting
     * depth limited to {@link WireLimits#MAX_PROTO_DEPTH} and the whole input
     * consumed (a stray end-group tag does not end the message early).
     */
    static <M extends MessageLite> M parse(Parser<M> parser, ByteString bytes, int maxBytes, String what)
            throws WireException, InvalidProtocolBufferException {
        if (bytes.size() > maxBytes) {
            throw new WireException(Reason.TOO_LARGE, what + " is " + bytes.size() + " bytes, at most " + maxBytes);
        }
        CodedInputStream in = bytes.newCodedInput();
        in.setRecursionLimit(WireLimits.MAX_PROTO_DEPTH);
        M message = parser.parsePartialFrom(in, ExtensionRegistryLite.getEmptyRegistry());
        in.checkLastTagWas(0); // parsing stops at tag 0 only at the end of the input
        return message;
    }

    static <M extends MessageLite> M parse(Parser<M> parser, byte[] bytes, int maxBytes, String what)
            throws WireException, InvalidProtocolBufferException {
        if (bytes.length > maxBytes) { // before wrapping, though wrapping does not copy
            throw new WireException(Reason.TOO_LARGE, what + " is " + bytes.length + " bytes, at most " + maxBytes);
        }
        return parse(parser, com.google.protobuf.UnsafeByteOperations.unsafeWrap(bytes), maxBytes, what);
    }

    // ---- reading parsed fields ----------------------------------------------

    static void present(boolean has, String field) throws WireException {
        if (!has) {
            throw new WireException(Reason.MISSING_FIELD, field + " is missing");
        }
    }

    static byte[] exact(ByteString b, int size, String field) throws WireException {
        if (b.size() != size) {
            throw new WireException(Reason.BAD_LENGTH, field + " is " + b.size() + " bytes, must be " + size);
        }
        return b.toByteArray();
    }

    static byte[] bounded(ByteString b, int min, int max, String field) throws WireException {
        if (b.size() < min || b.size() > max) {
            throw new WireException(Reason.BAD_LENGTH,
                    field + " is " + b.size() + " bytes, must be " + min + " to " + max);
        }
        return b.toByteArray();
    }

    /** A UTF-8 string field (already validated as UTF-8 by protobuf) of bounded byte length. */
    static String text(ByteString utf8, int min, int max, String field) throws WireException {
        bounded(utf8, min, max, field);
        return utf8.toStringUtf8();
    }

    static PublicKey key(ByteString b, String field) throws WireException {
        byte[] x = exact(b, WireLimits.KEY_BYTES, field);
        return PublicKey.parse(x).orElseThrow(
                () -> new WireException(Reason.INVALID_VALUE, field + " is not an x-only secp256k1 public key"));
    }

    static Instant time(long millis, String field) throws WireException {
        if (millis < 0) {
            throw new WireException(Reason.OUT_OF_RANGE, field + " is a negative time: " + millis);
        }
        return Instant.ofEpochMilli(millis);
    }

    /** A uint64 duration in milliseconds; Java sees values of 2^63 and above as negative. */
    static Duration duration(long millis, String field) throws WireException {
        if (millis < 0) {
            throw new WireException(Reason.OUT_OF_RANGE, field + " is at least 2^63 ms");
        }
        return Duration.ofMillis(millis);
    }

    static long msat(long amount, String field) throws WireException {
        if (amount < 0 || amount > WireLimits.MAX_MSAT) {
            throw new WireException(Reason.OUT_OF_RANGE,
                    field + " is " + Long.toUnsignedString(amount) + " msat, at most " + WireLimits.MAX_MSAT);
        }
        return amount;
    }

    static int count(int count, int max, String field) throws WireException {
        if (count > max) {
            throw new WireException(Reason.TOO_MANY, field + " has " + count + " entries, at most " + max);
        }
        return count;
    }

    // ---- constructor invariants -----------------------------------------------

    /** A time truncated to milliseconds, in [epoch, {@link #MAX_TIME}]. */
    static Instant requireTime(Instant t, String name) {
        Objects.requireNonNull(t, name);
        if (t.isBefore(Instant.EPOCH) || t.isAfter(MAX_TIME)) {
            throw new IllegalArgumentException(name + " is outside [1970, int64 ms]: " + t);
        }
        return t.truncatedTo(ChronoUnit.MILLIS);
    }

    /** A duration truncated to milliseconds, non-negative and below 2^63 ms. */
    static Duration requireDuration(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.compareTo(Duration.ofMillis(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(name + " is outside [0, 2^63) ms: " + d);
        }
        return d.truncatedTo(ChronoUnit.MILLIS);
    }

    static long requireMsat(long amount, String name) {
        if (amount < 0 || amount > WireLimits.MAX_MSAT) {
            throw new IllegalArgumentException(name + " is " + amount + " msat, must be 0 to " + WireLimits.MAX_MSAT);
        }
        return amount;
    }

    static byte[] requireExact(byte[] b, int size, String name) {
        Objects.requireNonNull(b, name);
        if (b.length != size) {
            throw new IllegalArgumentException(name + " is " + b.length + " bytes, must be " + size);
        }
        return b.clone();
    }

    static byte[] requireBytes(byte[] b, int min, int max, String name) {
        Objects.requireNonNull(b, name);
        if (b.length < min || b.length > max) {
            throw new IllegalArgumentException(name + " is " + b.length + " bytes, must be " + min + " to " + max);
        }
        return b.clone();
    }

    /** Well-formed UTF-16 (no lone surrogate, so it encodes to UTF-8 exactly) of bounded UTF-8 length. */
    static String requireText(String s, int minBytes, int maxBytes, String name) {
        Objects.requireNonNull(s, name);
        if (!isWellFormed(s)) {
            throw new IllegalArgumentException(name + " has a lone surrogate");
        }
        int n = s.getBytes(StandardCharsets.UTF_8).length;
        if (n < minBytes || n > maxBytes) {
            throw new IllegalArgumentException(name + " is " + n + " UTF-8 bytes, must be " + minBytes + " to " + maxBytes);
        }
        return s;
    }

    /** 1 to {@code max} characters, each allowed by {@code allowed}; ASCII only, so characters are bytes. */
    static String requireAscii(String s, int min, int max, String name, CharPredicate allowed) {
        Objects.requireNonNull(s, name);
        if (s.length() < min || s.length() > max) {
            throw new IllegalArgumentException(name + " is " + s.length() + " characters, must be " + min + " to " + max);
        }
        for (int i = 0; i < s.length(); i++) {
            if (!allowed.test(s.charAt(i))) {
                throw new IllegalArgumentException(name + " has a character not allowed at index " + i);
            }
        }
        return s;
    }

    /** A BOLT 11 payment request: its syntax is checked by the invoice code; here only its alphabet and size. */
    static String requireInvoice(String s, String name) {
        return requireAscii(s, 1, WireLimits.MAX_INVOICE_BYTES, name,
                c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    }

    static String requirePowScheme(String s) {
        return requireAscii(s, 1, WireLimits.MAX_POW_SCHEME_BYTES, "pow_scheme",
                c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-');
    }

    static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A test on one character. */
    @FunctionalInterface
    interface CharPredicate {
        boolean test(char c);
    }
}
