package org.giggossip.core.onion;

import java.util.Arrays;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;

/**
 * What peeling one layer of a backward onion gives (seed 3.5): where to send
 * the reply next, that the reply has come home, or why the onion is refused
 * (docs/style.md 6: a verdict, never an exception).
 */
public sealed interface Peeled permits Peeled.Forward, Peeled.Arrived, Peeled.Invalid {

    /**
     * Send the reply on to {@code nextHop} with {@code innerOnion}, which is
     * sealed to that node and as long as the onion just peeled.
     *
     * @param nextHop the node the layer names, the one that forwarded the broadcast here
     * @param innerOnion the onion for the next hop; copied in and out
     */
    record Forward(PublicKey nextHop, byte[] innerOnion) implements Peeled {
        public Forward {
            Objects.requireNonNull(nextHop, "nextHop");
            innerOnion = innerOnion.clone();
        }

        @Override
        public byte[] innerOnion() {
            return innerOnion.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Forward f && f.nextHop.equals(nextHop) && Arrays.equals(f.innerOnion, innerOnion);
        }

        @Override
        public int hashCode() {
            return 31 * nextHop.hashCode() + Arrays.hashCode(innerOnion);
        }

        @Override
        public String toString() {
            return "Forward[" + nextHop + ", " + innerOnion.length + " bytes]";
        }
    }

    /**
     * The layer is the terminal layer of a customer's own {@link BackwardOnion#origin
     * origin}: the peeler is the customer and the reply has arrived. This proves
     * only that the layer was sealed to the peeler as a terminal layer, which
     * anybody can do; the customer matches a reply to its request by the
     * request's payload id.
     */
    record Arrived() implements Peeled {}

    /**
     * The onion is refused. The damage may have been done by any node on the way
     * back, not only by the peer that delivered it, so this alone does not
     * justify penalising that peer harshly.
     *
     * @param reason what was wrong, for logs
     */
    record Invalid(String reason) implements Peeled {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
