package org.giggossip.sim.gig;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.EngineConfig;
import org.giggossip.core.wire.AskDeclinedFrame;
import org.giggossip.core.wire.AskForBroadcastFrame;
import org.giggossip.core.wire.AskId;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Frame;
import org.giggossip.core.wire.FrameCodec;
import org.giggossip.core.wire.POWBroadcastConditionsFrame;
import org.giggossip.core.wire.POWBroadcastFrame;
import org.giggossip.sim.time.SimTime;

/**
 * What misbehaving nodes do to the frames they receive and send (seed 000,
 * 4.3): silent and covert-flash nodes drop everything, censors and Sybils
 * accept their target's topics and drop them, chatterboxes replay broadcasts
 * they received. Honest frames pass to the engine untouched. Also counts each
 * attack's outcome.
 */
final class Attacks {
    /** A replay in progress: the recorded broadcast and the victim asked. */
    private record Replay(POWBroadcastFrame recorded, int victim) {}

    private final World world;
    private final Map<AskId, Replay> replays = new HashMap<>();
    private final SplittableRandom random;
    private final long covertAt;
    private final long chatterDelay;
    private final Duration tolerance = EngineConfig.defaults().timestampTolerance();
    long censored;
    long replaysAsked;
    long replaysDeclined;
    long replaysSent;
    long replaysSentOutsideWindow;
    long replaysRejectedByTimestamp;
    long spamBroadcastsSent;
    long spamBroadcastsRejected;

    Attacks(World world) {
        this.world = world;
        this.random = world.streams.stream("attacks");
        this.covertAt = SimTime.seconds(world.params.longValue("covert_at_s"));
        this.chatterDelay = SimTime.seconds(world.params.longValue("chatter_delay_s"));
    }

    /** Whether {@code node} sends anything now. */
    boolean mayTransmit(int node) {
        return switch (world.behaviour[node]) {
            case SILENT -> false;
            case COVERT_FLASH -> world.scheduler.now() < covertAt;
            default -> true;
        };
    }

    /** Frames arriving at {@code to}: decoded, then passed on, dropped or used by an attacker. */
    void receive(int from, int to, byte[] bytes) {
        Frame frame;
        switch (FrameCodec.decode(bytes)) {
            case Decoded.Ok<Frame> ok -> frame = ok.value();
            case Decoded.Err<Frame> err -> {
                world.metrics.undecodable++;
                return;
            }
        }
        switch (world.behaviour[to]) {
            case SILENT -> {
                return;
            }
            case COVERT_FLASH -> {
                if (world.scheduler.now() >= covertAt) {
                    return;
                }
            }
            case CENSOR, SYBIL -> {
                // Hairpin drop (4.3.5: "appear to behave properly from all vantage points"): the
                // engine answers the target's asks with conditions, so the sender pays the proof of
                // work and counts the topic as relayed; only the broadcast itself is dropped. Dropping
                // the ask instead would be visible: the ask times out and the sender asks another peer.
                if (frame instanceof POWBroadcastFrame b && aboutTarget(b)) {
                    censored++;
                    return;
                }
            }
            case CHATTERBOX -> {
                if (chatter(from, to, frame)) {
                    return;
                }
            }
            case HONEST, SPAMMER -> { }
        }
        world.engines[to].onFrame(world.ids[from], frame);
    }

    private boolean aboutTarget(POWBroadcastFrame b) {
        return world.target >= 0 && b.broadcastPayload().signedRequestPayload().payload().senderCertificate()
                .subject().equals(world.ids[world.target]);
    }

    /** A chatterbox records broadcasts and answers the conditions of its own replays; true if it kept the frame. */
    private boolean chatter(int from, int me, Frame frame) {
        switch (frame) {
            case POWBroadcastFrame b -> {
                world.scheduler.schedule(world.scheduler.now() + chatterDelay / 4, () -> replay(me, from, b));
                world.scheduler.schedule(world.scheduler.now() + chatterDelay, () -> replay(me, from, b));
                return false;
            }
            case POWBroadcastConditionsFrame c -> {
                Replay r = replays.remove(c.askId());
                if (r == null) {
                    return false;
                }
                POWBroadcastFrame again = new POWBroadcastFrame(c.askId(), r.recorded.broadcastPayload(),
                        r.recorded.proofOfWork());
                long age = world.scheduler.clock().instant().toEpochMilli()
                        - r.recorded.broadcastPayload().timestamp().toEpochMilli();
                replaysSent++;
                if (age > tolerance.toMillis()) {
                    replaysSentOutsideWindow++;
                }
                transmit(me, r.victim, again);
                return true;
            }
            case AskDeclinedFrame d -> {
                if (replays.remove(d.askId()) == null) {
                    return false;
                }
                replaysDeclined++;
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void replay(int me, int source, POWBroadcastFrame recorded) {
        int degree = world.topology.degree(me);
        if (degree < 2 || !world.churn.isOnline(me)) {
            return;
        }
        int victim;
        do {
            victim = world.topology.neighbor(me, random.nextInt(degree));
        } while (victim == source);
        AskId askId = AskId.random(new org.giggossip.sim.random.SeededRandom(random.nextLong()));
        replays.put(askId, new Replay(recorded, victim));
        replaysAsked++;
        transmit(me, victim, new AskForBroadcastFrame(askId, recorded.broadcastPayload().signedRequestPayload()));
    }

    private void transmit(int from, int to, Frame frame) {
        byte[] bytes = FrameCodec.encode(frame);
        world.metrics.framesSent++;
        world.metrics.bytes[from] += bytes.length;
        world.net.send(from, to, bytes.length, bytes);
    }

    /** Whether {@code peer} is a chatterbox (for counting the victims' verdicts on replays). */
    boolean isChatterbox(PublicKey peer) {
        Integer i = world.index.get(peer);
        return i != null && world.behaviour[i] == Behaviour.CHATTERBOX;
    }
}
