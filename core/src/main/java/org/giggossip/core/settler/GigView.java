package org.giggossip.core.settler;

import java.time.Instant;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.Hash32;

/**
 * What a settler tells about one gig: its stage and parties (seed 000, 3.9).
 * Shown only to the gig's customer, its replier and the settler's administrators.
 *
 * @param stage            ISSUED, SEALING, SEALED, REVEALING, REVEALED or DISPUTED
 * @param networkHash      the network payment hash, null before the reply is sealed
 * @param networkExpiresAt when the network invoice expires, null before the reply is sealed
 * @param deadline         when the stage ends by itself, null for an open dispute
 * @param disputeReason    the customer's reason, null unless disputed
 */
public record GigView(Hash32 replyHash, String stage, PublicKey customer, PublicKey replier, long replyAmountMsat,
        Hash32 networkHash, Instant networkExpiresAt, boolean networkAccepted, boolean replyAccepted,
        Instant deadline, String disputeReason) {}
