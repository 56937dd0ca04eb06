package org.giggossip.core.ledger;

import java.util.HashMap;
import java.util.function.Consumer;
import org.giggossip.core.wire.Hash32;

/**
 * The live invoices of a {@link Ledger} by payment hash. The invoices of one
 * payment chain share a hash (seed 000, 3.8), one per issuer, so each hash maps
 * to a short linked list: one map entry per hash and no key object per
 * invoice.
 */
final class InvoiceBook {
    private final HashMap<Hash32, Invoice> byHash = new HashMap<>();
    private int size;

    int size() {
        return size;
    }

    /** The live invoice of {@code issuer} for {@code paymentHash}, or null. */
    Invoice find(int issuer, Hash32 paymentHash) {
        for (Invoice i = byHash.get(paymentHash); i != null; i = i.nextWithSameHash) {
            if (i.issuer == issuer) {
                return i;
            }
        }
        return null;
    }

    /** Whether {@code payer} has an accepted payment for {@code paymentHash} (at most one per hash). */
    boolean isPaying(int payer, Hash32 paymentHash) {
        for (Invoice i = byHash.get(paymentHash); i != null; i = i.nextWithSameHash) {
            if (i.payer == payer) {
                return true;
            }
        }
        return false;
    }

    /** Adds an invoice; the caller checked that its issuer has none for this hash. */
    void add(Invoice invoice) {
        invoice.nextWithSameHash = byHash.get(invoice.paymentHash);
        byHash.put(invoice.paymentHash, invoice);
        size++;
    }

    void remove(Invoice invoice) {
        Invoice head = byHash.get(invoice.paymentHash);
        if (head == invoice) {
            if (invoice.nextWithSameHash == null) {
                byHash.remove(invoice.paymentHash);
            } else {
                byHash.put(invoice.paymentHash, invoice.nextWithSameHash);
            }
        } else {
            Invoice prev = head;
            while (prev.nextWithSameHash != invoice) {
                prev = prev.nextWithSameHash;
            }
            prev.nextWithSameHash = invoice.nextWithSameHash;
        }
        invoice.nextWithSameHash = null;
        size--;
    }

    /** Visits every live invoice, in no particular order (for sums only). */
    void forEach(Consumer<Invoice> action) {
        for (Invoice head : byHash.values()) {
            for (Invoice i = head; i != null; i = i.nextWithSameHash) {
                action.accept(i);
            }
        }
    }
}
