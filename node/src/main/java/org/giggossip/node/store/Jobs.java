package org.giggossip.node.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;

/**
 * Jobs this node takes part in and the offers a customer received for them.
 * Every write commits before it returns; an accepted job is stored before the
 * acceptance is sent (see {@link NodeStore}).
 */
public final class Jobs {
    /** Largest topic stored, in bytes. */
    public static final int MAX_TOPIC_BYTES = 65536;
    /** Largest sealed reply stored, in bytes. */
    public static final int MAX_REPLY_BYTES = 16384;
    /** Largest amount stored, in msat (21 million BTC). */
    public static final long MAX_MSAT = 2_100_000_000_000_000_000L;

    private static final String JOB_COLUMNS = "payload_id, role, state, topic, created_ms, updated_ms";
    private static final String OFFER_COLUMNS =
            "id, payload_id, payment_hash, price_msat, network_fee_msat, reply, state, received_ms";

    private final Db db;
    private final Clock clock;

    Jobs(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Stores a new job in state OPEN; the same id again returns the stored job unchanged.
     *
     * @throws IllegalArgumentException for a topic over {@link #MAX_TOPIC_BYTES}, or an id stored with the
     *                                  other role; nothing is written
     */
    public StoredJob insert(PayloadId payloadId, JobRole role, byte[] topic) {
        if (topic.length > MAX_TOPIC_BYTES) {
            throw new IllegalArgumentException("topic larger than " + MAX_TOPIC_BYTES + " bytes");
        }
        byte[] copy = topic.clone();
        return db.write(c -> {
            Optional<StoredJob> existing = job(c, payloadId);
            if (existing.isPresent()) {
                if (existing.get().role() != role) {
                    throw new IllegalArgumentException("job " + payloadId.hex() + " already stored as "
                            + existing.get().role());
                }
                return existing.get();
            }
            long now = clock.millis();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO jobs (" + JOB_COLUMNS
                    + ") VALUES (?, ?, 'OPEN', ?, ?, ?)")) {
                p.setBytes(1, payloadId.bytes());
                p.setString(2, role.name());
                p.setBytes(3, copy);
                p.setLong(4, now);
                p.setLong(5, now);
                p.executeUpdate();
            }
            return job(c, payloadId).orElseThrow();
        });
    }

    /**
     * Moves a job forward ({@code OPEN -> ACCEPTED -> DONE}, {@code OPEN | ACCEPTED -> CANCELLED});
     * its current state again changes nothing.
     *
     * @throws IllegalStateException for a backward move; IllegalArgumentException for an unknown job
     */
    public StoredJob updateState(PayloadId payloadId, JobState next) {
        return db.write(c -> setState(c, payloadId, next));
    }

    private StoredJob setState(Connection c, PayloadId payloadId, JobState next) throws SQLException {
        StoredJob cur = job(c, payloadId)
                .orElseThrow(() -> new IllegalArgumentException("no job " + payloadId.hex()));
        if (cur.state() == next) {
            return cur;
        }
        boolean ok = switch (cur.state()) {
            case OPEN -> next != JobState.DONE;
            case ACCEPTED -> next == JobState.DONE || next == JobState.CANCELLED;
            case DONE, CANCELLED -> false;
        };
        if (!ok) {
            throw new IllegalStateException("job " + payloadId.hex() + " cannot go from " + cur.state() + " to " + next);
        }
        Db.update(c, "UPDATE jobs SET state = ?, updated_ms = ? WHERE payload_id = ?", next.name(), clock.millis(),
                payloadId.bytes());
        return job(c, payloadId).orElseThrow();
    }

    /** The job with this id. */
    public Optional<StoredJob> get(PayloadId payloadId) {
        return db.read(c -> job(c, payloadId));
    }

    /** Jobs still OPEN or ACCEPTED, oldest first: what a restarted node resumes. */
    public List<StoredJob> active() {
        return db.read(c -> Db.query(c, "SELECT " + JOB_COLUMNS
                + " FROM jobs WHERE state IN ('OPEN', 'ACCEPTED') ORDER BY created_ms, payload_id", Jobs::jobRow));
    }

    /**
     * Stores an offer for a stored job, state RECEIVED; the same (job, payment hash) again returns
     * the stored offer unchanged.
     *
     * @throws IllegalArgumentException for an unknown job, a negative or absurd amount, or a reply over
     *                                  {@link #MAX_REPLY_BYTES}; nothing is written
     */
    public StoredOffer addOffer(PayloadId payloadId, Hash32 paymentHash, long priceMsat, long networkFeeMsat,
                                byte[] reply) {
        if (priceMsat < 0 || priceMsat > MAX_MSAT || networkFeeMsat < 0 || networkFeeMsat > MAX_MSAT) {
            throw new IllegalArgumentException("amount out of range");
        }
        if (reply.length > MAX_REPLY_BYTES) {
            throw new IllegalArgumentException("reply larger than " + MAX_REPLY_BYTES + " bytes");
        }
        byte[] copy = reply.clone();
        return db.write(c -> {
            if (job(c, payloadId).isEmpty()) {
                throw new IllegalArgumentException("no job " + payloadId.hex());
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO offers (payload_id, payment_hash, price_msat, "
                    + "network_fee_msat, reply, state, received_ms) VALUES (?, ?, ?, ?, ?, 'RECEIVED', ?) "
                    + "ON CONFLICT (payload_id, payment_hash) DO NOTHING")) {
                p.setBytes(1, payloadId.bytes());
                p.setBytes(2, paymentHash.bytes());
                p.setLong(3, priceMsat);
                p.setLong(4, networkFeeMsat);
                p.setBytes(5, copy);
                p.setLong(6, clock.millis());
                p.executeUpdate();
            }
            return offers(c, "payload_id = ? AND payment_hash = ?", payloadId.bytes(), paymentHash.bytes()).get(0);
        });
    }

    /**
     * In one transaction: marks the offer with {@code paymentHash} ACCEPTED, the job's other
     * RECEIVED offers DECLINED, and the job ACCEPTED. Returns the accepted offer.
     *
     * @throws IllegalArgumentException when the job has no such offer; IllegalStateException when another
     *                                  offer was already accepted or the job is finished
     */
    public StoredOffer acceptOffer(PayloadId payloadId, Hash32 paymentHash) {
        return db.write(c -> {
            List<StoredOffer> all = offers(c, "payload_id = ? ORDER BY id", payloadId.bytes());
            StoredOffer chosen = all.stream().filter(o -> o.paymentHash().equals(paymentHash)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("job has no offer for " + paymentHash.hex()));
            if (chosen.state() == OfferState.ACCEPTED) {
                return chosen;
            }
            if (all.stream().anyMatch(o -> o.state() == OfferState.ACCEPTED) || chosen.state() != OfferState.RECEIVED) {
                throw new IllegalStateException("cannot accept offer " + chosen.id() + " in state " + chosen.state()
                        + " (or another was accepted)");
            }
            setState(c, payloadId, JobState.ACCEPTED);
            Db.update(c, "UPDATE offers SET state = CASE WHEN id = ? THEN 'ACCEPTED' ELSE 'DECLINED' END "
                    + "WHERE payload_id = ? AND state = 'RECEIVED'", chosen.id(), payloadId.bytes());
            return offers(c, "id = ?", chosen.id()).get(0);
        });
    }

    /** The offers of a job, in order of arrival. */
    public List<StoredOffer> offers(PayloadId payloadId) {
        return db.read(c -> offers(c, "payload_id = ? ORDER BY id", payloadId.bytes()));
    }

    private static Optional<StoredJob> job(Connection c, PayloadId id) throws SQLException {
        return Db.query(c, "SELECT " + JOB_COLUMNS + " FROM jobs WHERE payload_id = ?", Jobs::jobRow, id.bytes())
                .stream().findFirst();
    }

    private static StoredJob jobRow(ResultSet r) throws SQLException {
        return new StoredJob(PayloadId.of(r.getBytes(1)), JobRole.valueOf(r.getString(2)),
                JobState.valueOf(r.getString(3)), r.getBytes(4), Instant.ofEpochMilli(r.getLong(5)),
                Instant.ofEpochMilli(r.getLong(6)));
    }

    private static List<StoredOffer> offers(Connection c, String where, Object... args) throws SQLException {
        return Db.query(c, "SELECT " + OFFER_COLUMNS + " FROM offers WHERE " + where,
                r -> new StoredOffer(r.getLong(1), PayloadId.of(r.getBytes(2)), Hash32.of(r.getBytes(3)),
                        r.getLong(4), r.getLong(5), r.getBytes(6), OfferState.valueOf(r.getString(7)),
                        Instant.ofEpochMilli(r.getLong(8))), args);
    }
}
