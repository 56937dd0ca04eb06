package org.giggossip.core.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.Frame;
import org.giggossip.core.wire.FrameKind;

/**
 * What the parts of one node's engine share: identity, policy, injected clock
 * and randomness, the output sink, timers and peers. Owned by the node's one
 * event loop; not thread-safe.
 */
final class NodeContext {
    final EngineConfig config;
    final NodeIdentity identity;
    final Clock clock;
    final SecureRandom random;
    final CertificateValidator validator;
    final Timers timers;
    final Peers peers;
    private final Consumer<Output> out;
    private long nextId = 1;
    /**
     * Counts changes of the durable state (docs/architecture.md, "Durable state"); see
     * {@link Engine#durableVersion()}.
     */
    private long durableVersion;

    NodeContext(EngineConfig config, NodeIdentity identity, Clock clock, SecureRandom random,
            CertificateValidator validator, Consumer<Output> out) {
        this.config = config;
        this.identity = identity;
        this.clock = clock;
        this.random = random;
        this.validator = validator;
        this.out = out;
        this.timers = new Timers(out);
        this.peers = new Peers(out, this::emit);
    }

    Instant now() {
        return clock.instant();
    }

    PublicKey self() {
        return identity.id();
    }

    /**
     * Ids are reserved durably in blocks of this size: the snapshot holds the end of the block in
     * use, so handing out an id changes the durable state only once per block, and a restored
     * engine starts after every id its previous life may have handed out.
     */
    static final long ID_BLOCK = 1024;
    private long idCeiling = 1;

    /** A fresh id for a call or task, unique within this node, across restarts too. */
    long nextId() {
        if (nextId >= idCeiling) {
            idCeiling = nextId + ID_BLOCK;
            durableVersion++;
        }
        return nextId++;
    }

    /** The durable id counter: every id handed out so far, and in this block, is below it. */
    long idCeiling() {
        return idCeiling;
    }

    /** Restores the id counter from a snapshot, before any input. */
    void restoreNextId(long next) {
        nextId = Math.max(nextId, next);
        idCeiling = Math.max(idCeiling, next);
    }

    /** Marks a change of the durable state. */
    void touch() {
        durableVersion++;
    }

    long durableVersion() {
        return durableVersion;
    }

    void send(PublicKey peer, Frame frame) {
        out.accept(new Output.Send(peer, frame));
    }

    void emit(AppEvent event) {
        out.accept(new Output.Event(event));
    }

    void wallet(WalletRequest request) {
        out.accept(new Output.Wallet(request));
    }

    void settler(PublicKey settler, SettlerRequest request) {
        out.accept(new Output.Settler(settler, request));
    }

    void solve(Output.SolvePow task) {
        out.accept(task);
    }

    /**
     * Reports a verdict on a peer's frame: rejections are penalised and
     * reported, ignores are reported. Returns whether the frame was accepted.
     */
    boolean judge(PublicKey peer, FrameKind kind, Verdict verdict) {
        switch (verdict) {
            case Verdict.Accept a -> {
                return true;
            }
            case Verdict.Ignore i -> emit(new AppEvent.FrameIgnored(peer, kind, i.reason()));
            case Verdict.Reject r -> {
                emit(new AppEvent.FrameRejected(peer, kind, r.penalty()));
                peers.penalise(peer, r.penalty());
            }
        }
        return false;
    }
}
