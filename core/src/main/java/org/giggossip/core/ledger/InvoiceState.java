package org.giggossip.core.ledger;

/**
 * The life of a hold invoice (seed 000, 3.7, Figure 11):
 * {@code OPEN -> ACCEPTED -> SETTLED}, or {@code OPEN | ACCEPTED -> CANCELLED}
 * by its issuer or by expiry. The ledger forgets an invoice once it is
 * {@code SETTLED} or {@code CANCELLED}; only the counters remain.
 */
public enum InvoiceState {
    /** Issued, not paid. */
    OPEN,
    /** Paid: the payer's funds are locked until the issuer settles with the preimage or the invoice is cancelled. */
    ACCEPTED,
    /** The issuer revealed the preimage and holds the funds. Final. */
    SETTLED,
    /** Cancelled by the issuer or expired; a locked payment went back to its payer. Final. */
    CANCELLED
}
