package org.giggossip.net.admission;

import java.util.Objects;
import org.giggossip.core.pow.Target;

/** What an {@link Admission} step asks of its host. */
public sealed interface AdmissionOutput {

    /** Send this frame to the peer (over the BOLT 8 session). */
    record Send(byte[] frame) implements AdmissionOutput {
        public Send {
            frame = frame.clone();
        }

        @Override
        public byte[] frame() {
            return frame.clone();
        }
    }

    /**
     * Solve this proof of work off the event loop (a worker pool, cancellable) and
     * report the nonce with {@link Admission#solved(long, java.time.Instant)}.
     */
    record Solve(byte[] payload, Target target) implements AdmissionOutput {
        public Solve {
            payload = payload.clone();
            Objects.requireNonNull(target, "target");
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /** Both answers are in and good: the link may carry frames. */
    record Admitted() implements AdmissionOutput {}

    /** Close the connection, for this reason; {@code detail} is for a log line. */
    record Closed(AdmissionError error, String detail) implements AdmissionOutput {
        public Closed {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
