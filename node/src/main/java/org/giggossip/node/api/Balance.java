package org.giggossip.node.api;

import java.util.Objects;
import java.util.Optional;

/**
 * @param availableMsat       spendable now
 * @param lockedMsat          held in accepted, unsettled incoming invoices (ours once settled)
 * @param servedSettlerMsat   on a node that serves a settler and its regtest ledger: the settler's own
 *                            ledger account (its fees), spendable plus locked; the sum of every node's
 *                            balance and this is the ledger's total, which payments never change
 */
public record Balance(long availableMsat, long lockedMsat, Optional<Long> servedSettlerMsat) {
    public Balance {
        Objects.requireNonNull(servedSettlerMsat, "servedSettlerMsat");
    }

    /** A node's balance, on a node that serves no settler. */
    public Balance(long availableMsat, long lockedMsat) {
        this(availableMsat, lockedMsat, Optional.empty());
    }
}
