package org.giggossip.net.admission;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.giggossip.core.crypto.PublicKey;

/**
 * What one side's admission proof of work is computed over (seed 003, section 2.3;
 * docs/style.md 7, bound to the parties):
 * <pre>
 * "giggossip/admission/v1" | solver role (0x01 initiator, 0x02 responder)
 *   | initiator id (32) | responder id (32) | initiator's nonce (32) | responder's nonce (32)
 * </pre>
 * The role stops a side from reflecting the other's answer; the identities stop
 * an answer from serving another pair of nodes; the fresh nonces stop it from
 * serving another connection.
 */
public final class AdmissionPayload {
    static final byte[] TAG = "giggossip/admission/v1".getBytes(StandardCharsets.US_ASCII);

    /** Which side of the TCP connection solves. */
    public enum Role {
        /** The side that connected (BOLT 8 initiator). */
        INITIATOR(0x01),
        /** The side that accepted (BOLT 8 responder). */
        RESPONDER(0x02);

        private final int wire;

        Role(int wire) {
            this.wire = wire;
        }

        /** The other side. */
        public Role other() {
            return this == INITIATOR ? RESPONDER : INITIATOR;
        }
    }

    private AdmissionPayload() {}

    /** The payload {@code solver} must prove work over. */
    public static byte[] of(Role solver, PublicKey initiator, PublicKey responder,
                            byte[] initiatorNonce, byte[] responderNonce) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(TAG.length + 1 + 4 * 32);
        out.writeBytes(TAG);
        out.write(solver.wire);
        out.writeBytes(initiator.bytes());
        out.writeBytes(responder.bytes());
        out.writeBytes(initiatorNonce);
        out.writeBytes(responderNonce);
        return out.toByteArray();
    }
}
