package org.giggossip.net.voidphone;

import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.validation.Penalty;

/**
 * What an {@link ItemGossip} asks its host to do, in order. Dispatch with an
 * exhaustive {@code switch} (docs/style.md 3).
 */
public sealed interface ItemOutput {

    /**
     * Hand the item to the local subscribers of {@code dataType} ({@link ItemDelivery#deliver}) and
     * report how many there were with {@link ItemGossip#delivered}.
     */
    record Deliver(long itemId, int dataType, byte[] data) implements ItemOutput {
        public Deliver {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** Send {@code body} to {@code peer} as one {@link org.giggossip.net.link.MessageType#ITEM} message. */
    record Send(PublicKey peer, byte[] body) implements ItemOutput {
        public Send {
            Objects.requireNonNull(peer, "peer");
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /**
     * {@code peer} misbehaved. The penalty is {@link Penalty.Severity#FATAL}, and its link must be
     * closed, for a malformed frame ({@link Penalty.Reason#UNDECODABLE}) or when its invalid items
     * ({@link Penalty.Reason#INVALID_ITEM}) reached {@link ItemGossipConfig#maxInvalid()} within the
     * window; an invalid item below that is {@link Penalty.Severity#MINOR}.
     */
    record Penalise(PublicKey peer, Penalty penalty) implements ItemOutput {
        public Penalise {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(penalty, "penalty");
        }

        /** Whether the peer's link must be closed: the penalty {@link Penalty#disconnects()}. */
        public boolean close() {
            return penalty.disconnects();
        }
    }

    /** An item from {@code peer} was not kept or not spread, for {@code reason}. For counters and logs. */
    record Dropped(PublicKey peer, Reason reason) implements ItemOutput {
        public Dropped {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why an item from a peer was dropped. */
    enum Reason {
        /** Its content id is in the seen set: it arrived before (from any peer, or announced here). */
        DUPLICATE,
        /** No local module subscribes to its data type: nobody here can vouch for it, so it is not spread. */
        NO_SUBSCRIBER,
        /** Every subscriber notified validated it as invalid. */
        INVALID,
        /** It waited for a validation while {@link ItemGossipConfig#cacheSize()} newer items arrived. */
        EVICTED,
        /** The body is not an ITEM frame. */
        MALFORMED
    }
}
