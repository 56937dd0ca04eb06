package org.giggossip.core.wire;

/**
 * A decoding fault inside the codecs. Checked, without a stack trace, and never
 * leaves the package: the one boundary in {@link Wire} turns it into a
 * {@link Decoded.Err}.
 */
final class WireException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient DecodeError error;

    WireException(DecodeError.Reason reason, String detail) {
        super(detail, null, false, false);
        this.error = new DecodeError(reason, detail);
    }

    DecodeError error() {
        return error;
    }
}
