package org.giggossip.core.ledger;

/**
 * The verdict of {@link Ledger#checkConservation()}: money is neither created
 * nor destroyed except by {@link Ledger#mint}, and every locked millisatoshi is
 * held by exactly one accepted hold invoice. Holds when
 * {@code mintedMsat == balancesMsat + lockedMsat}, {@code lockedMsat ==
 * lockedInInvoicesMsat} and no account has a negative amount.
 *
 * @param mintedMsat           all money ever minted
 * @param balancesMsat         sum of the spendable balances
 * @param lockedMsat           sum of the accounts' locked funds
 * @param lockedInInvoicesMsat sum of the amounts of the invoices in state ACCEPTED
 * @param negativeAccounts     accounts with a negative balance or negative locked funds
 */
public record ConservationReport(long mintedMsat, long balancesMsat, long lockedMsat, long lockedInInvoicesMsat,
        int negativeAccounts) {

    /** Whether money is conserved. */
    public boolean holds() {
        return negativeAccounts == 0 && lockedMsat == lockedInInvoicesMsat
                && mintedMsat == balancesMsat + lockedMsat;
    }

    @Override
    public String toString() {
        return (holds() ? "conserved" : "NOT CONSERVED") + ": minted " + mintedMsat + " = balances " + balancesMsat
                + " + locked " + lockedMsat + " (in accepted invoices " + lockedInInvoicesMsat + "), "
                + negativeAccounts + " negative accounts";
    }
}
