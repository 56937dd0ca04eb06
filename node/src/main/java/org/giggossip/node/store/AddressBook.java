package org.giggossip.node.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.giggossip.core.crypto.PublicKey;

/**
 * The persistent peer address book (docs/protocol.md §1, Discovery): peers by identity,
 * with their address, when they were last seen and their ping and drop
 * counters, so that the book survives restarts. Addresses come from peers, so
 * each is checked before it is written.
 */
public final class AddressBook {
    /** Longest host name (RFC 1035). */
    public static final int MAX_HOST_LENGTH = 253;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_HOST_LENGTH + "}");
    private static final String COLUMNS = "node_id, host, port, last_seen_ms, pings, drops";

    private final Db db;

    AddressBook(Db db) {
        this.db = db;
    }

    /**
     * Adds the peer, or updates its address and last-seen time; a peer seen again has its
     * unanswered pings reset, its drop count kept.
     *
     * @throws IllegalArgumentException for a host that is empty, too long or has other than
     *                                  letters, digits, '.', '-', '_', ':'; or a port outside 1..65535
     */
    public PeerEntry upsert(PublicKey nodeId, String host, int port, Instant seen) {
        if (host == null || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("bad host (1 to " + MAX_HOST_LENGTH
                    + " of letters, digits, '.', '-', '_', ':')");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO peers (node_id, host, port, last_seen_ms) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (node_id) DO UPDATE SET host = excluded.host, "
                    + "port = excluded.port, last_seen_ms = max(last_seen_ms, excluded.last_seen_ms), pings = 0")) {
                p.setBytes(1, nodeId.bytes());
                p.setString(2, host);
                p.setInt(3, port);
                p.setLong(4, seen.toEpochMilli());
                p.executeUpdate();
            }
            return get(c, nodeId).orElseThrow();
        });
    }

    /** Notes that the peer answered at {@code at}: unanswered pings back to 0. False for an unknown peer. */
    public boolean markSeen(PublicKey nodeId, Instant at) {
        return update("last_seen_ms = max(last_seen_ms, ?), pings = 0", nodeId, at.toEpochMilli());
    }

    /** Counts a ping sent and not (yet) answered. False for an unknown peer. */
    public boolean recordPing(PublicKey nodeId) {
        return update("pings = pings + 1", nodeId);
    }

    /** Counts a drop of the peer. False for an unknown peer. */
    public boolean recordDrop(PublicKey nodeId) {
        return update("drops = drops + 1", nodeId);
    }

    /** Forgets the peer. False if it was not there. */
    public boolean remove(PublicKey nodeId) {
        return db.write(c -> Db.update(c, "DELETE FROM peers WHERE node_id = ?", nodeId.bytes()) == 1);
    }

    /** The database, for {@link AddressBookStore}'s own statements. */
    Db db() {
        return db;
    }

    /** The entry for {@code nodeId}. */
    public Optional<PeerEntry> get(PublicKey nodeId) {
        return db.read(c -> get(c, nodeId));
    }

    /** Up to {@code limit} peers, most recently seen first. */
    public List<PeerEntry> list(int limit) {
        return query("ORDER BY last_seen_ms DESC, node_id LIMIT ?", limit);
    }

    /** Up to {@code limit} peers with at most {@code maxPings} unanswered pings: the ones worth advertising. */
    public List<PeerEntry> responsive(int maxPings, int limit) {
        return query("WHERE pings <= ? ORDER BY last_seen_ms DESC, node_id LIMIT ?", maxPings, limit);
    }

    /** How many peers the book holds. */
    public int size() {
        return db.read(c -> Db.query(c, "SELECT count(*) FROM peers", r -> r.getInt(1)).get(0));
    }

    private boolean update(String set, PublicKey nodeId, Object... args) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = nodeId.bytes();
        return db.write(c -> Db.update(c, "UPDATE peers SET " + set + " WHERE node_id = ?", all) == 1);
    }

    private List<PeerEntry> query(String tail, Object... args) {
        return db.read(c -> Db.query(c, "SELECT " + COLUMNS + " FROM peers " + tail, AddressBook::row, args));
    }

    private static Optional<PeerEntry> get(Connection c, PublicKey nodeId) throws SQLException {
        return Db.query(c, "SELECT " + COLUMNS + " FROM peers WHERE node_id = ?", AddressBook::row, nodeId.bytes())
                .stream().findFirst();
    }

    private static PeerEntry row(ResultSet r) throws SQLException {
        return new PeerEntry(PublicKey.of(r.getBytes(1)), r.getString(2), r.getInt(3),
                Instant.ofEpochMilli(r.getLong(4)), r.getInt(5), r.getInt(6));
    }
}
