package org.giggossip.core.engine;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.ledger.Ledger;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.pow.PowHasher;
import org.giggossip.core.pow.PowResult;
import org.giggossip.core.settler.Settler;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.settler.SettlerOutput;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.testing.FakeClock;
import org.giggossip.core.testing.TestRandom;
import org.giggossip.core.wire.Frame;
import org.giggossip.core.wire.FrameCodec;
import org.giggossip.core.wire.FrameKind;
import org.giggossip.core.wire.Signer;

/**
 * The third host of the engine (docs/architecture.md, "One engine, three hosts"):
 * engines stepped by hand. Nodes share a {@link FakeClock}, one real
 * {@link Settler} (which also certifies every node) and one real {@link Ledger}
 * (one funded account per node and one for the settler).
 *
 * <p>Everything an engine, the settler or the ledger emits goes into one FIFO
 * queue and nothing runs until the test calls {@link #step()} (one delivery),
 * {@link #runUntilQuiet()} or {@link #advance(Duration)}; the host never calls
 * an engine from inside its sink. Frames are encoded when sent and decoded when
 * delivered, so no object is shared between nodes. Proofs of work are solved for
 * real. Every frame sent, settler call and app event is kept for assertions.
 *
 * <p>A node can be taken {@linkplain #down down}: what is addressed to it (frames,
 * wallet and settler notices, its timers) is held back until it comes
 * {@linkplain #up up} again, delivered or lost.
 *
 * <p>With {@link #durable} on, the host follows the write-ahead contract of
 * {@link Engine#snapshot()}: after every input to a node it stores the node's
 * snapshot (encoded) if {@link Engine#durableVersion()} moved, before any output
 * of that input runs (outputs only run later, from the queue). A node can then be
 * {@linkplain #crash crashed}: its engine is dropped and rebuilt from the stored
 * bytes, with its outputs not yet run lost or run, as a killed process would.
 */
final class HandNetwork {
    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    /** What every account is minted at the start. */
    static final long FUNDS = 10_000_000;

    /** A frame as it went on the wire. */
    record Sent(Node from, Node to, FrameKind kind, byte[] bytes) {
        Frame frame() {
            return FrameCodec.decode(bytes).orElseThrow();
        }

        @Override
        public String toString() {
            return from.name + ">" + to.name + " " + kind;
        }
    }

    /** A request an engine made of the settler. */
    record SettlerCall(Node caller, SettlerRequest request) {}

    /** One engine, its ledger account and everything it emitted. */
    final class Node {
        final String name;
        final PrivateKey key;
        final int account;
        final EngineConfig config;
        final NodeIdentity identity;
        Engine engine;
        /** The last snapshot stored (write-ahead), and the durable version it was taken at. */
        byte[] stored = EngineSnapshot.empty().encode();
        private long storedVersion;
        /** Snapshots stored, and crashes survived. */
        int writes;
        int crashes;
        final List<Output> outputs = new ArrayList<>();
        private final TreeSet<Instant> wakes = new TreeSet<>();
        private final List<Delivery> held = new ArrayList<>();
        private boolean down;

        private Node(String name, EngineConfig config, Map<String, String> properties) {
            this.name = name;
            this.key = PrivateKey.generate(random);
            this.account = ledger.register(key);
            ledger.mint(account, FUNDS);
            this.config = config;
            properties.forEach((property, value) -> settler.authority().grant(key.publicKey(), property, value));
            this.identity = new NodeIdentity(key, Signer.of(key, random),
                    settler.authority().issue(key.publicKey(), Duration.ofDays(365)));
            this.engine = new Engine(config, identity, clock, TestRandom.split(random), validator,
                    out -> emitted(this, out));
        }

        /** An application command (or any input) to this node's engine, stored as a write-ahead host does. */
        void command(java.util.function.Consumer<Engine> input) {
            input.accept(engine);
            persist(this);
        }

        PublicKey id() {
            return key.publicKey();
        }

        /** The app events of this kind, in order. */
        <T extends AppEvent> List<T> events(Class<T> kind) {
            return outputs.stream().filter(o -> o instanceof Output.Event e && kind.isInstance(e.event()))
                    .map(o -> kind.cast(((Output.Event) o).event())).toList();
        }

        /** Every app event, in order. */
        List<AppEvent> events() {
            return events(AppEvent.class);
        }

        long balance() {
            return ledger.balance(account);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * What the queue holds: one thing to deliver to node {@code to} (held while it is down), or to
     * nobody (null); {@code from} is the node whose output it is (null for the ledger's and the
     * settler's); {@code wallet} marks a wallet notice, which a crash does not lose (the wallet
     * delivers again what the node did not acknowledge).
     */
    private record Delivery(Node to, Node from, Output output, boolean wallet, Runnable action) {}

    /** Whether the host stores snapshots after every input (see the class comment). */
    boolean durable;
    /** The last wallet notice delivered to each node, which a crash may deliver again. */
    private final Map<Node, Delivery> lastWallet = new HashMap<>();
    /** Called before each delivery with the number of deliveries so far: a place to crash nodes. */
    java.util.function.IntConsumer beforeStep = k -> { };
    private int delivered;

    /** Deliveries so far. */
    int delivered() {
        return delivered;
    }

    final FakeClock clock = new FakeClock(T0);
    final SecureRandom random;
    final Ledger ledger;
    final Settler settler;
    /** The settler's signing key, for a test that plays a settler signing what it should not. */
    final Signer settlerSigner;
    final int settlerAccount;
    final CertificateValidator validator;
    final List<Sent> wire = new ArrayList<>();
    final List<SettlerCall> settlerCalls = new ArrayList<>();
    final List<SettlerOutput.Publish> published = new ArrayList<>();
    final List<String> disconnects = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<PublicKey, Node> byId = new HashMap<>();
    private final Map<Integer, Node> byAccount = new HashMap<>();
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    private final TreeSet<Instant> settlerWakes = new TreeSet<>();
    private final List<Tamper<?>> tampers = new ArrayList<>();
    /** Reasons the next Pay requests of a node fail with, in order ({@link #failNextPays}). */
    private final Map<Node, ArrayDeque<String>> failPays = new HashMap<>();

    private record Tamper<F extends Frame>(Node from, Node to, Class<F> kind, UnaryOperator<F> change) {
        byte[] apply(byte[] bytes) {
            return FrameCodec.encode(change.apply(kind.cast(FrameCodec.decode(bytes).orElseThrow())));
        }
    }

    HandNetwork(long seed, SettlerConfig settlerConfig) {
        random = TestRandom.seeded(seed);
        ledger = new Ledger(clock, (account, event) -> queue.add(walletNotice(account, event)));
        PrivateKey settlerKey = PrivateKey.generate(random);
        Signer signer = Signer.of(settlerKey, random);
        settlerSigner = signer;
        settler = new Settler(settlerConfig, signer, new CertificateAuthority(signer, "https://settler.example/"),
                clock, TestRandom.split(random), this::settlerEmitted);
        settlerAccount = ledger.register(settlerKey);
        ledger.mint(settlerAccount, FUNDS);
        validator = new CertificateValidator(new TrustStore(Set.of(settler.id())), clock);
    }

    /** A new node certified by the settler, with a funded account. */
    Node node(String name, EngineConfig config) {
        return node(name, config, Map.of());
    }

    /** A new node certified by the settler with {@code properties} (e.g. driving_licence=valid), with a funded account. */
    Node node(String name, EngineConfig config, Map<String, String> properties) {
        Node n = new Node(name, config, properties);
        nodes.add(n);
        byId.put(n.id(), n);
        byAccount.put(n.account, n);
        failPays.put(n, new ArrayDeque<>());
        return n;
    }

    /** Connects two nodes. */
    static void link(Node a, Node b) {
        a.engine.peerConnected(b.id());
        b.engine.peerConnected(a.id());
    }

    /** The nodes in a line, each linked to the next. */
    static void line(Node... nodes) {
        for (int i = 1; i < nodes.length; i++) {
            link(nodes[i - 1], nodes[i]);
        }
    }

    // ---- driving ----

    /** Delivers the first queued item not held back; returns false when there is none. */
    boolean step() {
        if (!queue.isEmpty()) {
            beforeStep.accept(delivered);
        }
        for (Delivery d = queue.poll(); d != null; d = queue.poll()) {
            if (d.to() != null && d.to().down) {
                d.to().held.add(d);
                continue;
            }
            delivered++;
            d.action.run();
            if (d.to() != null) {
                if (d.wallet()) {
                    lastWallet.put(d.to(), d);
                }
                persist(d.to());
            }
            return true;
        }
        return false;
    }

    /**
     * Stores {@code n}'s snapshot if its durable version moved (write-ahead: this runs right after
     * the input, before any of its outputs leave the queue). Checks the version's promise: when it
     * did not move, the snapshot is the one stored.
     */
    void persist(Node n) {
        if (!durable) {
            return;
        }
        long v = n.engine.durableVersion();
        if (v != n.storedVersion) {
            n.stored = n.engine.snapshot().encode();
            n.storedVersion = v;
            n.writes++;
        } else if (!java.util.Arrays.equals(n.stored, n.engine.snapshot().encode())) {
            throw new AssertionError(n.name + ": the durable state changed but its version did not");
        }
    }

    /**
     * Kills {@code n} (SIGKILL) and starts it again from its stored snapshot. Its outputs still
     * queued are run anyway if {@code keep} says so, else lost (the host had not executed them);
     * wallet notices for it wait and are delivered to the new engine, the last one it handled again
     * if {@code replayLastWallet}; frames, settler answers and proof-of-work results for it, and its
     * timers, die with the process. Its links come up again.
     */
    void crash(Node n, java.util.function.Predicate<Output> keep, boolean replayLastWallet) {
        if (!durable) {
            throw new IllegalStateException("crash needs a durable host");
        }
        List<PublicKey> peers = n.engine.peers();
        queue.removeIf(d -> (d.from() == n && !keep.test(d.output())) || (d.to() == n && !d.wallet()));
        n.held.removeIf(d -> !d.wallet());
        n.wakes.clear();
        n.crashes++;
        var snapshot = EngineSnapshot.decode(n.stored).orElseThrow();
        n.engine = Engine.restore(n.config, n.identity, clock, TestRandom.split(random), validator,
                out -> emitted(n, out), snapshot);
        n.storedVersion = -1;
        persist(n); // restoring is an input: store before its outputs run
        for (PublicKey p : peers) {
            n.engine.peerConnected(p);
        }
        Delivery last = lastWallet.get(n);
        if (replayLastWallet && last != null) {
            queue.add(last);
        }
    }

    /** Delivers until the queue is empty (held items aside); returns how many were delivered. */
    int runUntilQuiet() {
        int steps = 0;
        while (step()) {
            if (++steps > 1_000_000) {
                throw new IllegalStateException("no quiet after a million deliveries: a loop?");
            }
        }
        return steps;
    }

    /**
     * Moves the clock by {@code d}, stopping at every deadline on the way (invoice
     * expiries, the settler's and the engines' wake-ups, in time order): at each,
     * what fell due is queued ({@link #tick}) and the queue is run until quiet.
     */
    void advance(Duration d) {
        Instant end = clock.instant().plus(d);
        for (Instant next = nextDeadline(); next != null && !next.isAfter(end); next = nextDeadline()) {
            tick(Duration.between(clock.instant(), next.isAfter(clock.instant()) ? next : clock.instant()));
            runUntilQuiet();
        }
        tick(Duration.between(clock.instant(), end));
        runUntilQuiet();
    }

    /** {@link #advance}s the clock to {@code t}. */
    void advanceTo(Instant t) {
        advance(Duration.between(clock.instant(), t));
    }

    /**
     * Moves the clock by {@code d} at once and queues, without delivering
     * anything, what fell due: the ledger expires its invoices (their notices are
     * queued), then a wake-up for the settler and for each engine with a timer due.
     * For stepping through what a deadline sets off; {@link #advance} is the usual way.
     */
    void tick(Duration d) {
        clock.advance(d);
        Instant now = clock.instant();
        ledger.advance(now);
        if (!settlerWakes.isEmpty() && !settlerWakes.first().isAfter(now)) {
            settlerWakes.headSet(now, true).clear();
            queue.add(deliver(null, settler::onWake));
        }
        for (Node n : nodes) {
            if (!n.down && !n.wakes.isEmpty() && !n.wakes.first().isAfter(now)) {
                n.wakes.headSet(now, true).clear();
                queue.add(deliver(n, () -> n.engine.onWake()));
            }
        }
    }

    private Instant nextDeadline() {
        TreeSet<Instant> all = new TreeSet<>(settlerWakes);
        ledger.nextExpiry().ifPresent(all::add);
        nodes.stream().filter(n -> !n.down && !n.wakes.isEmpty()).forEach(n -> all.add(n.wakes.first()));
        return all.isEmpty() ? null : all.first();
    }

    /** From now on, everything addressed to {@code n} is held back (it does not run, its timers wait). */
    void down(Node n) {
        n.down = true;
    }

    /** {@code n} runs again; what was held for it is delivered (queued after what is waiting) or lost. */
    void up(Node n, boolean deliverHeld) {
        n.down = false;
        if (deliverHeld) {
            queue.addAll(n.held);
        }
        n.held.clear();
    }

    /** Items held back for {@code n} while it is down. */
    int held(Node n) {
        return n.held.size();
    }

    /** Changes the next frame of {@code kind} from {@code from} to {@code to} on the wire, once. */
    <F extends Frame> void tamperNext(Node from, Node to, Class<F> kind, UnaryOperator<F> change) {
        tampers.add(new Tamper<>(from, to, kind, change));
    }

    // ---- what happened ----

    /** The frames sent between {@code a} and {@code b}, both ways, in order. */
    List<Sent> onLink(Node a, Node b) {
        return wire.stream().filter(s -> (s.from == a && s.to == b) || (s.from == b && s.to == a)).toList();
    }

    /** The frames of {@code kind} sent from {@code from} to {@code to}, decoded, in order. */
    <F extends Frame> List<F> frames(Node from, Node to, Class<F> kind) {
        return wire.stream().filter(s -> s.from == from && s.to == to).map(Sent::frame).filter(kind::isInstance)
                .map(kind::cast).toList();
    }

    /** The settler requests made so far, by any node. */
    List<SettlerRequest> settlerRequests() {
        return settlerCalls.stream().map(SettlerCall::request).toList();
    }

    // ---- the sinks: they only record and queue ----

    private void emitted(Node n, Output out) {
        n.outputs.add(out);
        switch (out) {
            case Output.Send s -> {
                Node to = nodeOf(s.peer());
                Sent sent = new Sent(n, to, s.frame().kind(), FrameCodec.encode(s.frame()));
                wire.add(sent);
                queue.add(new Delivery(to, n, out, false, () -> deliverFrame(sent)));
            }
            case Output.Disconnect d -> queue.add(new Delivery(null, n, out, false, () -> {
                disconnects.add(n.name + " dropped " + nodeOf(d.peer()).name + ": " + d.reason());
                nodeOf(d.peer()).engine.peerDisconnected(n.id());
            }));
            case Output.SolvePow task -> queue.add(new Delivery(n, n, out, false,
                    () -> n.engine.onPowResult(task.taskId(), solve(task))));
            case Output.WakeUp w -> n.wakes.add(w.at());
            case Output.Wallet w -> {
                String failure = w.request() instanceof WalletRequest.Pay ? failPays.get(n).poll() : null;
                if (failure != null && !failure.equals(PASS)) {
                    // refused before it reaches the ledger, as a wallet with no link to its settler node does
                    WalletRequest.Pay pay = (WalletRequest.Pay) w.request();
                    var hash = org.giggossip.core.invoice.Bolt11.decode(pay.bolt11()).orElseThrow().paymentHash();
                    queue.add(new Delivery(n, null, null, true,
                            () -> n.engine.onWallet(new WalletEvent.PaymentFailed(pay.callId(), hash, failure))));
                } else {
                    queue.add(new Delivery(null, n, out, false, () -> ledger.execute(n.account, w.request())));
                }
            }
            case Output.Settler s -> {
                if (!s.settler().equals(settler.id())) {
                    throw new IllegalStateException(n.name + " asked an unknown settler " + s.settler());
                }
                settlerCalls.add(new SettlerCall(n, s.request()));
                queue.add(new Delivery(null, n, out, false, () -> settler.onRequest(n.id(), s.request())));
            }
            case Output.Event e -> { }
        }
    }

    /** Settler answers and notices that are lost on their way (a test sets it); none by default. */
    java.util.function.Predicate<SettlerOutput.Respond> settlerResponseLost = r -> false;

    private void settlerEmitted(SettlerOutput out) {
        switch (out) {
            case SettlerOutput.Respond r when settlerResponseLost.test(r) -> { }
            case SettlerOutput.Respond r -> {
                Node to = nodeOf(r.to());
                SettlerResponse response = r.response();
                queue.add(deliver(to, () -> to.engine.onSettler(response)));
            }
            case SettlerOutput.Wallet w -> queue.add(deliver(null, () -> ledger.execute(settlerAccount, w.request())));
            case SettlerOutput.WakeUp w -> settlerWakes.add(w.at());
            case SettlerOutput.Publish p -> published.add(p);
        }
    }

    private Delivery walletNotice(int account, WalletEvent event) {
        if (account == settlerAccount) {
            return deliver(null, () -> settler.onWallet(event));
        }
        Node n = Objects.requireNonNull(byAccount.get(account), "no node for account " + account);
        return new Delivery(n, null, null, true, () -> n.engine.onWallet(event));
    }

    private void deliverFrame(Sent sent) {
        byte[] bytes = sent.bytes;
        for (var it = tampers.iterator(); it.hasNext(); ) {
            Tamper<?> t = it.next();
            if (t.from == sent.from && t.to == sent.to && t.kind.isInstance(sent.frame())) {
                bytes = t.apply(bytes);
                it.remove();
                break;
            }
        }
        Frame frame = FrameCodec.decode(bytes).orElseThrow();
        sent.to.engine.onFrame(sent.from.id(), frame);
    }

    /** Solves a proof of work for real (tests use tiny difficulties); too late is {@code Expired}. */
    private PowResult solve(Output.SolvePow task) {
        PowHasher h = new PowHasher();
        h.setPayload(task.payload());
        for (long nonce = 0; ; nonce++) {
            if (clock.instant().isAfter(task.deadline())) {
                return new PowResult.Expired(nonce);
            }
            if (h.meets(nonce, task.target())) {
                return new PowResult.Found(nonce, h.copyWork(), nonce + 1);
            }
        }
    }

    private Node nodeOf(PublicKey id) {
        return Objects.requireNonNull(byId.get(id), "no node " + id);
    }

    private static Delivery deliver(Node to, Runnable action) {
        return new Delivery(to, null, null, false, action);
    }

    /** The settler's requests of {@code type}, in order. */
    <R extends SettlerRequest> List<R> settlerRequests(Class<R> type) {
        return settlerRequests().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Accounts' balances by node name, settler included (as "settler"). */
    Map<String, Long> balances() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("settler", ledger.balance(settlerAccount));
        nodes.forEach(n -> m.put(n.name, n.balance()));
        return m;
    }

    /**
     * Makes the next {@code count} Pay requests of {@code n} fail with {@code reason} without
     * reaching the ledger (what a node's remote wallet answers when it cannot reach its settler node).
     */
    void failNextPays(Node n, int count, String reason) {
        for (int i = 0; i < count; i++) {
            failPays.get(n).add(reason);
        }
    }

    /** In {@link #failNextPays}' queue: this Pay goes through. */
    private static final String PASS = "";

    /** Lets the next Pay request of {@code n} through and makes the one after it fail with {@code reason}. */
    void failSecondPay(Node n, String reason) {
        failPays.get(n).add(PASS);
        failPays.get(n).add(reason);
    }

    /** The wallet requests {@code n} made, in order. */
    List<WalletRequest> walletRequests(Node n) {
        return n.outputs.stream().filter(o -> o instanceof Output.Wallet).map(o -> ((Output.Wallet) o).request())
                .toList();
    }
}
