package org.giggossip.core.settler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.core.wire.Hash32;

/**
 * The disputes a {@link Settler} has ended, with their evidence and outcome,
 * kept for a fixed retention (the preimage retention; {@link Retained}): the
 * administrators see them, and a second resolution is refused with what was
 * decided.
 */
final class ResolvedDisputes {
    private final Retained<DisputeView> kept;

    ResolvedDisputes(Duration retention) {
        this.kept = new Retained<>(retention, new Retained.Rows<>() {
            @Override
            public String key(Hash32 hash) {
                return SettlerState.resolvedKey(hash);
            }

            @Override
            public byte[] encode(DisputeView dispute, Instant until) {
                return SettlerState.encodeResolved(dispute, until);
            }
        });
    }

    /** Keeps {@code dispute} for the retention from now, in place of any kept for its gig. */
    void add(DisputeView dispute, Instant now) {
        kept.put(dispute.replyHash(), dispute, now);
    }

    /** Restores a row (rows are restored in any order; call {@link #restored} after the last). */
    void restore(DisputeView dispute, Instant until) {
        kept.restore(dispute.replyHash(), dispute, until);
    }

    /** After the last {@link #restore}. */
    void restored() {
        kept.restored();
    }

    Optional<DisputeView> find(Hash32 replyHash, Instant now) {
        return kept.find(replyHash, now);
    }

    /** The disputes still retained, oldest resolution first. */
    List<DisputeView> all(Instant now) {
        return kept.all(now);
    }

    /** Adds the rows changed since the last call to {@code changes}. */
    void drainChanges(StateChanges changes) {
        kept.drainChanges(changes);
    }
}
