package org.giggossip.node.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.ledger.InvoiceState;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;

/**
 * The invoices this node issued or pays. Every write commits before it returns
 * (see {@link NodeStore}'s durability rule). States move only forward:
 * {@code OPEN -> ACCEPTED -> SETTLED}, {@code OPEN | ACCEPTED -> CANCELLED}.
 */
public final class Invoices {
    private static final String COLUMNS =
            "id, bolt11, payment_hash, role, amount_msat, expires_ms, state, payload_id, created_ms, updated_ms";

    private final Db db;
    private final Clock clock;

    Invoices(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Stores an invoice in state OPEN, after checking that {@code bolt11} is a
     * well-formed, correctly signed BOLT 11 invoice with an amount. Storing the
     * same string again with the same role returns the stored row unchanged (a
     * retry after a crash is harmless).
     *
     * @throws IllegalArgumentException when the string is too long, not an invoice or has no amount,
     *                                  or is already stored with the other role; nothing is written
     */
    public StoredInvoice insert(InvoiceRole role, String bolt11, Optional<PayloadId> payloadId) {
        if (bolt11.length() > Bolt11.MAX_LENGTH) {
            throw new IllegalArgumentException("invoice longer than " + Bolt11.MAX_LENGTH + " characters");
        }
        Bolt11Invoice inv = switch (Bolt11.decode(bolt11)) {
            case Decoded.Ok<Bolt11Invoice> ok -> ok.value();
            case Decoded.Err<Bolt11Invoice> err -> throw new IllegalArgumentException("not a BOLT 11 invoice: "
                    + err.error());
        };
        long amount = inv.amountMsat().orElseThrow(() -> new IllegalArgumentException("invoice has no amount"));
        if (amount <= 0) {
            throw new IllegalArgumentException("invoice amount must be positive");
        }
        Instant expires = inv.timestamp().plus(inv.expiry());
        return db.write(c -> {
            Optional<StoredInvoice> existing = one(c, "bolt11 = ?", bolt11);
            if (existing.isPresent()) {
                if (existing.get().role() != role) {
                    throw new IllegalArgumentException("invoice already stored as " + existing.get().role());
                }
                return existing.get();
            }
            long now = clock.millis();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO invoices (bolt11, payment_hash, role, "
                    + "amount_msat, expires_ms, state, payload_id, created_ms, updated_ms) VALUES (?,?,?,?,?,?,?,?,?)")) {
                p.setString(1, bolt11);
                p.setBytes(2, inv.paymentHash().bytes());
                p.setString(3, role.name());
                p.setLong(4, amount);
                p.setLong(5, expires.toEpochMilli());
                p.setString(6, InvoiceState.OPEN.name());
                p.setBytes(7, payloadId.map(PayloadId::bytes).orElse(null));
                p.setLong(8, now);
                p.setLong(9, now);
                p.executeUpdate();
            }
            return one(c, "bolt11 = ?", bolt11).orElseThrow();
        });
    }

    /**
     * Moves invoice {@code id} to {@code next} and returns it. Setting the state it
     * already has changes nothing (events may repeat after a restart).
     *
     * @throws IllegalStateException for a backward move (SETTLED to anything, say); nothing is written
     * @throws IllegalArgumentException for an unknown id
     */
    public StoredInvoice updateState(long id, InvoiceState next) {
        return db.write(c -> {
            StoredInvoice cur = one(c, "id = ?", id)
                    .orElseThrow(() -> new IllegalArgumentException("no invoice " + id));
            if (cur.state() == next) {
                return cur;
            }
            if (!allowed(cur.state(), next)) {
                throw new IllegalStateException("invoice " + id + " cannot go from " + cur.state() + " to " + next);
            }
            Db.update(c, "UPDATE invoices SET state = ?, updated_ms = ? WHERE id = ?", next.name(), clock.millis(), id);
            return one(c, "id = ?", id).orElseThrow();
        });
    }

    static boolean allowed(InvoiceState from, InvoiceState to) {
        return switch (from) {
            case OPEN -> to == InvoiceState.ACCEPTED || to == InvoiceState.CANCELLED;
            case ACCEPTED -> to == InvoiceState.SETTLED || to == InvoiceState.CANCELLED;
            case SETTLED, CANCELLED -> false;
        };
    }

    /** The invoice with this exact string. */
    public Optional<StoredInvoice> byBolt11(String bolt11) {
        return db.read(c -> one(c, "bolt11 = ?", bolt11));
    }

    /** Every invoice with this payment hash (a middleman has one issued and one paid), oldest first. */
    public List<StoredInvoice> byPaymentHash(Hash32 paymentHash) {
        return db.read(c -> many(c, "payment_hash = ? ORDER BY id", paymentHash.bytes()));
    }

    /** Invoices still OPEN or ACCEPTED, soonest expiry first: what a restarted node resumes. */
    public List<StoredInvoice> pending() {
        return db.read(c -> many(c, "state IN ('OPEN', 'ACCEPTED') ORDER BY expires_ms, id"));
    }

    /** Invoices we pay that are still OPEN or ACCEPTED, soonest expiry first. */
    public List<StoredInvoice> pendingPayments() {
        return db.read(c -> many(c, "role = 'PAID' AND state IN ('OPEN', 'ACCEPTED') ORDER BY expires_ms, id"));
    }

    /** Pending invoices whose expiry is at or before {@code now}. */
    public List<StoredInvoice> expiredBy(Instant now) {
        return db.read(c -> many(c, "state IN ('OPEN', 'ACCEPTED') AND expires_ms <= ? ORDER BY expires_ms, id",
                now.toEpochMilli()));
    }

    private static Optional<StoredInvoice> one(Connection c, String where, Object... args) throws SQLException {
        List<StoredInvoice> list = many(c, where, args);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    private static List<StoredInvoice> many(Connection c, String where, Object... args) throws SQLException {
        return Db.query(c, "SELECT " + COLUMNS + " FROM invoices WHERE " + where, r -> {
            byte[] payload = r.getBytes(8);
            return new StoredInvoice(r.getLong(1), r.getString(2), Hash32.of(r.getBytes(3)),
                    InvoiceRole.valueOf(r.getString(4)), r.getLong(5), Instant.ofEpochMilli(r.getLong(6)),
                    InvoiceState.valueOf(r.getString(7)), Optional.ofNullable(payload).map(PayloadId::of),
                    Instant.ofEpochMilli(r.getLong(9)), Instant.ofEpochMilli(r.getLong(10)));
        }, args);
    }
}
