package org.giggossip.core.payment;

/**
 * A hold-invoice wallet (seed 000, 3.7 and 3.8): what the engine's and the
 * settler's {@link WalletRequest}s run on. Backends: the embedded ledger
 * (a regtest Lightning network in one database) and LND over gRPC.
 *
 * <p>Contract, for every backend:
 * <ul>
 *   <li>{@link #execute} never blocks on the network and never calls back inside
 *       the call: the answer ({@link WalletEvent.InvoiceCreated},
 *       {@link WalletEvent.CallFailed}, {@link WalletEvent.PaymentFailed}, ...) and every
 *       later change of state of the wallet's invoices and payments are delivered,
 *       in order, to the sink the wallet was opened with, from the wallet's own
 *       thread.</li>
 *   <li>Idempotent on restart: {@link WalletRequest.Settle} of an invoice already
 *       settled with that preimage answers {@link WalletEvent.InvoiceSettled} again;
 *       {@link WalletRequest.Cancel} of an invoice already cancelled answers
 *       {@link WalletEvent.InvoiceCancelled} again; {@link WalletRequest.Pay} of an
 *       invoice already paid is refused with {@link WalletEvent.PaymentFailed#ALREADY_PAID}
 *       or {@link WalletEvent.PaymentFailed#ALREADY_PAYING}.</li>
 *   <li>When opened, a wallet reports the current state of each of its live invoices
 *       that is accepted ({@link WalletEvent.InvoiceAccepted}) and of each payment in
 *       flight ({@link WalletEvent.PaymentAccepted}), so a host restarted from its
 *       store learns what it may have missed.</li>
 * </ul>
 */
public interface HoldInvoiceWallet extends AutoCloseable {

    /** Spendable and locked funds, in msat. */
    record Balance(long spendableMsat, long lockedMsat) {}

    /** Executes a request; see the class comment for how it is answered. */
    void execute(WalletRequest request);

    /** The wallet's balance; may block for a round trip to the backend. */
    Balance balance();

    /** Stops delivering events and releases the wallet's connections; pending requests may be lost. */
    @Override
    void close();
}
