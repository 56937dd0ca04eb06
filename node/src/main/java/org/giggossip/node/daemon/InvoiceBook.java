package org.giggossip.node.daemon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Hash32;
import org.giggossip.node.api.InvoiceView;
import org.giggossip.node.host.HostListener;

/**
 * The node's invoices and payments as its wallet reported them, for the app
 * API's {@code GET /v1/invoices}: incoming hold invoices we issued, outgoing
 * ones we paid, each with its last state. Bounded: the oldest finished entries
 * go first. Thread-safe.
 */
final class InvoiceBook implements HostListener {
    static final int MAX = 2_000;

    private record Key(Hash32 hash, boolean incoming) {}

    private static final class Row {
        final Hash32 hash;
        final boolean incoming;
        long amountMsat;
        String state = "OPEN";
        String bolt11 = "";
        Instant expiresAt = Instant.EPOCH;

        Row(Hash32 hash, boolean incoming) {
            this.hash = hash;
            this.incoming = incoming;
        }
    }

    private final Map<Long, Row> pendingCreate = new HashMap<>();
    private final Map<Long, Row> pendingPay = new HashMap<>();
    private final Map<Key, Row> rows = new LinkedHashMap<>();

    @Override
    public synchronized void walletRequest(PublicKey node, Instant at, WalletRequest request) {
        switch (request) {
            case WalletRequest.CreateHoldInvoice c -> {
                Row r = new Row(c.paymentHash(), true);
                r.amountMsat = c.amountMsat();
                r.expiresAt = c.expiresAt();
                pendingCreate.put(c.callId(), r);
            }
            case WalletRequest.Pay p -> {
                if (Bolt11.decode(p.bolt11()) instanceof Decoded.Ok<Bolt11Invoice> ok) {
                    Row r = new Row(ok.value().paymentHash(), false);
                    r.amountMsat = ok.value().amountMsat().orElse(p.maxAmountMsat());
                    r.bolt11 = p.bolt11();
                    r.state = "PAYING";
                    pendingPay.put(p.callId(), r);
                    put(r);
                }
            }
            default -> { }
        }
    }

    @Override
    public synchronized void walletEvent(PublicKey node, Instant at, WalletEvent event) {
        switch (event) {
            case WalletEvent.InvoiceCreated c -> {
                Row r = pendingCreate.remove(c.callId());
                if (r != null) {
                    r.bolt11 = c.bolt11();
                    put(r);
                }
            }
            case WalletEvent.CallFailed f -> {
                pendingCreate.remove(f.callId());
                Row r = pendingPay.remove(f.callId());
                if (r != null) {
                    r.state = "FAILED";
                }
            }
            case WalletEvent.InvoiceAccepted a -> state(a.paymentHash(), true, "ACCEPTED");
            case WalletEvent.InvoiceSettled s -> state(s.paymentHash(), true, "SETTLED");
            case WalletEvent.InvoiceCancelled c -> state(c.paymentHash(), true, "CANCELLED");
            case WalletEvent.PaymentAccepted p -> {
                pendingPay.remove(p.callId());
                state(p.paymentHash(), false, "ACCEPTED");
            }
            case WalletEvent.PaymentSettled s -> state(s.paymentHash(), false, "SETTLED");
            case WalletEvent.InvoiceLookedUp l -> { } // a settler's check of another's invoice: not ours
            case WalletEvent.PaymentFailed f -> {
                Row r = pendingPay.remove(f.callId());
                if (r != null) {
                    r.state = "FAILED";
                } else if (f.paymentHash() != null) {
                    state(f.paymentHash(), false, "FAILED");
                }
            }
        }
    }

    private void state(Hash32 hash, boolean incoming, String state) {
        Row r = rows.get(new Key(hash, incoming));
        if (r != null) {
            r.state = state;
        }
    }

    private void put(Row r) {
        rows.remove(new Key(r.hash, r.incoming));
        rows.put(new Key(r.hash, r.incoming), r);
        if (rows.size() > MAX) {
            rows.entrySet().stream().filter(e -> !e.getValue().state.equals("ACCEPTED")
                    && !e.getValue().state.equals("PAYING")).findFirst().ifPresent(e -> rows.remove(e.getKey()));
        }
    }

    /** Newest first. */
    synchronized List<InvoiceView> list() {
        List<InvoiceView> out = new ArrayList<>();
        for (Row r : rows.values()) {
            out.add(0, new InvoiceView(r.hash, r.incoming, r.amountMsat, r.state, r.bolt11, r.expiresAt));
        }
        return out;
    }
}
