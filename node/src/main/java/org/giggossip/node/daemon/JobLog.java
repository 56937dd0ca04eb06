package org.giggossip.node.daemon;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.AskDeclinedFrame;
import org.giggossip.core.wire.AskForBroadcastFrame;
import org.giggossip.core.wire.AskId;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.POWBroadcastFrame;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ReplyFrame;
import org.giggossip.node.host.HostListener;
import org.giggossip.node.host.HostTrace;

/**
 * One {@code info} line for each protocol step a job takes on this node (docs/operations.md,
 * "Following a job"): received from, relayed to, declined (and why), answered with a price, each
 * invoice of the job created, accepted, settled or cancelled, each payment made, paid, opened,
 * settled. Every line starts {@code job <8 hex>}: the first 8 hex digits of the job's payload id,
 * the same on every node the job reaches, so {@code grep} over the nodes' logs tells its story.
 *
 * <p>The engine names a job by its payload id only where it knows it; the rest is tied here from
 * what the host sees: an ask's id to its payload id; the backward onion a broadcast brought to the
 * reply that comes back with it (a peeled onion starts with the header this node received, see
 * {@link org.giggossip.core.onion.BackwardOnion}); a reply's payment hashes (its settlement promise)
 * to the job; a worker's settler calls to the payment hashes they issue; a customer's payments to
 * the offer it chose. Steps that cannot be tied to a job stay at {@code debug}.
 *
 * <p>Bounded (docs/style.md 14): every map is a small LRU; frames the engine has not accepted
 * never make an {@code info} line; the declines we send (asks cost a peer no work) make at most
 * one {@code info} line per job and {@value #DECLINES_PER_MINUTE} a minute, and refused offers
 * {@value #REJECTS_PER_JOB} per job; the rest goes to {@code debug}.
 *
 * <p>Thread-safe: the engine's loop and the wallet's and settler's threads call it.
 */
final class JobLog implements HostListener {
    private static final System.Logger LOG = System.getLogger(JobLog.class.getName());
    /** Entries kept per map: jobs in flight on one node at once, with room to spare. */
    static final int REMEMBERED = 4096;
    static final int DECLINES_PER_MINUTE = 30;
    static final int REJECTS_PER_JOB = 3;
    private static final int ONION_KEY = PublicKey.SIZE;
    private static final int MAX_TEXT = 160;

    /** A POW broadcast the engine is about to judge: the peer it came from. */
    private record Arrived(PublicKey from, PayloadId job, ByteBuffer onion) {}

    private final Map<AskId, PayloadId> asks = lru();
    private final Map<ByteBuffer, PayloadId> onions = lru();
    private final Map<Hash32, PayloadId> hashes = lru();
    private final Map<Hash32, Long> amounts = lru();
    private final Map<Hash32, PublicKey> replyNext = lru();
    private final Map<Long, PayloadId> settlerCalls = lru();
    private final Map<PayloadId, Boolean> own = lru();
    private final Map<PayloadId, Boolean> accepted = lru();
    private final Map<PayloadId, Boolean> declined = lru();
    private final Map<PayloadId, Integer> rejects = lru();
    private Arrived arrived;
    /** The job whose offer was just taken, and how many of its two payments are still to come. */
    private PayloadId chosen;
    private int chosenPays;
    private Instant declineWindow = Instant.EPOCH;
    private int declinesInWindow;

    /** A map that keeps the {@value #REMEMBERED} entries used last. */
    static <K, V> Map<K, V> lru() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }

    /** The short id of a job on every node: the first 8 hex digits of its payload id. */
    static String shortId(PayloadId job) {
        return job.hex().substring(0, 8);
    }

    private static String peer(PublicKey p) {
        return p.hex().substring(0, 12);
    }

    private static String hash(Hash32 h) {
        return h.hex().substring(0, 12);
    }

    static String sat(long msat) {
        return msat % 1000 == 0 ? (msat / 1000) + " sat" : msat + " msat";
    }

    /** {@code ", worker certified driving_licence=valid, ..."}, or nothing when the certificate certifies none. */
    private static String properties(Map<String, String> properties) {
        return properties.isEmpty() ? "" : ", worker certified " + text(String.join(", ",
                properties.entrySet().stream().map(p -> p.getKey() + "=" + p.getValue()).toList()));
    }

    /** Text from a peer or a wallet, clipped and on one line (the formatter quotes it). */
    static String text(String s) {
        String t = s == null ? "" : s.replaceAll("\\p{Cntrl}", " ");
        return t.length() <= MAX_TEXT ? t : t.substring(0, MAX_TEXT) + "...";
    }

    private static void info(PayloadId job, String what) {
        LOG.log(System.Logger.Level.INFO, "job " + shortId(job) + " " + what);
    }

    private static void debug(PayloadId job, String what) {
        LOG.log(System.Logger.Level.DEBUG, () -> "job " + shortId(job) + " " + what);
    }

    // ---- frames ----

    @Override
    public synchronized void trace(PublicKey node, Instant at, HostTrace trace) {
        switch (trace) {
            case HostTrace.FrameReceived r -> received(r.peer(), r);
            case HostTrace.FrameSent s -> sent(s.peer(), s, at);
            case HostTrace.FrameHeld h when h.frame() instanceof ReplyFrame reply ->
                    outbox(reply, "reply for " + peer(h.peer()) + " held: no link to it; kept until " + h.until());
            case HostTrace.HeldFrameSent h when h.frame() instanceof ReplyFrame reply ->
                    outbox(reply, "held reply delivered to " + peer(h.peer()) + " after " + h.held().toMillis()
                            + " ms");
            case HostTrace.HeldFrameDropped d when d.frame() instanceof ReplyFrame reply ->
                    outbox(reply, "held reply for " + peer(d.peer()) + " dropped: " + switch (d.why()) {
                        case EXPIRED -> "it expired before the peer linked again";
                        case PEER_CAP -> "the peer's outbox is full";
                        case TOTAL_CAP -> "the outbox is full";
                    });
            default -> { }
        }
    }

    /** A step of a reply held for a peer whose link is down: {@code info} under its job, if known. */
    private void outbox(ReplyFrame reply, String what) {
        var promise = reply.settlementPromise().body();
        PayloadId job = hashes.get(promise.networkPaymentHash());
        if (job == null) {
            job = hashes.get(promise.replyPaymentHash());
        }
        if (job != null) {
            info(job, what);
        } else {
            LOG.log(System.Logger.Level.INFO, "payment " + hash(promise.networkPaymentHash()) + " " + what);
        }
    }

    private void received(PublicKey from, HostTrace.FrameReceived r) {
        switch (r.frame()) {
            case AskForBroadcastFrame ask -> asks.put(ask.askId(), ask.signedRequestPayload().payloadId());
            case POWBroadcastFrame b -> {
                PayloadId job = b.broadcastPayload().signedRequestPayload().payloadId();
                // judged by the engine next, on this same loop: TopicReceived tells that it was accepted
                arrived = new Arrived(from, job, onionKey(b.broadcastPayload().backwardOnion()));
                if (accepted.containsKey(job)) {
                    onions.put(arrived.onion(), job); // a second copy: its replies come back through it
                }
            }
            case ReplyFrame reply -> {
                PayloadId job = onions.get(onionKey(reply.forwardOnion()));
                if (job != null) {
                    var promise = reply.settlementPromise().body();
                    hashes.put(promise.networkPaymentHash(), job);
                    hashes.put(promise.replyPaymentHash(), job);
                    debug(job, "reply arrived from " + peer(from));
                }
            }
            default -> { }
        }
    }

    private void sent(PublicKey to, HostTrace.FrameSent s, Instant at) {
        switch (s.frame()) {
            case POWBroadcastFrame b -> {
                PayloadId job = b.broadcastPayload().signedRequestPayload().payloadId();
                info(job, (own.containsKey(job) ? "broadcast to " : "relayed to ") + peer(to));
            }
            case AskDeclinedFrame d -> {
                PayloadId job = asks.remove(d.askId());
                String why = d.reason() + (d.text().isEmpty() ? "" : ": " + text(d.text()));
                if (job == null) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "declined an ask from " + peer(to) + ": " + why);
                } else if (declineAtInfo(job, at)) {
                    info(job, "declined ask from " + peer(to) + ": " + why);
                } else {
                    debug(job, "declined ask from " + peer(to) + ": " + why);
                }
            }
            case ReplyFrame reply -> {
                var promise = reply.settlementPromise().body();
                PayloadId job = hashes.get(promise.replyPaymentHash());
                if (job == null) {
                    job = hashes.get(promise.networkPaymentHash());
                }
                if (job != null) {
                    hashes.put(promise.networkPaymentHash(), job);
                    replyNext.put(promise.networkPaymentHash(), to);
                }
            }
            default -> { }
        }
    }

    /** Whether a decline we send goes to info: the first for its job, within the minute's budget. */
    private boolean declineAtInfo(PayloadId job, Instant at) {
        if (declined.put(job, Boolean.TRUE) != null) {
            return false;
        }
        if (!at.isBefore(declineWindow.plus(Duration.ofMinutes(1)))) {
            declineWindow = at;
            declinesInWindow = 0;
        }
        return declinesInWindow++ < DECLINES_PER_MINUTE;
    }

    private static ByteBuffer onionKey(byte[] onion) {
        return ByteBuffer.wrap(Arrays.copyOf(onion, ONION_KEY));
    }

    // ---- the engine's events ----

    @Override
    public synchronized void event(PublicKey node, Instant at, AppEvent event) {
        switch (event) {
            case AppEvent.JobPosted p -> {
                own.put(p.job(), Boolean.TRUE);
                info(p.job(), "posted");
            }
            case AppEvent.OfferReceived o -> {
                hashes.put(o.networkPaymentHash(), o.job());
                info(o.job(), "offer " + o.offer() + " received: price " + sat(o.jobPriceMsat()) + ", network fee "
                        + sat(o.networkFeeMsat()) + ", settler " + peer(o.settler()) + properties(o.workerProperties()));
            }
            case AppEvent.OfferRejected r -> {
                int n = rejects.merge(r.job(), 1, Integer::sum);
                if (n <= REJECTS_PER_JOB) {
                    info(r.job(), "offer refused: " + text(r.reason()));
                } else {
                    debug(r.job(), "offer refused: " + text(r.reason()));
                }
            }
            case AppEvent.OfferChosen c -> {
                chosen = c.job();
                chosenPays = 2;
                info(c.job(), "offer " + c.offer() + " taken" + (c.byPolicy() ? " by the auto_choose policy" : "")
                        + ": paying " + sat(c.totalMsat()));
            }
            case AppEvent.JobPaid p -> info(p.job(), "paid: offer " + p.offer() + ", network " + sat(p.networkMsat())
                    + ", job " + sat(p.jobMsat()) + " locked");
            case AppEvent.ReplyOpened o -> info(o.job(), "opened: offer " + o.offer() + " from worker "
                    + peer(o.worker()) + properties(o.workerProperties()));
            case AppEvent.JobSettled s -> info(s.job(), "settled: " + sat(s.jobMsat()) + " released to the worker");
            case AppEvent.DisputeOpened d -> info(d.job(), "disputed: " + text(d.reason()));
            case AppEvent.OfferExpired e -> info(e.job(), "offer " + e.offer() + " expired");
            case AppEvent.JobExpired e -> info(e.job(), "expired: " + text(e.reason()));
            case AppEvent.JobCancelled c -> info(c.job(), "cancelled: the gigs of its offers called off");
            case AppEvent.OfferWithdrawn w -> info(w.job(), "offer " + w.offer() + " withdrawn by its worker: "
                    + text(w.reason()));
            case AppEvent.PaymentFailed f -> { } // the wallet's line tells it
            case AppEvent.OfferFailed f -> info(f.job(), "payment of offer " + f.offer() + " failed: "
                    + text(f.reason()) + "; the offer stays, it may be taken again");
            case AppEvent.JobRefunded r -> info(r.job(), "refunded: " + sat(r.jobMsat()) + " of offer " + r.offer()
                    + " back to us: " + text(r.reason()));
            case AppEvent.TopicReceived t -> {
                Arrived a = arrived;
                arrived = null;
                if (a != null && a.job().equals(t.job())) {
                    onions.put(a.onion(), t.job());
                    accepted.put(t.job(), Boolean.TRUE);
                    info(t.job(), "received from " + peer(a.from()));
                } else {
                    info(t.job(), "received");
                }
            }
            case AppEvent.ReplySent s -> {
                hashes.put(s.replyPaymentHash(), s.job());
                info(s.job(), "answered with price " + sat(s.priceMsat()));
            }
            case AppEvent.ReplyFailed f -> info(f.job(), "not answered: " + text(f.reason()));
            case AppEvent.TopicRelayed r -> debug(r.job(), "relayed to " + r.peers() + " peers so far");
            case AppEvent.AskDeclined d -> info(d.job(), "declined by " + peer(d.peer()) + ": " + text(d.reason()));
            case AppEvent.ReplyForwarded f -> {
                PayloadId job = hashes.get(f.networkPaymentHash());
                PublicKey next = replyNext.remove(f.networkPaymentHash());
                if (job != null) {
                    info(job, "reply forwarded" + (next == null ? "" : " to " + peer(next)) + ", fee "
                            + sat(f.feeMsat()) + ", invoice " + hash(f.networkPaymentHash()));
                }
            }
            case AppEvent.ForwardFailed f -> {
                PayloadId job = hashes.get(f.networkPaymentHash());
                if (job != null) {
                    info(job, "reply not forwarded: " + text(f.reason()));
                }
            }
            case AppEvent.FeeEarned f -> {
                PayloadId job = hashes.get(f.networkPaymentHash());
                if (job != null) {
                    info(job, "fee earned: " + sat(f.feeMsat()));
                }
            }
            case AppEvent.PowFailed f -> info(f.job(), "proof of work failed: " + text(f.reason()));
            // the wallet's own lines (invoice accepted, settled, cancelled) tell these steps
            case AppEvent.JobPaymentAccepted a -> { }
            case AppEvent.JobPaymentReceived r -> { }
            case AppEvent.JobPaymentCancelled c -> { }
            case AppEvent.FrameRejected r -> { }
            case AppEvent.FrameIgnored i -> { }
            case AppEvent.SettlerRefused r -> { }
        }
    }

    // ---- wallet and settler ----

    @Override
    public synchronized void walletRequest(PublicKey node, Instant at, WalletRequest request) {
        switch (request) {
            case WalletRequest.CreateHoldInvoice c -> amounts.put(c.paymentHash(), c.amountMsat());
            case WalletRequest.Pay p -> {
                Hash32 h = switch (Bolt11.decode(p.bolt11())) {
                    case Decoded.Ok<Bolt11Invoice> ok -> ok.value().paymentHash();
                    case Decoded.Err<Bolt11Invoice> err -> null;
                };
                if (h == null) {
                    return;
                }
                PayloadId job = hashes.get(h);
                if (job == null && chosen != null && chosenPays > 0) {
                    // a customer pays the two invoices of the offer it just took, right after taking
                    // it (the job invoice's hash is sealed in the reply, which only the engine opens)
                    job = chosen;
                    chosenPays--;
                    hashes.put(h, job);
                } else if (job != null && job.equals(chosen) && chosenPays > 0) {
                    chosenPays--;
                }
                if (job != null) {
                    info(job, "paying invoice " + hash(h) + ": " + sat(p.maxAmountMsat()));
                }
            }
            case WalletRequest.Settle s -> { }
            case WalletRequest.Cancel c -> { }
            case WalletRequest.LookupInvoice l -> { }
        }
    }

    @Override
    public synchronized void walletEvent(PublicKey node, Instant at, WalletEvent event) {
        switch (event) {
            case WalletEvent.InvoiceCreated c -> {
                PayloadId job = hashes.get(c.paymentHash());
                Long msat = amounts.get(c.paymentHash());
                if (job != null) {
                    info(job, "invoice " + hash(c.paymentHash()) + " created" + (msat == null ? "" : ": " + sat(msat)));
                }
            }
            case WalletEvent.InvoiceAccepted a -> invoice(a.paymentHash(), "accepted: " + sat(a.amountMsat()));
            case WalletEvent.InvoiceSettled s -> invoice(s.paymentHash(), "settled: " + sat(s.amountMsat()));
            case WalletEvent.InvoiceCancelled c -> invoice(c.paymentHash(), "cancelled: " + text(c.reason()));
            case WalletEvent.PaymentAccepted p -> payment(p.paymentHash(), "accepted: " + sat(p.amountMsat()));
            case WalletEvent.PaymentSettled s -> payment(s.paymentHash(), "settled: " + sat(s.amountMsat()));
            case WalletEvent.PaymentFailed f -> {
                if (f.paymentHash() != null && !f.isDuplicateRefusal()) {
                    payment(f.paymentHash(), "failed: " + text(f.reason()));
                }
            }
            case WalletEvent.CallFailed f -> { }
            case WalletEvent.InvoiceLookedUp l ->
                    invoice(l.paymentHash(), "looked up by the settler: " + (l.accepted() ? "held" : "not held"));
        }
    }

    private void invoice(Hash32 h, String what) {
        PayloadId job = hashes.get(h);
        if (job != null) {
            info(job, "invoice " + hash(h) + " " + what);
        }
    }

    private void payment(Hash32 h, String what) {
        PayloadId job = hashes.get(h);
        if (job != null) {
            info(job, "payment of invoice " + hash(h) + " " + what);
        }
    }

    @Override
    public synchronized void settlerRequest(PublicKey node, Instant at, PublicKey settler, SettlerRequest request) {
        if (request instanceof SettlerRequest.IssueReplyHash i) {
            settlerCalls.put(i.callId(), i.request().payloadId());
        }
    }

    @Override
    public synchronized void settlerResponse(PublicKey node, Instant at, SettlerResponse response) {
        switch (response) {
            case SettlerResponse.ReplyHashIssued i -> {
                PayloadId job = settlerCalls.remove(i.callId());
                if (job != null) {
                    hashes.put(i.replyPaymentHash(), job);
                }
            }
            case SettlerResponse.ReplySealed s -> {
                var promise = s.promise().body();
                PayloadId job = hashes.get(promise.replyPaymentHash());
                if (job != null) {
                    hashes.put(promise.networkPaymentHash(), job);
                }
            }
            default -> { }
        }
    }
}
