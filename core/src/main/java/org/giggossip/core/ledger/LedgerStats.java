package org.giggossip.core.ledger;

/**
 * Totals of a {@link Ledger} since it was created: for simulation reports.
 *
 * @param accounts           registered accounts
 * @param mintedMsat         money created by {@link Ledger#mint}
 * @param invoicesCreated    hold invoices issued
 * @param invoicesOpen       issued and neither paid nor ended, now
 * @param invoicesAccepted   paid and neither settled nor cancelled, now
 * @param invoicesSettled    settled with their preimage
 * @param invoicesCancelled  cancelled by their issuer
 * @param invoicesExpired    cancelled because their expiry passed
 * @param paymentsAccepted   payments whose funds were locked
 * @param paymentsRefused    payments refused before any funds were locked
 * @param callsFailed        create, settle and cancel requests that failed
 * @param settledMsat        volume of settled invoices
 * @param refundedMsat       volume of accepted payments given back by a cancel or an expiry
 */
public record LedgerStats(int accounts, long mintedMsat, long invoicesCreated, long invoicesOpen,
        long invoicesAccepted, long invoicesSettled, long invoicesCancelled, long invoicesExpired,
        long paymentsAccepted, long paymentsRefused, long callsFailed, long settledMsat, long refundedMsat) {}
