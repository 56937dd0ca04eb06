package org.giggossip.core.settler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.wire.Hash32;

/**
 * The preimages a {@link Settler} has revealed, answerable by FetchPreimage
 * (end of seed 000, 3.9) for a fixed retention ({@link Retained}).
 */
final class PublishedPreimages {
    private final Retained<Preimage> kept;

    PublishedPreimages(Duration retention) {
        this.kept = new Retained<>(retention, new Retained.Rows<>() {
            @Override
            public String key(Hash32 hash) {
                return SettlerState.publishedKey(hash);
            }

            @Override
            public byte[] encode(Preimage preimage, Instant until) {
                return SettlerState.encodePublished(preimage, until);
            }
        });
    }

    /** Publishes {@code preimage}; a preimage published before for the hash stays, with its retention. */
    void publish(Hash32 paymentHash, Preimage preimage, Instant now) {
        kept.putIfAbsent(paymentHash, preimage, now);
    }

    /** Restores a published preimage kept until {@code until} (rows are restored in any order). */
    void restore(Hash32 paymentHash, Preimage preimage, Instant until) {
        kept.restore(paymentHash, preimage, until);
    }

    /** After the last {@link #restore}. */
    void restored() {
        kept.restored();
    }

    /** Adds the rows changed since the last call to {@code changes}. */
    void drainChanges(StateChanges changes) {
        kept.drainChanges(changes);
    }

    Optional<Preimage> find(Hash32 paymentHash, Instant now) {
        return kept.find(paymentHash, now);
    }

    /** The preimages still retained, oldest first. */
    List<Preimage> all(Instant now) {
        return kept.all(now);
    }

    int size() {
        return kept.size();
    }

    void prune(Instant now) {
        kept.prune(now);
    }
}
