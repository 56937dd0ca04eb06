package org.giggossip.settler.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.settler.service.Notice;
import org.giggossip.settler.service.SettlerDatabase;
import org.giggossip.store.JdbcStateTable;

/**
 * The settler's database over JDBC, on SQLite (the default, one file) or
 * PostgreSQL. Flyway applies the versioned migrations under
 * {@code db/settler} when it opens (one script for both databases, with
 * placeholders for the column types that differ).
 *
 * <p><b>Transactions.</b> Every method is one transaction on one connection,
 * guarded by a lock (not {@code synchronized}, so virtual threads do not pin).
 * Across processes the database orders writers: SQLite transactions take the
 * write lock when they begin; on PostgreSQL a commit that appends notices
 * first locks the {@code notices} table against other appenders. So notices
 * are numbered in commit order: a reader who has seen seq {@code n} never
 * later finds a new notice below {@code n}.
 *
 * <p><b>Times</b> are stored as epoch milliseconds; the notices returned by
 * {@link #commit} carry their time truncated to the millisecond, as a later
 * {@link #notices} returns them.
 *
 * <p><b>Failures</b> surface as {@link DatabaseException}. When the connection
 * is lost (PostgreSQL restarted) the next call opens a new one; a call that
 * failed while committing may or may not have committed.
 */
public final class JdbcSettlerDatabase implements SettlerDatabase {
    /** Most notices one commit may append. */
    public static final int MAX_NOTICES_PER_COMMIT = 1_000;
    /** Most bytes of one notice's message. */
    public static final int MAX_MESSAGE_BYTES = 256 * 1024;
    /** Most keys one commit may change. */
    public static final int MAX_STATE_CHANGES = 100_000;
    /** Most bytes of one state value. */
    public static final int MAX_STATE_VALUE_BYTES = 16 * 1024 * 1024;
    /** Most notices one {@link #notices} call returns; a larger limit is lowered to this. */
    public static final int MAX_NOTICES_PER_FETCH = 1_000;
    /** Most bytes of a request nonce. */
    public static final int MAX_NONCE_BYTES = 64;
    /** The SQLite file {@link #open(Path)} uses in a data directory. */
    public static final String DEFAULT_FILE = "settler.db";

    private static final System.Logger LOG = System.getLogger(JdbcSettlerDatabase.class.getName());
    private static final JdbcStateTable STATE = new JdbcStateTable("settler_state");

    private final Connector connector;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection; // guarded by lock; null after a lost connection
    private boolean closed; // guarded by lock

    private JdbcSettlerDatabase(Connector connector) {
        this.connector = connector;
    }

    /**
     * Opens the database at {@code jdbcUrl} ({@code jdbc:sqlite:<path>} or
     * {@code jdbc:postgresql://host:port/database?user=..&password=..}), creating a
     * missing SQLite file, and applies the migrations it lacks.
     *
     * @throws DatabaseException for an unsupported URL, an unreachable database or a failed migration
     */
    public static SettlerDatabase open(String jdbcUrl) {
        return open(jdbcUrl, new Properties());
    }

    /** As {@link #open(String)}, with driver properties (such as {@code user} and {@code password}). */
    public static SettlerDatabase open(String jdbcUrl, Properties properties) {
        Connector connector = new Connector(DatabaseUrl.parse(jdbcUrl), Objects.requireNonNull(properties));
        connector.prepare();
        JdbcSettlerDatabase db = new JdbcSettlerDatabase(connector);
        db.connection = connector.connect();
        LOG.log(System.Logger.Level.INFO, "opened the settler database: {0}", db.describe());
        return db;
    }

    /** Opens (creating when missing) the default SQLite file {@value #DEFAULT_FILE} in {@code dataDir}. */
    public static SettlerDatabase open(Path dataDir) {
        return open(sqliteUrl(dataDir.resolve(DEFAULT_FILE)));
    }

    /** The JDBC URL of the SQLite file {@code file}. */
    public static String sqliteUrl(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    @Override
    public Map<String, byte[]> loadState() {
        return transaction("loading the state", STATE::loadAll);
    }

    @Override
    public List<Notice> commit(StateChanges changes, List<NewNotice> notices) {
        checkChanges(changes);
        List<NewNotice> appended = List.copyOf(notices);
        if (appended.size() > MAX_NOTICES_PER_COMMIT) {
            throw new IllegalArgumentException(appended.size() + " notices in one commit, more than "
                    + MAX_NOTICES_PER_COMMIT);
        }
        appended.forEach(JdbcSettlerDatabase::checkNotice);
        return transaction("committing", c -> {
            if (!appended.isEmpty() && connector.url().kind() == DatabaseUrl.Kind.POSTGRESQL) {
                // identity values are handed out at insert, not at commit: without this a
                // reader could see seq 8 committed before seq 7 and skip 7 for good
                try (Statement s = c.createStatement()) {
                    s.execute("LOCK TABLE notices IN SHARE ROW EXCLUSIVE MODE");
                }
            }
            STATE.apply(c, changes);
            List<Notice> numbered = new ArrayList<>(appended.size());
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO notices (to_key, at, message) VALUES (?, ?, ?) RETURNING seq")) {
                for (NewNotice n : appended) {
                    long at = millis(n.at());
                    insert.setString(1, n.to().hex());
                    insert.setLong(2, at);
                    insert.setBytes(3, n.message());
                    try (ResultSet r = insert.executeQuery()) {
                        r.next();
                        numbered.add(new Notice(r.getLong(1), n.to(), Instant.ofEpochMilli(at), n.message()));
                    }
                }
            }
            return List.copyOf(numbered);
        });
    }

    @Override
    public List<Notice> notices(PublicKey to, long afterSeq, int limit) {
        Objects.requireNonNull(to, "to");
        if (afterSeq < 0 || limit < 1) {
            throw new IllegalArgumentException("afterSeq must be >= 0 and limit >= 1, not " + afterSeq + ", " + limit);
        }
        int rows = Math.min(limit, MAX_NOTICES_PER_FETCH);
        return transaction("reading notices", c -> {
            List<Notice> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT seq, at, message FROM notices"
                    + " WHERE to_key = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                s.setString(1, to.hex());
                s.setLong(2, afterSeq);
                s.setInt(3, rows);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Notice(r.getLong(1), to, Instant.ofEpochMilli(r.getLong(2)), r.getBytes(3)));
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    @Override
    public int pruneNotices(Instant before) {
        long cutoff = millis(before);
        return transaction("pruning notices", c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM notices WHERE at < ?")) {
                s.setLong(1, cutoff);
                return s.executeUpdate();
            }
        });
    }

    /**
     * {@inheritDoc} A nonce is expired when {@code expiresAt <= now}. A nonce
     * recorded with an expiry already past is forgotten by the next call: the
     * caller is expected to have refused such a request by its timestamp first.
     */
    @Override
    public boolean rememberNonce(PublicKey caller, byte[] nonce, Instant expiresAt, Instant now) {
        Objects.requireNonNull(caller, "caller");
        byte[] n = Objects.requireNonNull(nonce, "nonce").clone();
        if (n.length == 0 || n.length > MAX_NONCE_BYTES) {
            throw new IllegalArgumentException("a nonce has 1 to " + MAX_NONCE_BYTES + " bytes, not " + n.length);
        }
        long expires = millis(expiresAt);
        long nowMs = millis(now);
        return transaction("remembering a nonce", c -> {
            try (PreparedStatement forget = c.prepareStatement("DELETE FROM nonces WHERE expires_at <= ?")) {
                forget.setLong(1, nowMs);
                forget.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO nonces (caller, nonce, expires_at)"
                    + " VALUES (?, ?, ?) ON CONFLICT (caller, nonce) DO NOTHING")) {
                insert.setString(1, caller.hex());
                insert.setBytes(2, n);
                insert.setLong(3, expires);
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public String describe() {
        return connector.url().describe();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    LOG.log(System.Logger.Level.WARNING, "closing " + describe() + ": " + e.getMessage());
                }
                connection = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Work done inside one transaction. */
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction: commits what it did, or rolls all of it back. */
    private <T> T transaction(String what, Work<T> work) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the settler database is closed");
            }
            if (connection == null) {
                connection = connector.connect();
            }
            Connection c = connection;
            try {
                connector.begin(c);
                T result = work.run(c);
                connector.commit(c);
                return result;
            } catch (SQLException e) {
                rollback(c);
                throw new DatabaseException(what + " failed on " + describe() + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                rollback(c);
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private void rollback(Connection c) {
        try {
            if (c.isClosed() || !c.isValid(2)) {
                dropConnection(c);
            } else {
                connector.rollback(c);
            }
        } catch (SQLException e) {
            // a connection that cannot roll back is no use: the next call opens a new one
            dropConnection(c);
        }
    }

    private void dropConnection(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already broken; closing is only tidying up
        }
        connection = null;
    }

    private static void checkChanges(StateChanges changes) {
        if (changes.size() > MAX_STATE_CHANGES) {
            throw new IllegalArgumentException(changes.size() + " state changes in one commit, more than "
                    + MAX_STATE_CHANGES);
        }
        changes.entries().forEach((key, value) -> {
            if (value != null && value.length > MAX_STATE_VALUE_BYTES) {
                throw new IllegalArgumentException("state value of " + key + " has " + value.length
                        + " bytes, more than " + MAX_STATE_VALUE_BYTES);
            }
        });
    }

    private static void checkNotice(NewNotice n) {
        Objects.requireNonNull(n, "notice");
        Objects.requireNonNull(n.to(), "notice recipient");
        Objects.requireNonNull(n.message(), "notice message");
        if (n.message().length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("a notice of " + n.message().length + " bytes, more than "
                    + MAX_MESSAGE_BYTES);
        }
        millis(n.at());
    }

    private static long millis(Instant t) {
        Objects.requireNonNull(t, "time");
        try {
            return t.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("time out of range: " + t, e);
        }
    }
}
