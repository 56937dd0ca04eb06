package org.giggossip.node.daemon;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.node.host.ServiceEndpoint;

/**
 * The settler's half of "Following a job" (docs/operations.md) on a node that serves the settler
 * to its peers: one {@code info} line, under the job's short id ({@link JobLog#shortId}), for each
 * step the settler takes for a job: the reply hash issued to its worker, the reply sealed, the
 * worker's invoice reported accepted, the customer's confirmation or dispute, each preimage revealed,
 * a reply cancelled, a request refused.
 *
 * <p>Bounded (docs/style.md 14): a linked peer may ask for reply hashes for any request it signs,
 * so those lines are at most {@value #ISSUED_PER_MINUTE} a minute (the rest at {@code debug});
 * every other line needs a payment hash issued before, and each step of a hash is logged once.
 * Thread-safe.
 */
final class SettlerJobLog implements ServiceEndpoint.SettlerObserver {
    private static final System.Logger LOG = System.getLogger(SettlerJobLog.class.getName());
    static final int ISSUED_PER_MINUTE = 30;

    /** A call of a peer the answer to which is worth a line. */
    private record Call(PublicKey peer, long callId) {}

    private record Step(Hash32 hash, String what) {}

    private final InstantSource clock;
    private final Map<Call, SettlerRequest> calls = JobLog.lru();
    private final Map<Hash32, PayloadId> hashes = JobLog.lru();
    private final Map<Step, Boolean> logged = JobLog.lru();
    private Instant window = Instant.EPOCH;
    private int issuedInWindow;

    SettlerJobLog(InstantSource clock) {
        this.clock = clock;
    }

    private static String peer(PublicKey p) {
        return p.hex().substring(0, 12);
    }

    private static String hash(Hash32 h) {
        return h.hex().substring(0, 12);
    }

    @Override
    public synchronized void call(PublicKey peer, SettlerRequest request) {
        switch (request) {
            case SettlerRequest.IssueReplyHash i -> calls.put(new Call(peer, i.callId()), i);
            case SettlerRequest.SealReply s -> track(peer, s.callId(), s.replyPaymentHash(), s);
            case SettlerRequest.ReplyInvoiceAccepted a -> track(peer, a.callId(), a.replyPaymentHash(), a);
            case SettlerRequest.ConfirmJob c -> track(peer, c.callId(), c.replyPaymentHash(), c);
            case SettlerRequest.OpenDispute d -> track(peer, d.callId(), d.replyPaymentHash(), d);
            case SettlerRequest.CancelGig c -> track(peer, c.callId(), c.replyPaymentHash(), c);
            case SettlerRequest.JobPaymentLocked l -> track(peer, l.callId(), l.replyPaymentHash(), l);
            case SettlerRequest.FetchPreimage f -> { }
        }
    }

    private void track(PublicKey peer, long callId, Hash32 hash, SettlerRequest request) {
        if (hashes.containsKey(hash)) {
            calls.put(new Call(peer, callId), request);
        }
    }

    @Override
    public synchronized void answer(PublicKey peer, SettlerResponse response) {
        SettlerRequest asked = calls.remove(new Call(peer, response.callId()));
        switch (response) {
            case SettlerResponse.ReplyHashIssued i -> {
                if (asked instanceof SettlerRequest.IssueReplyHash r) {
                    PayloadId job = r.request().payloadId();
                    hashes.put(i.replyPaymentHash(), job);
                    String line = "settler issued reply hash " + hash(i.replyPaymentHash()) + " to worker "
                            + peer(peer) + " for " + JobLog.sat(r.replyAmountMsat());
                    if (issuedAtInfo()) {
                        info(job, line);
                    } else {
                        LOG.log(System.Logger.Level.DEBUG, () -> "job " + JobLog.shortId(job) + " " + line);
                    }
                }
            }
            case SettlerResponse.ReplySealed s -> {
                var promise = s.promise().body();
                PayloadId job = hashes.get(promise.replyPaymentHash());
                if (job != null) {
                    hashes.put(promise.networkPaymentHash(), job);
                    once(job, promise.replyPaymentHash(), "settler sealed the reply of worker " + peer(peer)
                            + ", network invoice " + hash(promise.networkPaymentHash()));
                }
            }
            case SettlerResponse.Done d -> {
                switch (asked) {
                    case SettlerRequest.ReplyInvoiceAccepted a -> done(a.replyPaymentHash(),
                            "worker " + peer(peer) + " reports its invoice accepted");
                    case SettlerRequest.JobPaymentLocked l -> done(l.replyPaymentHash(),
                            "customer " + peer(peer) + " states its job payment locked");
                    case SettlerRequest.ConfirmJob c -> done(c.replyPaymentHash(),
                            "customer " + peer(peer) + " confirmed the job");
                    case SettlerRequest.OpenDispute o -> done(o.replyPaymentHash(),
                            "customer " + peer(peer) + " opened a dispute");
                    case SettlerRequest.CancelGig c -> done(c.replyPaymentHash(),
                            "worker " + peer(peer) + " cancelled the gig");
                    case null, default -> { }
                }
            }
            case SettlerResponse.Refused r -> {
                Hash32 h = switch (asked) {
                    case SettlerRequest.SealReply s -> s.replyPaymentHash();
                    case SettlerRequest.ReplyInvoiceAccepted a -> a.replyPaymentHash();
                    case SettlerRequest.ConfirmJob c -> c.replyPaymentHash();
                    case SettlerRequest.OpenDispute o -> o.replyPaymentHash();
                    case SettlerRequest.CancelGig c -> c.replyPaymentHash();
                    case null, default -> null;
                };
                if (h != null) {
                    done(h, "settler refused " + asked.getClass().getSimpleName() + " of " + peer(peer) + ": "
                            + JobLog.text(r.reason()));
                }
            }
            case SettlerResponse.PreimageRevealed p -> done(p.paymentHash(), "settler revealed the preimage of "
                    + hash(p.paymentHash()) + " to " + peer(peer));
            case SettlerResponse.ReplyCancelled c -> done(c.replyPaymentHash(), "settler cancelled the reply: "
                    + JobLog.text(c.reason()));
        }
    }

    private void done(Hash32 h, String line) {
        PayloadId job = hashes.get(h);
        if (job != null) {
            once(job, h, line);
        }
    }

    /** Logs {@code line} for {@code h} once: a repeated answer (a retried call) adds nothing. */
    private void once(PayloadId job, Hash32 h, String line) {
        if (logged.put(new Step(h, line), Boolean.TRUE) == null) {
            info(job, line);
        }
    }

    private boolean issuedAtInfo() {
        Instant now = clock.instant();
        if (!now.isBefore(window.plus(Duration.ofMinutes(1)))) {
            window = now;
            issuedInWindow = 0;
        }
        return issuedInWindow++ < ISSUED_PER_MINUTE;
    }

    private static void info(PayloadId job, String what) {
        LOG.log(System.Logger.Level.INFO, "job " + JobLog.shortId(job) + " " + what);
    }
}
