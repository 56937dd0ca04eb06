package org.giggossip.app.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.FrameKind;
import org.giggossip.core.wire.Hash32;
import org.giggossip.node.host.HostListener;
import org.giggossip.node.host.HostTrace;

/**
 * The demo's readable timeline: one line per thing a person would want to see
 * (who relayed, proof of work per hop, fees per hop, offers, payments, the
 * state of every invoice), printed as it happens, with milliseconds since the
 * job was posted. Thread-safe: nodes report from their own loops.
 */
final class Timeline implements HostListener {
    enum Milestone { PAID, OPENED, SETTLED }

    /** One hold invoice as the ledger reported it. */
    private static final class InvoiceRow {
        final PublicKey issuer;
        long amountMsat;
        String state = "OPEN";

        InvoiceRow(PublicKey issuer) {
            this.issuer = issuer;
        }
    }

    private final PrintStream out;
    private final long born = System.nanoTime();
    private final Map<Milestone, CountDownLatch> milestones = new EnumMap<>(Milestone.class);
    private final Map<Hash32, Map<PublicKey, InvoiceRow>> invoices = new LinkedHashMap<>();
    private final Map<Integer, Hash32> offerHashes = new HashMap<>();
    private Map<PublicKey, String> names = Map.of();
    private volatile long start = -1;
    private volatile boolean stopped;
    private Hash32 chosen;
    private long firstOfferMs = -1;
    private long paidMs = -1;
    private String reply;

    Timeline(PrintStream out) {
        this.out = out;
        for (Milestone m : Milestone.values()) {
            milestones.put(m, new CountDownLatch(1));
        }
    }

    synchronized void names(Map<PublicKey, String> names) {
        this.names = Map.copyOf(names);
    }

    /** From now on lines are printed; times count from here. */
    void start() {
        start = System.nanoTime();
    }

    /** From now on nothing is printed (the demo is shutting down). */
    void stop() {
        stopped = true;
    }

    private long sinceStart() {
        return start < 0 ? -1 : (System.nanoTime() - start) / 1_000_000;
    }

    /** Milliseconds from the job's posting to its first offer, or -1. */
    synchronized long firstOfferMs() {
        return firstOfferMs;
    }

    /** Milliseconds from the job's posting to both invoices accepted, or -1. */
    synchronized long paidMs() {
        return paidMs;
    }

    /** The time column. */
    String stamp() {
        long from = start < 0 ? born : start;
        return String.format("%+7d ms", (System.nanoTime() - from) / 1_000_000);
    }

    synchronized void note(String who, String what) {
        out.printf("%s  %-14s %s%n", stamp(), who, what);
    }

    private void line(PublicKey node, String what) {
        if (start >= 0 && !stopped) {
            note(name(node), what);
        }
    }

    private String name(PublicKey key) {
        String n = names.get(key);
        return n != null ? n : key.hex().substring(0, 8);
    }

    @Override
    public synchronized void event(PublicKey node, Instant at, AppEvent event) {
        switch (event) {
            case AppEvent.JobPosted p -> line(node, "asks for a ride " + Demo.PICKUP + " -> " + Demo.DROP_OFF
                    + " (job " + p.job().hex().substring(0, 8) + ")");
            case AppEvent.TopicRelayed r -> line(node, "relays the ride request to " + r.peers() + " peer(s)");
            case AppEvent.TopicReceived r -> line(node, "receives the ride request");
            case AppEvent.ReplySent s -> line(node, String.format("offers the ride for %,d sat (job invoice %s)",
                    s.priceMsat() / 1000, short8(s.replyPaymentHash())));
            case AppEvent.ReplyForwarded f -> line(node, String.format(
                    "carries an offer back, adding a %,d sat fee on its invoice for %s", f.feeMsat() / 1000,
                    short8(f.networkPaymentHash())));
            case AppEvent.OfferReceived o -> {
                if (firstOfferMs < 0) {
                    firstOfferMs = sinceStart();
                }
                offerHashes.put(o.offer(), o.networkPaymentHash());
                line(node, String.format("offer #%d: ride %,d sat + network %,d sat (route %s)", o.offer(),
                        o.jobPriceMsat() / 1000, o.networkFeeMsat() / 1000, short8(o.networkPaymentHash())));
            }
            case AppEvent.OfferChosen c -> {
                chosen = offerHashes.get(c.offer());
                line(node, String.format("pays offer #%d: %,d sat in all", c.offer(), c.totalMsat() / 1000));
            }
            case AppEvent.JobPaid p -> {
                paidMs = sinceStart();
                line(node, String.format("both invoices accepted: %,d sat network + %,d sat ride are locked",
                        p.networkMsat() / 1000, p.jobMsat() / 1000));
                milestones.get(Milestone.PAID).countDown();
            }
            case AppEvent.ReplyOpened o -> {
                reply = new String(o.message(), StandardCharsets.UTF_8);
                line(node, "opens the reply with the preimage: the driver is " + name(o.worker()));
                milestones.get(Milestone.OPENED).countDown();
            }
            case AppEvent.JobSettled s -> {
                line(node, String.format("confirms the ride: %,d sat released to the driver", s.jobMsat() / 1000));
                milestones.get(Milestone.SETTLED).countDown();
            }
            case AppEvent.FeeEarned f -> line(node, String.format("earns its %,d sat fee", f.feeMsat() / 1000));
            case AppEvent.JobPaymentReceived r -> line(node, String.format("is paid %,d sat for the ride",
                    r.msat() / 1000));
            case AppEvent.OfferExpired x -> line(node, "offer #" + x.offer() + " lapses unpaid");
            case AppEvent.FrameRejected r -> line(node, "rejects a " + r.kind() + " frame: " + r.penalty());
            case AppEvent.ReplyFailed f -> line(node, "could not reply: " + f.reason());
            case AppEvent.ForwardFailed f -> line(node, "could not forward an offer: " + f.reason());
            case AppEvent.PaymentFailed f -> line(node, "payment failed: " + f.reason());
            case AppEvent.OfferFailed f -> line(node, "paying offer #" + f.offer() + " failed: " + f.reason());
            case AppEvent.JobRefunded r -> line(node, String.format("is refunded %,d sat: %s", r.jobMsat() / 1000,
                    r.reason()));
            case AppEvent.PowFailed f -> line(node, "proof of work failed: " + f.reason());
            case AppEvent.SettlerRefused r -> line(node, "the settler refused: " + r.reason());
            case AppEvent.JobExpired x -> line(node, "the job expired: " + x.reason());
            default -> { }
        }
    }

    @Override
    public synchronized void trace(PublicKey node, Instant at, HostTrace trace) {
        switch (trace) {
            case HostTrace.PowSolved p -> line(node, String.format("proof of work for the next hop: %,d attempts"
                    + " in %d ms%s", p.attempts(), p.took().toMillis(), p.found() ? "" : " (NOT FOUND)"));
            case HostTrace.FrameSent s when s.kind() == FrameKind.POW_BROADCAST ->
                    line(node, "  -> sends the ride request to " + name(s.peer()) + " (" + s.bytes() + " bytes)");
            case HostTrace.FrameUndecodable u -> line(node, "closed a link: " + u.reason());
            case HostTrace.Link l when !l.up() -> line(node, "link to " + name(l.peer()) + " down: " + l.detail());
            default -> { }
        }
    }

    /** The ledger's report of one account's invoice or payment. */
    synchronized void ledgerEvent(PublicKey account, Instant at, WalletEvent event) {
        switch (event) {
            case WalletEvent.InvoiceCreated c -> {
                InvoiceRow r = row(c.paymentHash(), account);
                if (Bolt11.decode(c.bolt11()) instanceof Decoded.Ok<Bolt11Invoice> ok) {
                    r.amountMsat = ok.value().amountMsat().orElse(0);
                }
            }
            case WalletEvent.InvoiceAccepted a -> {
                InvoiceRow r = row(a.paymentHash(), account);
                r.amountMsat = a.amountMsat();
                r.state = "ACCEPTED";
                line(account, String.format("invoice %s of %,d sat: ACCEPTED (payment held)",
                        short8(a.paymentHash()), a.amountMsat() / 1000));
            }
            case WalletEvent.InvoiceSettled s -> {
                InvoiceRow r = row(s.paymentHash(), account);
                r.amountMsat = s.amountMsat();
                r.state = "SETTLED";
                line(account, String.format("invoice %s of %,d sat: SETTLED", short8(s.paymentHash()),
                        s.amountMsat() / 1000));
                notifyAll();
            }
            case WalletEvent.InvoiceCancelled c -> {
                row(c.paymentHash(), account).state = "CANCELLED";
                line(account, "invoice " + short8(c.paymentHash()) + ": CANCELLED (" + c.reason() + ")");
                notifyAll();
            }
            default -> { }
        }
    }

    private InvoiceRow row(Hash32 hash, PublicKey issuer) {
        return invoices.computeIfAbsent(hash, h -> new LinkedHashMap<>()).computeIfAbsent(issuer, InvoiceRow::new);
    }

    boolean await(Milestone m, Instant deadline) throws InterruptedException {
        long ms = Math.max(0, deadline.toEpochMilli() - System.currentTimeMillis());
        return milestones.get(m).await(ms, TimeUnit.MILLISECONDS);
    }

    /** Waits until every invoice of the chosen route is settled. */
    synchronized boolean awaitChainSettled(Hash32 network, Instant deadline) throws InterruptedException {
        while (true) {
            Map<PublicKey, InvoiceRow> rows = invoices.getOrDefault(network, Map.of());
            if (!rows.isEmpty() && rows.values().stream().allMatch(r -> r.state.equals("SETTLED"))) {
                return true;
            }
            long ms = deadline.toEpochMilli() - System.currentTimeMillis();
            if (ms <= 0) {
                return false;
            }
            wait(ms);
        }
    }

    synchronized Optional<Hash32> chosenNetworkHash() {
        return Optional.ofNullable(chosen);
    }

    synchronized String reply() {
        return reply;
    }

    /** Every invoice the ledger saw, by payment hash, with its final state. */
    synchronized void invoiceTable(PrintStream to) {
        to.printf("%ninvoices (every hold invoice of this job, by payment hash):%n");
        to.printf("  %-10s %-9s %-14s %12s  %s%n", "hash", "", "issuer", "amount sat", "state");
        for (var e : invoices.entrySet()) {
            String tag = e.getKey().equals(chosen) ? "chosen" : "";
            for (InvoiceRow r : e.getValue().values()) {
                to.printf("  %-10s %-9s %-14s %,12d  %s%n", short8(e.getKey()), tag, name(r.issuer),
                        r.amountMsat / 1000, r.state);
            }
        }
    }

    /** States of the invoices of one payment hash, for the report and tests. */
    synchronized List<String> states(Hash32 hash) {
        List<String> s = new ArrayList<>();
        invoices.getOrDefault(hash, Map.of()).values().forEach(r -> s.add(r.state));
        return s;
    }

    private static String short8(Hash32 h) {
        return h.hex().substring(0, 8);
    }
}
