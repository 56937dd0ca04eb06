package org.giggossip.core.settler;

import java.time.Instant;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.wire.Hash32;

/**
 * What a sans-I/O {@link Settler} asks its host to do. The host switches over
 * these exhaustively and carries each out: outputs leave in order, after the
 * state change that made them is complete.
 */
public sealed interface SettlerOutput {

    /** Deliver {@code response} to the node {@code to} (an answer, or a notice with callId 0). */
    record Respond(PublicKey to, SettlerResponse response) implements SettlerOutput {
        public Respond {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * Execute {@code request} on the settler's own hold-invoice wallet and feed the
     * outcome back to {@link Settler#onWallet}.
     */
    record Wallet(WalletRequest request) implements SettlerOutput {
        public Wallet {
            Objects.requireNonNull(request, "request");
        }
    }

    /**
     * Call {@link Settler#onWake} at or soon after {@code at}. Every wake-up asked
     * for must be honoured (keep them all, not only the latest); an extra or late
     * call is harmless.
     */
    record WakeUp(Instant at) implements SettlerOutput {
        public WakeUp {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * Publish a revealed preimage on the settler's public endpoint (end of seed
     * 000, 3.9), so that a broken settlement chain cannot withhold it.
     */
    record Publish(Hash32 paymentHash, Preimage preimage) implements SettlerOutput {
        public Publish {
            Objects.requireNonNull(paymentHash, "paymentHash");
            Objects.requireNonNull(preimage, "preimage");
        }
    }
}
