package org.giggossip.core.wire;

import java.util.Objects;
import org.giggossip.core.validation.Penalty;
import org.giggossip.core.validation.Verdict;

/**
 * Why untrusted bytes are not a well-formed message (docs/style.md 5: decoding
 * checks syntax only). A peer that sends such bytes is broken or hostile.
 *
 * @param reason the class of fault, for peer scoring and metrics
 * @param detail which field and what was wrong, for logs
 */
public record DecodeError(Reason reason, String detail) {

    /** The class of a decoding fault. */
    public enum Reason {
        /** The input is larger than the maximum of its type; it was not parsed. */
        TOO_LARGE,
        /** Not a protobuf message of the expected type (bad tag, bad varint, truncated, bad UTF-8). */
        MALFORMED,
        /** A required field or sub-message is absent, or a oneof is not set. */
        MISSING_FIELD,
        /** A fixed-size field has the wrong size, or a bounded field is too short or too long. */
        BAD_LENGTH,
        /** A repeated field has too many entries. */
        TOO_MANY,
        /** A number or time is out of its range (negative time, amount above 21e6 BTC). */
        OUT_OF_RANGE,
        /** Entries that must be strictly ascending (so unique) are not. */
        NOT_CANONICAL,
        /** A version this implementation does not speak. */
        UNSUPPORTED_VERSION,
        /** A frame envelope whose kind this implementation does not know. */
        UNKNOWN_KIND,
        /** A field is well-formed protobuf but not a valid value (not a curve point, not a geohash, ...). */
        INVALID_VALUE
    }

    public DecodeError {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** The verdict on a peer that sent these bytes: rejected, fatally (only a broken peer sends garbage). */
    public Verdict toVerdict() {
        return Verdict.reject(Penalty.fatal(Penalty.Reason.UNDECODABLE, this.reason + ": " + detail));
    }

    @Override
    public String toString() {
        return reason + ": " + detail;
    }
}
