package org.giggossip.node.host;

import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.SettlerRequest;

/**
 * How one node reaches its wallet and its settlers: the two kinds of output of
 * the engine that leave the node but not over gossip links. Answers come back
 * through the sinks given when the node was bound ({@link LocalServices#bind}).
 * Implementations never call back inside a request: they answer later, from
 * their own thread.
 */
public interface Payments {

    /** Executes a request against this node's hold-invoice wallet. */
    void wallet(WalletRequest request);

    /** Carries a request to the settler whose key is {@code settler}. */
    void settler(PublicKey settler, SettlerRequest request);

    /** Spendable and locked balance, in msat, as far as the wallet knows. */
    long[] balance();
}
