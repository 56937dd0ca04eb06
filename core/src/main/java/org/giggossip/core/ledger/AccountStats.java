package org.giggossip.core.ledger;

import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;

/**
 * One account of a {@link Ledger}: its funds and what it did as an issuer and
 * as a payer of hold invoices (seed 000, 3.7).
 *
 * @param account           the account id
 * @param id                the key whose BOLT 11 signatures name the account as payee
 * @param balanceMsat       spendable funds
 * @param lockedMsat        funds locked in its accepted payments, not yet settled or refunded
 * @param invoicesCreated   hold invoices it issued
 * @param invoicesSettled   of those, settled
 * @param invoicesCancelled of those, cancelled by itself
 * @param invoicesExpired   of those, cancelled because they expired
 * @param receivedMsat      settled to it as issuer
 * @param paidMsat          settled from it as payer
 */
public record AccountStats(int account, PublicKey id, long balanceMsat, long lockedMsat, int invoicesCreated,
        int invoicesSettled, int invoicesCancelled, int invoicesExpired, long receivedMsat, long paidMsat) {

    public AccountStats {
        Objects.requireNonNull(id, "id");
    }
}
