package org.giggossip.node.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Optional;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.wire.Hash32;

/**
 * Preimages this node generated or learned (seed 000, 3.8: the settler reveals
 * one, every hop settles with it and uses it to open the reply). A preimage is
 * stored before anything is settled or forwarded with it.
 */
public final class Preimages {
    private final Db db;
    private final Clock clock;

    Preimages(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Stores {@code preimage} under its own payment hash; storing it again changes nothing. */
    public void put(Preimage preimage) {
        byte[] hash = preimage.paymentHash().bytes();
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO preimages (payment_hash, preimage, learned_ms) VALUES (?, ?, ?) "
                            + "ON CONFLICT (payment_hash) DO NOTHING")) {
                p.setBytes(1, hash);
                p.setBytes(2, preimage.bytes());
                p.setLong(3, clock.millis());
                return p.executeUpdate();
            }
        });
    }

    /**
     * Stores untrusted bytes claimed to be the preimage of {@code paymentHash}.
     *
     * @throws IllegalArgumentException when they are not 32 bytes or do not hash to {@code paymentHash};
     *                                  nothing is written
     */
    public void put(Hash32 paymentHash, byte[] claimed) {
        if (claimed == null || claimed.length != Preimage.SIZE) {
            throw new IllegalArgumentException("a preimage has " + Preimage.SIZE + " bytes");
        }
        Preimage p = Preimage.of(claimed);
        if (!p.matches(paymentHash)) {
            throw new IllegalArgumentException("preimage does not hash to " + paymentHash.hex());
        }
        put(p);
    }

    /** The preimage of {@code paymentHash}, if known. */
    public Optional<Preimage> get(Hash32 paymentHash) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT preimage FROM preimages WHERE payment_hash = ?")) {
                p.setBytes(1, paymentHash.bytes());
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(Preimage.of(r.getBytes(1))) : Optional.empty();
                }
            }
        });
    }
}
