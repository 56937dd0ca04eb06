/**
 * An embedded, Lightning-like ledger with exact hold-invoice semantics (seed
 * 000, section 3.7, Figure 11), on which the simulator and in-process tests run
 * the cryptographic payment chains of section 3.8 without a Lightning node.
 *
 * <h2>Model</h2>
 * <ul>
 *   <li><b>Accounts.</b> One per node or settler, numbered from 0 and registered
 *       with the {@link org.giggossip.core.crypto.PrivateKey} that signs the
 *       account's invoices. Money enters only by {@link org.giggossip.core.ledger.Ledger#mint};
 *       an account has a spendable balance and funds locked in its accepted payments.</li>
 *   <li><b>Invoices.</b> Real BOLT 11 strings (currency {@code bcrt}, amounts in
 *       millisatoshi) signed by the issuer's key; the payee node id they carry
 *       names the issuing account. At most one live invoice per (issuer, payment
 *       hash); several issuers share a hash along a payment chain.</li>
 *   <li><b>States.</b> {@code OPEN -> ACCEPTED -> SETTLED}, or
 *       {@code OPEN | ACCEPTED -> CANCELLED} by the issuer or by expiry
 *       ({@link org.giggossip.core.ledger.InvoiceState}). Paying locks the
 *       payer's funds; settling with the preimage pays them to the issuer and
 *       hands the preimage to the payer, who can then settle its own invoice of
 *       the same hash: the preimage ripples back along the chain. Cancelling or
 *       expiring gives locked funds back.</li>
 *   <li><b>Requests and events.</b> The wallet contract of the engine,
 *       {@link org.giggossip.core.payment.WalletRequest} in and
 *       {@link org.giggossip.core.payment.WalletEvent} out, addressed to accounts
 *       through a {@link org.giggossip.core.ledger.LedgerListener}. Every refusal
 *       is an event that says why, and changes nothing.</li>
 * </ul>
 *
 * <h2>Host contract</h2>
 * Sans-I/O, like all of {@code core}: no threads, no timers. Time comes from an
 * injected {@link java.time.Clock}; expiry happens when the host calls
 * {@link org.giggossip.core.ledger.Ledger#advance} (schedule it at
 * {@link org.giggossip.core.ledger.Ledger#nextExpiry}), and before every
 * request. Events leave in a deterministic order, after each state change is
 * complete, so a listener may call the ledger again.
 *
 * <h2>Durability</h2>
 * {@link org.giggossip.core.ledger.Ledger#drainChanges} hands the host the rows
 * each input changed (one per account, live invoice and finished invoice kept,
 * plus a counters row; {@code ledger_state.proto}), which it commits before it
 * acts on the input's events; {@link org.giggossip.core.ledger.Ledger#restore}
 * rebuilds the exact ledger from them, checking every field and every
 * cross-row invariant (locked funds, conservation) and naming the first bad row.
 * The first drain returns every row, so a ledger that is never drained (the
 * simulator's) pays nothing for this. With
 * {@link org.giggossip.core.ledger.Ledger#retainFinished} finished invoices are
 * kept for a while so that a repeated Settle, Cancel or Pay is answered as the
 * first was (the wallet contract's idempotency after a host's restart).
 *
 * <h2>Scale and invariants</h2>
 * Accounts live in parallel primitive arrays; live invoices are small objects
 * indexed by payment hash and by expiry; settled and cancelled invoices are
 * dropped at once, leaving counters. Money is conserved at all times:
 * {@code minted == sum(balances) + sum(locked)}, and the locked funds equal the
 * amounts of the accepted invoices
 * ({@link org.giggossip.core.ledger.Ledger#checkConservation}).
 */
package org.giggossip.core.ledger;
