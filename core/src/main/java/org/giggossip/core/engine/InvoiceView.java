package org.giggossip.core.engine;

import java.time.Instant;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.validation.Penalty.Reason;
import org.giggossip.core.validation.Penalty.Severity;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.Hash32;

/**
 * What the engine reads from a BOLT 11 invoice a peer sent (seed 000, 3.8):
 * payment hash, amount and expiry; the signature has been checked by the decoder.
 */
record InvoiceView(String bolt11, Hash32 paymentHash, long amountMsat, Instant expiresAt) {

    /** The outcome of reading an untrusted invoice string. */
    sealed interface Read {
        record Ok(InvoiceView invoice) implements Read {}

        record Bad(Verdict verdict) implements Read {}
    }

    /** Decodes and checks an invoice: it must verify, carry an amount and not be expired at {@code now}. */
    static Read read(String bolt11, Instant now) {
        var decoded = Bolt11.decode(bolt11);
        if (decoded instanceof Decoded.Err<Bolt11Invoice> err) {
            return new Read.Bad(Verdict.reject(Reason.BAD_INVOICE, Severity.FATAL,
                    "invalid BOLT 11 invoice: " + err.error()));
        }
        Bolt11Invoice inv = decoded.orElseThrow();
        if (inv.amountMsat().isEmpty()) {
            return new Read.Bad(Verdict.reject(Reason.BAD_INVOICE, Severity.MAJOR, "invoice without an amount"));
        }
        InvoiceView view = new InvoiceView(bolt11, inv.paymentHash(), inv.amountMsat().getAsLong(), inv.expiresAt());
        if (!view.expiresAt.isAfter(now)) {
            return new Read.Bad(Verdict.ignore("invoice expired at " + view.expiresAt));
        }
        return new Read.Ok(view);
    }
}
