package org.giggossip.node.metrics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.validation.Penalty;
import org.giggossip.core.wire.DecodeError;
import org.giggossip.core.wire.FrameKind;
import org.giggossip.net.admission.AdmissionError;
import org.giggossip.net.link.CloseCause;
import org.giggossip.net.link.LinkStats;
import org.giggossip.net.link.Links;
import org.giggossip.net.link.MessageType;
import org.giggossip.node.host.HostListener;
import org.giggossip.node.host.HostTrace;
import org.giggossip.node.host.Outbox;

/**
 * What a node's {@code /metrics} shows ({@code docs/metrics.md} lists every metric).
 * The engine is sans-I/O, so it is counted here, in the host, from what the host sees: the
 * engine's events and the host's traces ({@link HostListener}, on the node's loop), the
 * wallet's events (on the wallet's thread), the app API's answers ({@link #http()}), and, at
 * scrape time, the counters of the node's {@link Links}.
 *
 * <p>Thread-safe: every counter is a {@link LongAdder}, incremented without locks; a scrape
 * reads them as they are. Bounded: every label comes from a fixed set (frame kinds,
 * penalty severities and reasons, decode-error reasons, event types, link message types, close causes, admission
 * errors, invoice states), never from a peer's key, a job id or free text.
 */
public final class NodeMetrics implements HostListener {
    private static final String[] INCOMING = {"OPEN", "ACCEPTED", "SETTLED", "CANCELLED"};
    private static final String[] OUTGOING = {"PAYING", "ACCEPTED", "SETTLED", "FAILED"};
    private static final int KINDS = FrameKind.values().length;

    private final Links links;
    private final Instant started;
    private final HttpMetrics http = new HttpMetrics("app");
    private final LongAdder[] framesIn = adders(KINDS);
    private final LongAdder[] framesOut = adders(KINDS);
    private final LongAdder[] sendRefused = adders(KINDS);
    private static final int SEVERITIES = Penalty.Severity.values().length;
    private final LongAdder[] rejected = adders(KINDS * SEVERITIES);
    private final LongAdder[] rejectedByReason = adders(Penalty.Reason.values().length);
    private final LongAdder[] ignored = adders(KINDS);
    private final LongAdder[] undecodable = adders(DecodeError.Reason.values().length);
    private final Map<Class<?>, LongAdder> events;
    private final LongAdder powFound = new LongAdder();
    private final LongAdder powNotFound = new LongAdder();
    private final LongAdder powAttempts = new LongAdder();
    private final LongAdder powNanos = new LongAdder();
    private final LongAdder powInvalid = new LongAdder();
    private final LongAdder[] incoming = adders(INCOMING.length);
    private final LongAdder[] outgoing = adders(OUTGOING.length);
    private final LongAdder feesMsat = new LongAdder();
    private final LongAdder jobIncomeMsat = new LongAdder();
    private final LongAdder held = new LongAdder();
    private final LongAdder heldSent = new LongAdder();
    private final LongAdder[] heldDropped = adders(Outbox.Drop.values().length);
    /** Bytes held now: added when held, taken off when sent or dropped. */
    private final LongAdder heldBytes = new LongAdder();

    /**
     * @param links   the node's links, read at scrape time
     * @param started when the node started
     */
    public NodeMetrics(Links links, Instant started) {
        this.links = links;
        this.started = started;
        Map<Class<?>, LongAdder> e = new LinkedHashMap<>();
        for (Class<?> c : AppEvent.class.getPermittedSubclasses()) {
            e.put(c, new LongAdder());
        }
        this.events = Map.copyOf(e);
    }

    /** The app API's requests and refusals: give it to the {@code ApiServer}. */
    public HttpMetrics http() {
        return http;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    // ---- what the host tells (on the node's loop, or the wallet's thread)

    @Override
    public void trace(PublicKey node, Instant at, HostTrace trace) {
        switch (trace) {
            case HostTrace.FrameReceived r -> framesIn[r.kind().ordinal()].increment();
            case HostTrace.FrameSent s -> framesOut[s.kind().ordinal()].increment();
            case HostTrace.SendRefused s -> sendRefused[s.kind().ordinal()].increment();
            case HostTrace.FrameUndecodable u -> undecodable[u.cause().ordinal()].increment();
            case HostTrace.PowSolved p -> {
                (p.found() ? powFound : powNotFound).increment();
                powAttempts.add(p.attempts());
                powNanos.add(p.took().toNanos());
            }
            case HostTrace.Link l -> { } // links are read from Links at scrape time
            case HostTrace.FrameHeld h -> {
                held.increment();
                heldBytes.add(h.bytes());
            }
            case HostTrace.HeldFrameSent h -> {
                heldSent.increment();
                heldBytes.add(-h.bytes());
            }
            case HostTrace.HeldFrameDropped d -> {
                heldDropped[d.why().ordinal()].increment();
                heldBytes.add(-d.bytes());
            }
        }
    }

    @Override
    public void event(PublicKey node, Instant at, AppEvent event) {
        LongAdder n = events.get(event.getClass());
        if (n != null) {
            n.increment();
        }
        switch (event) {
            case AppEvent.FrameRejected r -> {
                Penalty p = r.penalty();
                rejected[r.kind().ordinal() * SEVERITIES + p.severity().ordinal()].increment();
                rejectedByReason[p.reason().ordinal()].increment();
                if (r.kind() == FrameKind.POW_BROADCAST && isProofOfWork(p.reason())) {
                    powInvalid.increment();
                }
            }
            case AppEvent.FrameIgnored i -> ignored[i.kind().ordinal()].increment();
            case AppEvent.FeeEarned f -> feesMsat.add(f.feeMsat());
            case AppEvent.JobPaymentReceived j -> jobIncomeMsat.add(j.msat());
            default -> { }
        }
    }

    @Override
    public void walletRequest(PublicKey node, Instant at, WalletRequest request) {
        if (request instanceof WalletRequest.Pay) {
            outgoing[0].increment();
        }
    }

    @Override
    public void walletEvent(PublicKey node, Instant at, WalletEvent event) {
        switch (event) {
            case WalletEvent.InvoiceCreated c -> incoming[0].increment();
            case WalletEvent.InvoiceAccepted a -> incoming[1].increment();
            case WalletEvent.InvoiceSettled s -> incoming[2].increment();
            case WalletEvent.InvoiceCancelled c -> incoming[3].increment();
            case WalletEvent.PaymentAccepted a -> outgoing[1].increment();
            case WalletEvent.PaymentSettled s -> outgoing[2].increment();
            case WalletEvent.PaymentFailed f -> outgoing[3].increment();
            case WalletEvent.CallFailed f -> { }
            case WalletEvent.InvoiceLookedUp l -> { }
        }
    }

    // ---- the scrape

    /** The scrape: every node family, then the app API's. */
    public String scrape() {
        Exposition e = new Exposition();
        e.family("gg_node_start_time_seconds", Exposition.Type.GAUGE, "When the node started, in Unix seconds.")
                .sample(started.getEpochSecond());
        linkFamilies(e);
        frameFamilies(e);
        e.family("gg_node_events_total", Exposition.Type.COUNTER,
                "Engine events (what the app sees: jobs, offers, replies, payments), by event type.");
        events.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(Class::getSimpleName)))
                .forEach(x -> e.sample(x.getValue().sum(), "event", snake(x.getKey().getSimpleName())));
        e.family("gg_node_pow_solved_total", Exposition.Type.COUNTER,
                "Proofs of work the engine asked for, by result (found, or not found in time).")
                .sample(powFound.sum(), "result", "found").sample(powNotFound.sum(), "result", "not_found");
        e.family("gg_node_pow_attempts_total", Exposition.Type.COUNTER, "Hashes tried for those proofs of work.")
                .sample(powAttempts.sum());
        e.family("gg_node_pow_solve_seconds_total", Exposition.Type.COUNTER,
                "Wall time spent on those proofs of work, in seconds.").sample(powNanos.sum() / 1e9);
        e.family("gg_node_pow_invalid_total", Exposition.Type.COUNTER,
                "Broadcasts received whose proof of work failed verification (wrong scheme, weak target, bad work).")
                .sample(powInvalid.sum());
        e.family("gg_node_invoices_total", Exposition.Type.COUNTER,
                "Hold invoices by direction (incoming: ours; outgoing: ones we pay) and the state they reached.");
        for (int i = 0; i < INCOMING.length; i++) {
            e.sample(incoming[i].sum(), "direction", "incoming", "state", lower(INCOMING[i]));
        }
        for (int i = 0; i < OUTGOING.length; i++) {
            e.sample(outgoing[i].sum(), "direction", "outgoing", "state", lower(OUTGOING[i]));
        }
        e.family("gg_node_fees_earned_msat_total", Exposition.Type.COUNTER,
                "Routing fees earned: our network invoices settled, in millisatoshi.").sample(feesMsat.sum());
        e.family("gg_node_job_income_msat_total", Exposition.Type.COUNTER,
                "Job payments received as a worker (job invoices settled), in millisatoshi.")
                .sample(jobIncomeMsat.sum());
        outboxFamilies(e);
        HttpMetrics.families(e, http);
        return e.text();
    }

    private void outboxFamilies(Exposition e) {
        long dropped = 0;
        for (LongAdder d : heldDropped) {
            dropped += d.sum();
        }
        e.family("gg_node_outbox_frames", Exposition.Type.GAUGE,
                "Replies held now for peers whose link is down, waiting for them to link again.")
                .sample(Math.max(0, held.sum() - heldSent.sum() - dropped));
        e.family("gg_node_outbox_bytes", Exposition.Type.GAUGE, "Bytes of the replies held now.")
                .sample(Math.max(0, heldBytes.sum()));
        e.family("gg_node_outbox_held_total", Exposition.Type.COUNTER,
                "Replies held for a peer whose link was down (or its queue full) when they were to be sent.")
                .sample(held.sum());
        e.family("gg_node_outbox_delivered_total", Exposition.Type.COUNTER,
                "Held replies sent once their peer linked again (from any address).").sample(heldSent.sum());
        e.family("gg_node_outbox_dropped_total", Exposition.Type.COUNTER,
                "Held replies dropped unsent, by reason (expired; peer_cap or total_cap: pushed out by newer ones).");
        for (Outbox.Drop d : Outbox.Drop.values()) {
            e.sample(heldDropped[d.ordinal()].sum(), "reason", lower(d.name()));
        }
    }

    private void linkFamilies(Exposition e) {
        LinkStats s = links.stats();
        e.family("gg_node_links", Exposition.Type.GAUGE, "Admitted links up now, by who dialled (outbound: we did).")
                .sample(links.links(false), "direction", "inbound").sample(links.links(true), "direction", "outbound");
        e.family("gg_node_connections", Exposition.Type.GAUGE, "TCP connections open now, admitted or not.")
                .sample(s.connections());
        e.family("gg_node_links_opened_total", Exposition.Type.COUNTER, "Links admitted, by who dialled.")
                .sample(links.opened(false), "direction", "inbound").sample(links.opened(true), "direction", "outbound");
        e.family("gg_node_links_closed_total", Exposition.Type.COUNTER, "Links closed, by cause.");
        for (CloseCause c : CloseCause.values()) {
            e.sample(links.closed(c), "cause", lower(c.name()));
        }
        e.family("gg_node_connections_failed_total", Exposition.Type.COUNTER,
                "Connections closed before they became a link (handshake, admission, limits, duplicates), by cause.");
        for (CloseCause c : CloseCause.values()) {
            e.sample(links.failed(c), "cause", lower(c.name()));
        }
        e.family("gg_node_admission_failures_total", Exposition.Type.COUNTER,
                "Proof-of-work admissions that failed (seed 003, 2.3), by error.");
        for (AdmissionError a : AdmissionError.values()) {
            e.sample(links.admissionFailures(a), "error", lower(a.name()));
        }
        e.family("gg_node_dial_failures_total", Exposition.Type.COUNTER, "Dials that did not reach a TCP connection.")
                .sample(s.dialFailures());
        e.family("gg_node_messages_received_total", Exposition.Type.COUNTER,
                "Link messages received, by message type.");
        for (MessageType t : MessageType.values()) {
            e.sample(links.received(t), "type", lower(t.name()));
        }
        e.family("gg_node_messages_sent_total", Exposition.Type.COUNTER, "Link messages queued to peers, by type.");
        for (MessageType t : MessageType.values()) {
            e.sample(links.sent(t), "type", lower(t.name()));
        }
        e.family("gg_node_messages_send_refused_total", Exposition.Type.COUNTER,
                "Sends refused because the peer's outbound queue was full (backpressure).").sample(s.refusedSends());
    }

    private void frameFamilies(Exposition e) {
        e.family("gg_node_frames_received_total", Exposition.Type.COUNTER,
                "Gig-gossip frames received and decoded, by kind.");
        kinds(e, framesIn);
        e.family("gg_node_frames_sent_total", Exposition.Type.COUNTER, "Gig-gossip frames sent, by kind.");
        kinds(e, framesOut);
        e.family("gg_node_frames_send_refused_total", Exposition.Type.COUNTER,
                "Gig-gossip frames not sent (no link, or the peer's queue full), by kind.");
        kinds(e, sendRefused);
        e.family("gg_node_frames_rejected_total", Exposition.Type.COUNTER,
                "Frames the engine rejected, by kind and the penalty counted against the peer.");
        for (FrameKind k : FrameKind.values()) {
            for (Penalty.Severity p : Penalty.Severity.values()) {
                e.sample(rejected[k.ordinal() * SEVERITIES + p.ordinal()].sum(), "kind", lower(k.name()),
                        "penalty", p.label());
            }
        }
        e.family("gg_node_frames_rejected_by_reason_total", Exposition.Type.COUNTER,
                "Frames the engine rejected, by the reason of the penalty counted against the peer.");
        for (Penalty.Reason r : Penalty.Reason.values()) {
            e.sample(rejectedByReason[r.ordinal()].sum(), "reason", r.label());
        }
        e.family("gg_node_frames_ignored_total", Exposition.Type.COUNTER,
                "Frames dropped without blame (duplicate, unknown, late), by kind.");
        kinds(e, ignored);
        e.family("gg_node_frames_undecodable_total", Exposition.Type.COUNTER,
                "Gossip messages that did not decode (the link was closed), by decode error.");
        for (DecodeError.Reason r : DecodeError.Reason.values()) {
            e.sample(undecodable[r.ordinal()].sum(), "reason", lower(r.name()));
        }
    }

    /** The reasons {@code PowVerifier} rejects a proof of work for (wrong scheme, weak target, bad work). */
    private static boolean isProofOfWork(Penalty.Reason reason) {
        return switch (reason) {
            case BAD_POW, WEAK_POW, UNKNOWN_POW_SCHEME -> true;
            default -> false;
        };
    }

    private static void kinds(Exposition e, LongAdder[] byKind) {
        for (FrameKind k : FrameKind.values()) {
            e.sample(byKind[k.ordinal()].sum(), "kind", lower(k.name()));
        }
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** {@code JobPaymentReceived} as {@code job_payment_received}. */
    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
