package org.giggossip.node.host;

import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.SettlerClient;
import org.giggossip.core.settler.SettlerRequest;

/**
 * How one node reaches its wallet and its settlers: the two kinds of output of
 * the engine that leave the node but not over gossip links. Settler requests go
 * through the one {@link SettlerClient} interface, whatever carries them. Answers
 * come back through the sinks given when the node was bound
 * ({@link EngineHost.PaymentsBinding}). Implementations never call back inside a
 * request: they answer later, from their own thread.
 */
public interface Payments extends SettlerClient {

    /** Executes a request against this node's hold-invoice wallet. */
    void wallet(WalletRequest request);

    /** Spendable and locked balance, in msat, as far as the wallet knows. */
    long[] balance();

    /** The payments of a wallet backend (the embedded ledger, LND) and a settler client (HTTP, links). */
    static Payments of(HoldInvoiceWallet wallet, SettlerClient settler) {
        Objects.requireNonNull(wallet, "wallet");
        Objects.requireNonNull(settler, "settler");
        return new Payments() {
            @Override
            public void wallet(WalletRequest request) {
                wallet.execute(request);
            }

            @Override
            public void send(PublicKey settlerId, SettlerRequest request) {
                settler.send(settlerId, request);
            }

            @Override
            public long[] balance() {
                HoldInvoiceWallet.Balance b = wallet.balance();
                return new long[] {b.spendableMsat(), b.lockedMsat()};
            }
        };
    }
}
