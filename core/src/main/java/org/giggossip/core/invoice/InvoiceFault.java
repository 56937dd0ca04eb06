package org.giggossip.core.invoice;

import org.giggossip.core.wire.DecodeError;
import org.giggossip.core.wire.DecodeError.Reason;

/**
 * Why a string or a builder is not a valid invoice. Internal: thrown while
 * reading and turned into a {@link org.giggossip.core.wire.Decoded.Err} (decoding)
 * or an {@link IllegalArgumentException} (encoding) at one place each, in
 * {@link Bolt11}. Carries no stack trace: hostile input makes many of these.
 */
final class InvoiceFault extends Exception {
    private final transient DecodeError error;

    InvoiceFault(Reason reason, String detail) {
        super(detail, null, false, false);
        this.error = new DecodeError(reason, "bolt11: " + detail);
    }

    DecodeError error() {
        return error;
    }
}
