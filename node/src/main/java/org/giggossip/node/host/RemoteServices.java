package org.giggossip.node.host;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.service.ServiceCodec;
import org.giggossip.core.service.ServiceMessage;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Hash32;
import org.giggossip.net.link.LinkConfig;
import org.giggossip.net.link.Links;
import org.giggossip.net.netty.AdmissionSolver;

/**
 * A node's settler and wallet served by another node over a link
 * (docs/operations.md, "Settler and wallet across processes";
 * {@code service.proto}; the server is {@link ServiceEndpoint}): requests leave
 * as SERVICE messages to the settler node, answers are matched to them by call
 * id, and wallet events and settler answers go to the sinks given at bind time
 * ({@link #binding()}).
 *
 * <p>A request that cannot be sent (no link to the settler node) waits for the
 * link: it leaves, with its call id, as soon as the link is up again (docs/settler.md, "Nodes on a settler
 * service"; a payment made while the link was down used to fail at once). A request that
 * was sent but is not answered yet leaves again too, on every link-up, with its
 * call id: the link it was written to may have died before the settler node
 * read it. The server ({@link ServiceEndpoint}) runs a call once per call id and
 * answers a repeat of a finished call again, so a request sent twice pays,
 * seals or settles once. A request not
 * answered within the timeout fails: a wallet call with
 * {@link WalletEvent.CallFailed} (a {@code Pay} with {@link WalletEvent.PaymentFailed},
 * which is what a payer waits for), a settler call with
 * {@link SettlerResponse.Refused}, each with the reason. An answer that comes
 * after its request failed is still delivered: the engine ignores what it no
 * longer waits for, and learns what really happened to its money.
 *
 * <p>On every link-up to the settler node this sends a {@code Resume}: the
 * server replays the InvoiceAccepted of this node's invoices still accepted and
 * the PaymentSettled of its payments settled meanwhile, so a node restarted
 * after a crash learns what it missed. Events may therefore arrive twice; the
 * engine's handlers ignore repeats.
 *
 * <p>Thread-safe; sinks are called from I/O threads and the timer thread, never
 * inside a request.
 */
public final class RemoteServices implements Payments, LinkService, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RemoteServices.class.getName());

    private final PublicKey settlerNode;
    private final Duration timeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "remote-services");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, Call<WalletRequest>> walletCalls = new ConcurrentHashMap<>();
    private final Map<Long, Call<SettlerRequest>> settlerCalls = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<long[]>> balanceCalls = new ConcurrentHashMap<>();
    private final AtomicLong balanceIds = new AtomicLong();
    private volatile Sender sender;
    private volatile Consumer<WalletEvent> walletSink = e -> { };
    private volatile Consumer<SettlerResponse> settlerSink = r -> { };
    private volatile CompletableFuture<ServiceMessage.Enrolled> enrolling;
    private volatile PublicKey settlerId;

    /**
     * The call ids of requests that could not be sent yet (no link), for the reason a call that
     * times out gives. Guarded by itself, with every send of a call and every registration of one,
     * so that a link-up re-sends each pending call once, in the order they were made.
     */
    private final java.util.LinkedHashSet<Long> unsent = new java.util.LinkedHashSet<>();
    /** Orders the pending calls of both kinds for a re-send. */
    private final AtomicLong sequence = new AtomicLong();
    /** When a wait for the link was last logged (rate-limited to one line per {@link #LOG_EVERY_NANOS}). */
    private final AtomicLong waitLoggedAt = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Call<R>(long sequence, R request, ScheduledFuture<?> timeout) {}

    /**
     * @param settlerNode the node that serves the settler and wallet (its link key)
     * @param timeout     how long an answer may take
     */
    public RemoteServices(PublicKey settlerNode, Duration timeout) {
        this.settlerNode = Objects.requireNonNull(settlerNode, "settlerNode");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** How this sends to the settler node: over the node's links ({@link LinkService#sender}). */
    public void attach(Sender sender) {
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /** The binding to give {@link EngineHost}: it sets the sinks and returns these payments. */
    public EngineHost.PaymentsBinding binding() {
        return (wallet, settler) -> {
            this.walletSink = Objects.requireNonNull(wallet, "wallet");
            this.settlerSink = Objects.requireNonNull(settler, "settler");
            return this;
        };
    }

    /** The settler node's link key. */
    public PublicKey settlerNode() {
        return settlerNode;
    }

    /** The settler's id, once enrolled. */
    public Optional<PublicKey> settlerId() {
        return Optional.ofNullable(settlerId);
    }

    /**
     * Asks the settler node for this node's account and certificate and waits
     * for them (the link must be up).
     *
     * @throws IllegalStateException with the reason, if the settler node is unreachable or does not answer in time
     */
    public Certificate enrol() {
        CompletableFuture<ServiceMessage.Enrolled> answer = new CompletableFuture<>();
        enrolling = answer;
        if (!send(new ServiceMessage.Enrol())) {
            throw new IllegalStateException("cannot enrol: no link to the settler node " + short12(settlerNode));
        }
        ServiceMessage.Enrolled enrolled = await(answer, "enrol");
        settlerId = enrolled.settlerId();
        return enrolled.certificate();
    }

    /**
     * Enrols before the node's host exists: links to the settler node with
     * short-lived links of the node's own key, enrols, and closes them.
     */
    public static Certificate enrol(PrivateKey key, PublicKey settlerNode, InetSocketAddress address,
            LinkConfig config, AdmissionSolver solver, Duration timeout) {
        try (RemoteServices remote = new RemoteServices(settlerNode, timeout)) {
            ServiceLinkListener listener = new ServiceLinkListener(remote);
            Links links = Links.builder(key, listener)
                    .config(config).solver(solver).build();
            String reason = "enrolment failed";
            try {
                listener.links(links);
                remote.attach(LinkService.sender(links));
                await(links.connect(settlerNode, address), "link to the settler node", timeout);
                Certificate certificate = remote.enrol();
                reason = "enrolled; the enrolment link is done";
                return certificate;
            } finally {
                links.close(reason);
            }
        }
    }

    // ---- Payments ----

    @Override
    public void wallet(WalletRequest request) {
        ScheduledFuture<?> t = schedule(() -> {
            if (walletCalls.remove(request.callId()) != null) {
                walletSink.accept(failed(request, timedOut(request.callId())));
            }
        }, timeout);
        sendOrHold(request.callId(), () -> walletCalls.put(request.callId(),
                new Call<>(sequence.incrementAndGet(), request, t)), new ServiceMessage.WalletCall(request),
                request.getClass().getSimpleName());
    }

    /**
     * Registers a call as pending and sends it, or keeps it for the next link-up if there is no
     * link; both under the lock a link-up re-sends under, so that the call leaves once.
     */
    private void sendOrHold(long callId, Runnable register, ServiceMessage message, String what) {
        boolean sent;
        synchronized (unsent) {
            register.run();
            sent = send(message);
            if (!sent) {
                unsent.add(callId);
            }
        }
        if (!sent) {
            long now = System.nanoTime();
            long last = waitLoggedAt.get();
            if (now - last >= LOG_EVERY_NANOS && waitLoggedAt.compareAndSet(last, now)) {
                LOG.log(System.Logger.Level.WARNING, "no link to the settler node " + short12(settlerNode) + ": "
                        + what + " (call " + callId + ") waits for the link, at most " + timeout);
            }
        }
    }

    /** Why a call not answered in time failed: it never left for want of a link, or nothing answered. */
    private String timedOut(long callId) {
        synchronized (unsent) {
            if (unsent.remove(callId)) {
                return "no link to the settler node " + short12(settlerNode) + " within " + timeout;
            }
        }
        return "no answer from the settler node within " + timeout;
    }

    @Override
    public void send(PublicKey settler, SettlerRequest request) {
        PublicKey known = settlerId;
        if (known != null && !known.equals(settler)) {
            later(() -> settlerSink.accept(new SettlerResponse.Refused(request.callId(),
                    "no route to settler " + short12(settler))));
            return;
        }
        ScheduledFuture<?> t = schedule(() -> {
            if (settlerCalls.remove(request.callId()) != null) {
                settlerSink.accept(new SettlerResponse.Refused(request.callId(), timedOut(request.callId())));
            }
        }, timeout);
        sendOrHold(request.callId(), () -> settlerCalls.put(request.callId(),
                new Call<>(sequence.incrementAndGet(), request, t)), new ServiceMessage.SettlerCall(request),
                request.getClass().getSimpleName());
    }

    /**
     * Spendable and locked msat, asked of the settler node.
     *
     * @throws IllegalStateException if the settler node is unreachable or does not answer in time
     */
    @Override
    public long[] balance() {
        long id = balanceIds.incrementAndGet();
        CompletableFuture<long[]> answer = new CompletableFuture<>();
        balanceCalls.put(id, answer);
        try {
            if (!send(new ServiceMessage.BalanceQuery(id))) {
                throw new IllegalStateException("no link to the settler node " + short12(settlerNode));
            }
            return await(answer, "balance");
        } finally {
            balanceCalls.remove(id);
        }
    }

    // ---- LinkService ----

    /**
     * The link to the settler node is up: asks it to replay what we may have missed, then sends
     * every call not answered yet, in the order they were made, with its call id: those that
     * waited for the link, and those sent over a link that died before they were answered (the
     * settler node runs a call id once, see {@link ServiceEndpoint}).
     */
    @Override
    public void linkUp(PublicKey peer) {
        if (!peer.equals(settlerNode)) {
            return;
        }
        send(new ServiceMessage.Resume());
        int waited = 0;
        int again = 0;
        synchronized (unsent) {
            record Pending(long callId, long sequence, ServiceMessage message) {}
            java.util.List<Pending> pending = new java.util.ArrayList<>();
            walletCalls.forEach((id, c) -> pending.add(new Pending(id, c.sequence(),
                    new ServiceMessage.WalletCall(c.request()))));
            settlerCalls.forEach((id, c) -> pending.add(new Pending(id, c.sequence(),
                    new ServiceMessage.SettlerCall(c.request()))));
            pending.sort(java.util.Comparator.comparingLong(Pending::sequence));
            unsent.retainAll(pending.stream().map(Pending::callId).toList()); // answered or timed out meanwhile
            for (Pending p : pending) {
                if (!send(p.message())) {
                    break; // the link went down again: all of them leave again on the next link-up
                }
                if (unsent.remove(p.callId())) {
                    waited++;
                } else {
                    again++;
                }
            }
        }
        if (waited + again > 0) {
            int w = waited;
            int a = again;
            LOG.log(System.Logger.Level.INFO, () -> "link to the settler node " + short12(settlerNode)
                    + " up: sent " + w + " calls that waited for it and again " + a + " not answered yet");
        }
    }

    @Override
    public void linkDown(PublicKey peer, String reason) {
        if (peer.equals(settlerNode)) {
            int pending = walletCalls.size() + settlerCalls.size();
            LOG.log(System.Logger.Level.INFO, () -> "link to the settler node " + short12(settlerNode) + " down: "
                    + reason + (pending == 0 ? "" : "; " + pending + " calls wait for their answers"));
        }
    }

    @Override
    public Optional<String> message(PublicKey peer, byte[] body) {
        if (!peer.equals(settlerNode)) {
            return Optional.of("service: this node serves no settler or wallet");
        }
        ServiceMessage message;
        switch (ServiceCodec.decode(body)) {
            case Decoded.Ok<ServiceMessage> ok -> message = ok.value();
            case Decoded.Err<ServiceMessage> err -> {
                return Optional.of("service: undecodable message: " + err.error());
            }
        }
        switch (message) {
            case ServiceMessage.WalletNotice n -> {
                answered(n.event());
                walletSink.accept(n.event());
            }
            case ServiceMessage.SettlerAnswer a -> {
                long id = a.response().callId();
                Call<SettlerRequest> call = id == 0 ? null : settlerCalls.remove(id); // 0: a notice
                if (call != null) {
                    call.timeout().cancel(false);
                }
                settlerSink.accept(a.response());
            }
            case ServiceMessage.Enrolled e -> {
                CompletableFuture<ServiceMessage.Enrolled> waiting = enrolling;
                if (waiting != null) {
                    waiting.complete(e);
                }
            }
            case ServiceMessage.BalanceAnswer a -> {
                CompletableFuture<long[]> waiting = balanceCalls.remove(a.callId());
                if (waiting != null) {
                    waiting.complete(new long[] {a.availableMsat(), a.lockedMsat()});
                }
            }
            case ServiceMessage.WalletCall c -> {
                return Optional.of("service: the settler node sent a wallet request");
            }
            case ServiceMessage.SettlerCall c -> {
                return Optional.of("service: the settler node sent a settler request");
            }
            case ServiceMessage.Enrol e -> {
                return Optional.of("service: the settler node sent Enrol");
            }
            case ServiceMessage.BalanceQuery q -> {
                return Optional.of("service: the settler node sent a balance query");
            }
            case ServiceMessage.Resume r -> {
                return Optional.of("service: the settler node sent Resume");
            }
        }
        return Optional.empty();
    }

    /** Matches a wallet event to the call it answers, if any, and stops that call's timer. */
    private void answered(WalletEvent event) {
        Call<WalletRequest> call = switch (event) {
            case WalletEvent.InvoiceCreated e -> walletCalls.remove(e.callId());
            case WalletEvent.CallFailed e -> walletCalls.remove(e.callId());
            case WalletEvent.PaymentAccepted e -> walletCalls.remove(e.callId());
            case WalletEvent.PaymentFailed e -> walletCalls.remove(e.callId());
            case WalletEvent.InvoiceLookedUp e -> walletCalls.remove(e.callId());
            case WalletEvent.InvoiceSettled e -> removeByHash(e.paymentHash(), true);
            case WalletEvent.InvoiceCancelled e -> removeByHash(e.paymentHash(), false);
            case WalletEvent.InvoiceAccepted e -> null;
            case WalletEvent.PaymentSettled e -> null;
        };
        if (call != null) {
            call.timeout().cancel(false);
        }
    }

    /** The pending Settle (or Cancel) of our invoice for {@code hash}, removed. */
    private Call<WalletRequest> removeByHash(Hash32 hash, boolean settle) {
        for (var entry : walletCalls.entrySet()) {
            boolean match = switch (entry.getValue().request()) {
                case WalletRequest.Settle s -> settle && s.paymentHash().equals(hash);
                case WalletRequest.Cancel c -> !settle && c.paymentHash().equals(hash);
                default -> false;
            };
            if (match && walletCalls.remove(entry.getKey(), entry.getValue())) {
                return entry.getValue();
            }
        }
        return null;
    }


    /** How a wallet request fails: a Pay with PaymentFailed (what a payer waits for), others with CallFailed. */
    private static WalletEvent failed(WalletRequest request, String reason) {
        if (request instanceof WalletRequest.Pay pay) {
            Hash32 hash = Bolt11.decode(pay.bolt11()).toOptional().map(i -> i.paymentHash()).orElse(null);
            return new WalletEvent.PaymentFailed(pay.callId(), hash, reason);
        }
        return new WalletEvent.CallFailed(request.callId(), reason);
    }

    private boolean send(ServiceMessage message) {
        Sender s = sender;
        return s != null && s.send(settlerNode, ServiceCodec.encode(message));
    }

    private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return NEVER; // closed
        }
    }

    private void later(Runnable task) {
        try {
            timer.execute(task);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private <T> T await(CompletableFuture<T> answer, String what) {
        return await(answer, what, timeout);
    }

    private static <T> T await(CompletableFuture<T> answer, String what, Duration timeout) {
        try {
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted");
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + ": no answer from the settler node within " + timeout);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static String short12(PublicKey key) {
        return key.hex().substring(0, 12);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** A timer that never fires, for requests made after close. */
    private static final ScheduledFuture<?> NEVER = new NeverFuture();

    private static final class NeverFuture extends CompletableFuture<Void> implements ScheduledFuture<Void> {
        @Override
        public long getDelay(TimeUnit unit) {
            return Long.MAX_VALUE;
        }

        @Override
        public int compareTo(java.util.concurrent.Delayed o) {
            return 0;
        }
    }
}
