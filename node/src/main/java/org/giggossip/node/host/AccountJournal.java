package org.giggossip.node.host;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.wire.Hash32;

/**
 * What a remote node's ledger account may need replayed after it comes back
 * (a Resume, see {@code service.proto}): its invoices now ACCEPTED, and its
 * payments settled since its previous Resume. Fed with every wallet event of
 * the account, in order. Owned by the services' thread.
 */
final class AccountJournal {
    /** Settled payments kept between two Resumes; older ones are dropped first. */
    static final int MAX_SETTLED = 4096;

    private final Map<Hash32, WalletEvent.InvoiceAccepted> accepted = new LinkedHashMap<>();
    private final ArrayDeque<WalletEvent.PaymentSettled> settled = new ArrayDeque<>();

    /** Records one event of the account. */
    void record(WalletEvent event) {
        switch (event) {
            case WalletEvent.InvoiceAccepted a -> accepted.put(a.paymentHash(), a);
            case WalletEvent.InvoiceSettled s -> accepted.remove(s.paymentHash());
            case WalletEvent.InvoiceCancelled c -> accepted.remove(c.paymentHash());
            case WalletEvent.PaymentSettled s -> {
                if (settled.size() == MAX_SETTLED) {
                    settled.removeFirst();
                }
                settled.addLast(s);
            }
            case WalletEvent.InvoiceCreated e -> { }
            case WalletEvent.CallFailed e -> { }
            case WalletEvent.PaymentAccepted e -> { }
            case WalletEvent.PaymentFailed e -> { }
            case WalletEvent.InvoiceLookedUp e -> { }
        }
    }

    /**
     * The events to replay on a Resume: an InvoiceAccepted for every invoice
     * still accepted, in order of acceptance, then a PaymentSettled for every
     * payment settled since the previous Resume, which this one starts anew.
     */
    List<WalletEvent> resume() {
        List<WalletEvent> replay = new ArrayList<>(accepted.values());
        replay.addAll(settled);
        settled.clear();
        return replay;
    }
}
