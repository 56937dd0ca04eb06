package org.giggossip.core.engine;

import java.time.Instant;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.pow.Target;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.validation.Penalty;
import org.giggossip.core.wire.Frame;

/**
 * What the engine asks its host to do (docs/architecture.md, "One engine, three
 * hosts"). The engine performs no I/O; every effect on the world is one of
 * these, emitted in order to the host's sink. Hosts dispatch them with an
 * exhaustive {@code switch}.
 */
public sealed interface Output {

    /** Send a frame to a connected peer. */
    record Send(PublicKey peer, Frame frame) implements Output {
        public Send {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(frame, "frame");
        }
    }

    /** Close the link to a peer whose penalties exceeded their tolerance; {@code last} is the one that did. */
    record Disconnect(PublicKey peer, Penalty last) implements Output {
        public Disconnect {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(last, "last");
        }

        /** The close reason for a log line: {@code "too many faults, last: bad_pow: <detail>"}. */
        public String reason() {
            return "too many faults, last: " + last;
        }
    }

    /**
     * Solve a proof of work over {@code payload} against {@code target} before
     * {@code deadline} (seed 000, 3.4); the host decides where (a thread pool,
     * the simulator's cost model) and answers with {@code Engine.onPowResult(taskId, result)}.
     */
    record SolvePow(long taskId, byte[] payload, Target target, Instant deadline) implements Output {
        public SolvePow {
            payload = payload.clone();
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(deadline, "deadline");
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /** Call {@code Engine.onWake()} at or after {@code at}. Extra calls are harmless. */
    record WakeUp(Instant at) implements Output {
        public WakeUp {
            Objects.requireNonNull(at, "at");
        }
    }

    /** Execute a request against this node's hold-invoice wallet. */
    record Wallet(WalletRequest request) implements Output {
        public Wallet {
            Objects.requireNonNull(request, "request");
        }
    }

    /** Carry a request to the payment settler whose key is {@code settler}. */
    record Settler(PublicKey settler, SettlerRequest request) implements Output {
        public Settler {
            Objects.requireNonNull(settler, "settler");
            Objects.requireNonNull(request, "request");
        }
    }

    /** Tell the application something a user would see. */
    record Event(AppEvent event) implements Output {
        public Event {
            Objects.requireNonNull(event, "event");
        }
    }
}
