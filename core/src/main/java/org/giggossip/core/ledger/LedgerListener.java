package org.giggossip.core.ledger;

import org.giggossip.core.payment.WalletEvent;

/**
 * Receives what a {@link Ledger} tells each account: the answers to its
 * requests and the state changes of its invoices and payments. The host routes
 * them to the account's owner (for a node, {@code Engine.onWallet}; for the
 * settler, {@code Settler.onWallet}). Called on the ledger's thread, after the
 * state change is complete; it may call the ledger again (see
 * {@link org.giggossip.core.util.Outbox}).
 */
@FunctionalInterface
public interface LedgerListener {

    /** {@code event} is for {@code account}. */
    void onEvent(int account, WalletEvent event);
}
