package org.giggossip.sim.gig;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.engine.Output;
import org.giggossip.core.wire.FrameKind;
import org.giggossip.core.wire.POWBroadcastFrame;
import org.giggossip.core.pow.PowHasher;
import org.giggossip.core.pow.PowResult;
import org.giggossip.core.validation.Penalty;
import org.giggossip.core.wire.FrameCodec;
import org.giggossip.sim.time.SimTime;

/**
 * The simulator's host for one node: carries out every {@link Output} of its
 * engine on the virtual world (frames onto the virtual network, wallet calls to
 * the ledger, settler calls to the settler, proofs of work solved and charged
 * in virtual time, wake-ups, application events into the metrics). Every
 * reaction is scheduled, never run inside the engine's call.
 */
final class NodeHost implements Consumer<Output> {
    private final World world;
    private final int node;
    private final org.giggossip.core.settler.SettlerClient settler;
    private SplittableRandom powRandom;

    NodeHost(World world, int node) {
        this.settler = world.settlerClient(node);
        this.world = world;
        this.node = node;
    }

    @Override
    public void accept(Output output) {
        long now = world.scheduler.now();
        switch (output) {
            case Output.Send s -> {
                Integer to = world.index.get(s.peer());
                if (to != null && world.attacks.mayTransmit(node)) {
                    if (world.behaviour[node] == Behaviour.SPAMMER && s.frame() instanceof POWBroadcastFrame) {
                        world.attacks.spamBroadcastsSent++;
                    }
                    byte[] bytes = FrameCodec.encode(s.frame());
                    world.metrics.framesSent++;
                    world.metrics.bytes[node] += bytes.length;
                    world.net.send(node, to, bytes.length, bytes);
                }
            }
            case Output.Disconnect d -> {
                Integer peer = world.index.get(d.peer());
                if (peer != null) {
                    world.metrics.counters.counter("disconnects").increment();
                    world.at(now, peer, () -> world.engines[peer].peerDisconnected(world.ids[node]));
                }
            }
            case Output.SolvePow task -> solve(task, now);
            case Output.WakeUp w -> world.wake(node, toNanos(w.at()));
            case Output.Wallet w -> world.at(now + world.walletDelay, node, () -> {
                world.ledger.execute(world.account[node], w.request());
                world.scheduleLedgerTick();
            });
            case Output.Settler s -> settler.send(s.settler(), s.request());
            case Output.Event e -> {
                if (e.event() instanceof AppEvent.FrameRejected r && r.kind() == FrameKind.POW_BROADCAST) {
                    Integer peer = world.index.get(r.peer());
                    Behaviour b = peer == null ? Behaviour.HONEST : world.behaviour[peer];
                    if (b == Behaviour.CHATTERBOX && isTimestamp(r.penalty().reason())) {
                        world.attacks.replaysRejectedByTimestamp++;
                    } else if (b == Behaviour.SPAMMER) {
                        world.attacks.spamBroadcastsRejected++;
                    }
                }
                world.metrics.on(node, e.event(), now);
                world.disputes.on(node, e.event(), now);
                if (e.event() instanceof AppEvent.ReplyForwarded) {
                    world.faults.forwarded(node);
                }
            }
        }
    }

    /**
     * Solves a proof of work. Real mode finds a nonce meeting the target (as a
     * phone would) and charges attempts / hash_rate of virtual time; cost mode
     * draws the attempts from the geometric distribution of the nominal
     * difficulty (the configured target then accepts any nonce).
     */
    private void solve(Output.SolvePow task, long now) {
        long attempts;
        long nonce;
        byte[] work;
        if (world.realPow) {
            PowHasher h = new PowHasher();
            h.setPayload(task.payload());
            nonce = 0;
            while (!h.meets(nonce, task.target())) {
                nonce++;
            }
            attempts = nonce + 1;
            work = h.copyWork();
        } else {
            if (powRandom == null) {
                powRandom = world.streams.stream("pow", node);
            }
            double p = 1 / world.powDifficulty;
            attempts = 1 + (long) Math.floor(Math.log(1 - powRandom.nextDouble()) / Math.log(1 - p));
            nonce = 0;
            work = PowHasher.work(task.payload(), nonce);
        }
        world.metrics.powAttempts += attempts;
        world.metrics.powSolved++;
        world.metrics.attemptsByBehaviour[world.behaviour[node].ordinal()] += attempts;
        long done = now + (long) (attempts / world.hashRate * SimTime.SECOND);
        long deadline = toNanos(task.deadline());
        PowResult result = done <= deadline ? new PowResult.Found(nonce, work, attempts)
                : new PowResult.Expired(attempts);
        world.at(Math.min(done, Math.max(deadline, now)), node, () -> world.engines[node].onPowResult(task.taskId(),
                result));
    }

    /** Whether a frame was rejected for its timestamp (a replay outside the tolerance, or a skewed clock). */
    private static boolean isTimestamp(Penalty.Reason reason) {
        return reason == Penalty.Reason.STALE_TIMESTAMP || reason == Penalty.Reason.FUTURE_TIMESTAMP;
    }

    private long toNanos(java.time.Instant at) {
        return SimTime.of(Duration.between(world.scheduler.clock().epoch(), at));
    }
}
