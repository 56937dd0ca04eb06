package org.giggossip.node.host;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.service.ServiceCodec;
import org.giggossip.core.service.ServiceMessage;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Decoded;

/**
 * Serves the settler and the regtest ledger of a {@link LocalServices} to
 * remote nodes over their links, so that nodes may run on several machines
 * (docs/operations.md, "Settler and wallet across processes";
 * {@code service.proto}). The caller is the link's peer, authenticated by
 * BOLT 8: its wallet requests run on its own ledger account (opened on its
 * first message, with the configured starting balance), its settler requests
 * go to the settler as from it, and the answers and events go back over its
 * link.
 *
 * <p>Nothing sent to a peer is lost while its link is down: everything is kept
 * in a bounded per-peer outbox and delivered, in order, on its next link-up.
 * Should the outbox overflow, its oldest entries are dropped (counted in
 * {@link #dropped()}); a {@code Resume} still replays the account's ACCEPTED
 * invoices and its settled payments.
 *
 * <p>A call runs once per peer and call id (docs/settler.md, "Nodes on a settler service"): a client sends every
 * call not answered yet again on each link-up, since the link it was written to
 * may have died before it was read. A repeat of a call still in progress is
 * ignored; a repeat of a finished call is answered again with its last answer
 * (for a {@code Pay}, say, its {@code PaymentAccepted}, or its
 * {@code PaymentFailed} if the payment failed since). What is remembered is
 * bounded per peer: the {@value #CALLS_REMEMBERED} latest calls in progress and
 * the {@value #CALLS_REMEMBERED} latest answers of each kind (wallet, settler),
 * within at most {@value #ANSWER_BYTES_REMEMBERED} bytes of answers of each kind,
 * oldest forgotten first. A call forgotten, or sent again after this node restarted, runs
 * again: the ledger refuses to pay an invoice twice (a refusal the payer reads
 * as "already paid by you") and the settler seals a reply sent again with the
 * same call id once, so that is safe too.
 *
 * <p>A peer that sends garbage, or a message only a server sends, is told to
 * go: {@link #message} returns the reason, and the host closes the link.
 */
public final class ServiceEndpoint implements LinkService, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ServiceEndpoint.class.getName());
    /** How soon a send refused by a full link is tried again. */
    private static final long RETRY_MILLIS = 50;
    /** Calls in progress, and answers, remembered per peer and kind. */
    static final int CALLS_REMEMBERED = 1024;
    /** The encoded size of the answers remembered per peer and kind. */
    static final int ANSWER_BYTES_REMEMBERED = 1 << 20;

    private final LocalServices services;
    private final Sender sender;
    private final long startingBalanceMsat;
    private final int outboxLimit;
    private final Map<PublicKey, Peer> peers = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private volatile SettlerObserver observer = SettlerObserver.NONE;
    private volatile BiConsumer<PublicKey, Boolean> errands = (peer, errand) -> { };
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "service-endpoint-retry");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param services            the settler and ledger served
     * @param sender              sends a SERVICE message body to a linked peer
     * @param startingBalanceMsat minted on each new remote account (regtest); 0 for none
     * @param outboxLimit         messages kept for a peer whose link is down
     */
    public ServiceEndpoint(LocalServices services, Sender sender, long startingBalanceMsat, int outboxLimit) {
        this.services = Objects.requireNonNull(services, "services");
        this.sender = Objects.requireNonNull(sender, "sender");
        if (startingBalanceMsat < 0 || outboxLimit < 1) {
            throw new IllegalArgumentException("need startingBalanceMsat >= 0 and outboxLimit >= 1");
        }
        this.startingBalanceMsat = startingBalanceMsat;
        this.outboxLimit = outboxLimit;
    }

    /**
     * What the served settler is asked by linked peers and what it answers them: for logs. Called on
     * I/O and settler threads: return quickly.
     */
    public interface SettlerObserver {
        SettlerObserver NONE = new SettlerObserver() {};

        /** {@code peer} asked the settler {@code request}. */
        default void call(PublicKey peer, SettlerRequest request) {}

        /** The settler answered {@code peer} (or told it, unasked) {@code response}. */
        default void answer(PublicKey peer, SettlerResponse response) {}
    }

    /**
     * Tells {@code errands} which links are errands ({@code Links.errand}): a peer's link on which
     * it enrolled is one (the node enrols over a link of its own and closes it), until the peer
     * makes a wallet, settler or balance call on it.
     */
    public void errands(BiConsumer<PublicKey, Boolean> errands) {
        this.errands = Objects.requireNonNull(errands, "errands");
    }

    /** Tells {@code observer} of every settler call and answer from now on. */
    public void observe(SettlerObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** Messages dropped from full outboxes since start. */
    public long dropped() {
        return dropped.get();
    }

    /** Messages waiting for {@code peer}'s link. */
    public int pending(PublicKey peer) {
        Peer p = peers.get(peer);
        if (p == null) {
            return 0;
        }
        synchronized (p) {
            return p.outbox.size();
        }
    }

    @Override
    public void linkUp(PublicKey peer) {
        Peer p = peer(peer);
        synchronized (p) {
            p.online = true;
            p.errand = false;
            flush(p);
        }
    }

    @Override
    public void linkDown(PublicKey peer, String reason) {
        Peer p = peers.get(peer);
        if (p != null) {
            synchronized (p) {
                p.online = false;
            }
        }
    }

    @Override
    public Optional<String> message(PublicKey peer, byte[] body) {
        ServiceMessage message;
        switch (ServiceCodec.decode(body)) {
            case Decoded.Ok<ServiceMessage> ok -> message = ok.value();
            case Decoded.Err<ServiceMessage> err -> {
                return Optional.of("service: undecodable message: " + err.error());
            }
        }
        Peer p = peer(peer);
        errand(p, message);
        switch (message) {
            case ServiceMessage.WalletCall c -> {
                if (p.wallet.firstTime(c.request().callId(), c.request(), this, p)) {
                    p.payments.wallet(c.request());
                }
            }
            case ServiceMessage.SettlerCall c -> {
                if (p.settler.firstTime(c.request().callId(), c.request(), this, p)) {
                    observer.call(peer, c.request());
                    p.payments.send(services.settlerId(), c.request());
                }
            }
            case ServiceMessage.Enrol e -> answer(p, services.enrolRemote(peer, startingBalanceMsat)
                    .thenApply(cert -> {
                        LOG.log(System.Logger.Level.INFO, "service: enrolled " + peer.hex().substring(0, 12)
                                + "; a node enrols over a link of its own and closes it once enrolled");
                        return e.enrolled(cert, services.settlerId());
                    }));
            case ServiceMessage.BalanceQuery q -> answer(p, services.balances(peer)
                    .thenApply(b -> q.answer(b[0], b[1])));
            case ServiceMessage.Resume r -> services.resume(peer).whenComplete((events, error) -> {
                if (error != null) {
                    LOG.log(System.Logger.Level.WARNING, "service: cannot resume " + peer.hex().substring(0, 12)
                            + ": " + error);
                    return;
                }
                events.forEach(e -> deliver(p, new ServiceMessage.WalletNotice(e)));
            });
            case ServiceMessage.SettlerAnswer a -> {
                return serverOnly(a);
            }
            case ServiceMessage.WalletNotice n -> {
                return serverOnly(n);
            }
            case ServiceMessage.Enrolled e -> {
                return serverOnly(e);
            }
            case ServiceMessage.BalanceAnswer a -> {
                return serverOnly(a);
            }
        }
        return Optional.empty();
    }

    /** Marks the peer's link an errand on an Enrol, and not one on a call. */
    private void errand(Peer p, ServiceMessage m) {
        boolean enrol = m instanceof ServiceMessage.Enrol;
        boolean call = m instanceof ServiceMessage.WalletCall || m instanceof ServiceMessage.SettlerCall
                || m instanceof ServiceMessage.BalanceQuery;
        if (!enrol && !call) {
            return;
        }
        synchronized (p) {
            if (p.errand == enrol) {
                return;
            }
            p.errand = enrol;
        }
        errands.accept(p.id, enrol);
    }

    private static Optional<String> serverOnly(ServiceMessage m) {
        return Optional.of("service: a client may not send " + m.getClass().getSimpleName());
    }

    private void answer(Peer p, CompletableFuture<? extends ServiceMessage> answer) {
        answer.whenComplete((m, error) -> {
            if (error != null) {
                LOG.log(System.Logger.Level.WARNING, "service: a query of " + p.id.hex().substring(0, 12)
                        + " failed: " + error);
                return;
            }
            deliver(p, m);
        });
    }

    /** The peer's state, bound to its payments on first sight. */
    private Peer peer(PublicKey id) {
        return peers.computeIfAbsent(id, k -> {
            Peer p = new Peer(k);
            p.payments = services.bindRemote(k, startingBalanceMsat,
                    e -> {
                        ServiceMessage m = new ServiceMessage.WalletNotice(e);
                        p.wallet.answered(walletCallOf(p.wallet, e), m);
                        deliver(p, m);
                    },
                    r -> {
                        observer.answer(k, r);
                        ServiceMessage m = new ServiceMessage.SettlerAnswer(r);
                        if (r.callId() != 0) { // 0: a notice
                            p.settler.answered(r.callId(), m);
                        }
                        deliver(p, m);
                    });
            return p;
        });
    }

    /**
     * The call id of the wallet call {@code e} answers: its own call id, or for the settlement
     * (cancellation) of an invoice the Settle (Cancel) in progress for its payment hash; else
     * {@link Long#MIN_VALUE}.
     */
    private static long walletCallOf(Calls wallet, WalletEvent e) {
        return switch (e) {
            case WalletEvent.InvoiceCreated c -> c.callId();
            case WalletEvent.CallFailed c -> c.callId();
            case WalletEvent.PaymentAccepted c -> c.callId();
            case WalletEvent.PaymentFailed c -> c.callId();
            case WalletEvent.InvoiceLookedUp c -> c.callId();
            case WalletEvent.InvoiceSettled c -> wallet.inProgress(r ->
                    r instanceof WalletRequest.Settle s && s.paymentHash().equals(c.paymentHash()));
            case WalletEvent.InvoiceCancelled c -> wallet.inProgress(r ->
                    r instanceof WalletRequest.Cancel x && x.paymentHash().equals(c.paymentHash()));
            case WalletEvent.InvoiceAccepted c -> Long.MIN_VALUE;
            case WalletEvent.PaymentSettled c -> Long.MIN_VALUE;
        };
    }

    private void deliver(Peer p, ServiceMessage m) {
        byte[] body = ServiceCodec.encode(m);
        synchronized (p) {
            if (p.outbox.size() == outboxLimit) {
                p.outbox.removeFirst();
                dropped.incrementAndGet();
                LOG.log(System.Logger.Level.DEBUG, () -> "service: outbox of " + p.id.hex().substring(0, 12)
                        + " is full; dropped its oldest message");
            }
            p.outbox.addLast(body);
            flush(p);
        }
    }

    /** Sends what the peer's outbox holds, in order, while its link takes it. Holds the peer's lock. */
    private void flush(Peer p) {
        while (p.online && !p.outbox.isEmpty()) {
            if (!sender.send(p.id, p.outbox.peekFirst())) {
                if (!p.retryScheduled) {
                    p.retryScheduled = true;
                    try {
                        retries.schedule(() -> {
                            synchronized (p) {
                                p.retryScheduled = false;
                                flush(p);
                            }
                        }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException e) {
                        // closed
                    }
                }
                return;
            }
            p.outbox.removeFirst();
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }

    /**
     * The calls of one kind of one peer: those in progress and the answers of those finished,
     * each bounded (see the class comment). Guarded by its monitor.
     */
    private static final class Calls {
        private final LinkedHashMap<Long, Object> inProgress = new LinkedHashMap<>();
        private final LinkedHashMap<Long, ServiceMessage> answers = new LinkedHashMap<>();
        private final LinkedHashMap<Long, Integer> answerSizes = new LinkedHashMap<>();
        private long answerBytes;

        /**
         * Whether call {@code callId} is new, and if so marks it in progress. A repeat is not: one
         * in progress is ignored, one finished is answered again (through {@code endpoint}).
         */
        boolean firstTime(long callId, Object request, ServiceEndpoint endpoint, Peer peer) {
            ServiceMessage again;
            synchronized (this) {
                again = answers.get(callId);
                if (again == null) {
                    if (inProgress.containsKey(callId)) {
                        LOG.log(System.Logger.Level.DEBUG, () -> "service: call " + callId + " of "
                                + peer.id.hex().substring(0, 12) + " sent again while in progress; ignored");
                        return false;
                    }
                    if (inProgress.size() == CALLS_REMEMBERED) {
                        inProgress.pollFirstEntry();
                    }
                    inProgress.put(callId, request);
                    return true;
                }
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "service: call " + callId + " of "
                    + peer.id.hex().substring(0, 12) + " sent again; answered again");
            endpoint.deliver(peer, again);
            return false;
        }

        /** The call in progress whose request matches, or {@link Long#MIN_VALUE}. */
        synchronized long inProgress(Predicate<Object> matches) {
            for (var e : inProgress.entrySet()) {
                if (matches.test(e.getValue())) {
                    return e.getKey();
                }
            }
            return Long.MIN_VALUE;
        }

        /**
         * {@code answer} answers call {@code callId} (if it is one in progress or finished: its
         * latest answer is the one a repeat gets).
         */
        synchronized void answered(long callId, ServiceMessage answer) {
            if (callId == Long.MIN_VALUE || inProgress.remove(callId) == null && !answers.containsKey(callId)) {
                return;
            }
            forget(callId);
            int size = ServiceCodec.encode(answer).length;
            answers.put(callId, answer);
            answerSizes.put(callId, size);
            answerBytes += size;
            while (answers.size() > CALLS_REMEMBERED || answerBytes > ANSWER_BYTES_REMEMBERED) {
                forget(answers.firstEntry().getKey());
            }
        }

        private void forget(long callId) {
            if (answers.remove(callId) != null) {
                answerBytes -= answerSizes.remove(callId);
            }
        }
    }

    /** One remote node. Its mutable fields are guarded by its monitor. */
    private static final class Peer {
        final PublicKey id;
        final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
        final Calls wallet = new Calls();
        final Calls settler = new Calls();
        Payments payments;
        boolean online;
        boolean retryScheduled;
        /** Whether its link now up is an errand (it enrolled on it). */
        boolean errand;

        Peer(PublicKey id) {
            this.id = id;
        }
    }

}
