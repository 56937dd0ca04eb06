package org.giggossip.node.api;

import java.time.Instant;
import org.giggossip.core.wire.Hash32;

/**
 * An invoice of ours or one we paid.
 *
 * @param incoming true for an invoice we issued, false for one we paid
 * @param state    {@code OPEN}, {@code ACCEPTED}, {@code SETTLED} or {@code CANCELLED}
 * @param bolt11   the BOLT 11 payment request
 */
public record InvoiceView(Hash32 paymentHash, boolean incoming, long amountMsat, String state, String bolt11,
        Instant expiresAt) {}
