package org.giggossip.core.settler;

import java.time.Instant;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.Hash32;

/**
 * A dispute as the settler keeps it (docs/settler.md, "Disputes"): the evidence,
 * both parties' statements with when they were made, and, once it ended, the
 * outcome with who decided and why. Shown to the settler's administrators.
 *
 * @param openedAt          when the customer opened it; null for a dispute stored before this was kept
 * @param customerStatement the customer's reason
 * @param answeredAt        when the replier answered; null while unanswered
 * @param workerStatement   the replier's answer; null while unanswered
 * @param resolvedAt        when it ended; null while open
 * @param outcome           {@code released} or {@code refunded}; null while open
 * @param decidedBy         {@code admin}, {@code customer_withdrew} or {@code default}; null while open
 * @param reason            why it ended so; null while open
 */
public record DisputeView(Hash32 replyHash, PublicKey customer, PublicKey replier, long replyAmountMsat,
        Instant openedAt, String customerStatement, Instant answeredAt, String workerStatement, Instant resolvedAt,
        String outcome, String decidedBy, String reason) {

    /** Whether the dispute is still open. */
    public boolean open() {
        return resolvedAt == null;
    }
}
