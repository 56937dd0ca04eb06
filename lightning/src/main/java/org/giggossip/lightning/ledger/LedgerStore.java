package org.giggossip.lightning.ledger;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.core.payment.WalletAccounts;
import org.giggossip.core.service.ServiceCodec;
import org.giggossip.core.service.ServiceMessage;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Decoded;
import org.giggossip.store.FlywaySqlite;
import org.giggossip.store.JdbcStateTable;

/**
 * The SQLite file of {@link LedgerWallets}: one connection, used only by the
 * wallets' thread. WAL journal, {@code synchronous=FULL} (a commit is on disk
 * when it returns), exclusive locking (a second process cannot open the file
 * while one has it), created readable by its owner only (it holds private
 * keys). The schema is the Flyway migrations under {@code db/ledger} on the
 * classpath, applied in order, each in its own transaction ({@link FlywaySqlite});
 * a file written before Flyway, versioned by a one-row {@code schema_version}
 * table, is adopted at its version and the table dropped. Released migrations
 * are never edited; a change is a new file, and {@link #LATEST_VERSION} follows it.
 */
final class LedgerStore implements AutoCloseable {
    /** The highest version under {@code db/ledger}: the schema version this build writes. */
    static final int LATEST_VERSION = 1;

    /** The ledger's migrations, with the adoption of files from before Flyway. */
    static final FlywaySqlite SCHEMA = new FlywaySqlite("the ledger", "db/ledger", LATEST_VERSION,
            new VersionTable());

    private static final JdbcStateTable STATE = new JdbcStateTable("ledger_state");

    private final Connection c;

    /** An account's row of {@code wallet_account}. */
    record Owner(PublicKey owner, int account, boolean custodial, long lastSeq) {}

    /** A journal entry to append. */
    record Append(int account, long seq, long atMillis, byte[] event) {}

    private LedgerStore(Connection c) {
        this.c = c;
    }

    static LedgerStore open(Path file) throws SQLException, IOException {
        createOwnerOnly(file);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA locking_mode = EXCLUSIVE");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL");
            }
            SCHEMA.migrate(c);
            c.setAutoCommit(false);
            return new LedgerStore(c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Creates the file empty and owner-only unless it exists; SQLite gives its WAL file the same mode. */
    private static void createOwnerOnly(Path file) throws IOException {
        boolean posix = file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (posix) {
                Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
                Files.createFile(file, PosixFilePermissions.asFileAttribute(owner));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // an existing ledger: opened as it is
        }
    }

    /** The hand-written {@code schema_version (version INTEGER NOT NULL)}: one row, the version reached. */
    private static final class VersionTable implements FlywaySqlite.Legacy {
        @Override
        public String table() {
            return "schema_version";
        }

        @Override
        public int version(Connection c) throws SQLException {
            List<Long> versions = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT version FROM schema_version")) {
                while (r.next()) {
                    long version = r.getLong(1);
                    versions.add(r.wasNull() ? -1 : version);
                }
            }
            if (versions.isEmpty()) {
                return 0;
            }
            if (versions.size() > 1 || versions.getFirst() < 1 || versions.getFirst() > Integer.MAX_VALUE) {
                throw new SQLException("the ledger's schema_version holds " + versions
                        + ", not one version: the table is damaged; refusing to adopt the file");
            }
            return (int) (long) versions.getFirst();
        }
    }

    Map<String, byte[]> loadState() throws SQLException {
        try {
            return STATE.loadAll(c);
        } finally {
            c.rollback();
        }
    }

    /** Every owner row; a malformed one is refused by name. */
    List<Owner> loadOwners() throws SQLException {
        List<Owner> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT owner, account, custodial, last_seq FROM wallet_account ORDER BY account");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                String hex = r.getString(1);
                PublicKey owner = Hex.tryDecode(hex).flatMap(PublicKey::parse).orElseThrow(
                        () -> new IllegalArgumentException("wallet_account row '" + hex + "': not a public key"));
                long account = r.getLong(2);
                long lastSeq = r.getLong(4);
                if (account < 0 || account > Integer.MAX_VALUE || lastSeq < 0) {
                    throw new IllegalArgumentException("wallet_account row '" + hex + "': account " + account
                            + ", last_seq " + lastSeq);
                }
                out.add(new Owner(owner, (int) account, r.getInt(3) != 0, lastSeq));
            }
        } finally {
            c.rollback();
        }
        return out;
    }

    /** The highest journal number of each account that has entries, by account. */
    Map<Integer, Long> journalHeads() throws SQLException {
        Map<Integer, Long> out = new java.util.HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT account, MAX(seq) FROM wallet_journal GROUP BY account");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.put(r.getInt(1), r.getLong(2));
            }
        } finally {
            c.rollback();
        }
        return out;
    }

    /**
     * Commits, in one transaction, the ledger's changed rows, new accounts' owner
     * rows, the journal entries of the events they produced and the accounts' new
     * last journal numbers: all of them or none.
     */
    void commit(StateChanges changes, List<Owner> newOwners, List<Append> entries) throws SQLException {
        try {
            STATE.apply(c, changes);
            if (!newOwners.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO wallet_account (owner, account, custodial, last_seq) VALUES (?, ?, ?, 0)")) {
                    for (Owner o : newOwners) {
                        s.setString(1, o.owner().hex());
                        s.setInt(2, o.account());
                        s.setInt(3, o.custodial() ? 1 : 0);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
            if (!entries.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO wallet_journal (account, seq, at_ms, event) VALUES (?, ?, ?, ?)");
                        PreparedStatement last = c.prepareStatement(
                                "UPDATE wallet_account SET last_seq = ? WHERE account = ? AND last_seq < ?")) {
                    for (Append e : entries) {
                        s.setInt(1, e.account());
                        s.setLong(2, e.seq());
                        s.setLong(3, e.atMillis());
                        s.setBytes(4, e.event());
                        s.addBatch();
                        last.setLong(1, e.seq());
                        last.setInt(2, e.account());
                        last.setLong(3, e.seq());
                        last.addBatch();
                    }
                    s.executeBatch();
                    last.executeBatch();
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** Up to {@code limit} entries of {@code account} numbered above {@code afterSeq}, in order. */
    List<WalletAccounts.Entry> read(int account, long afterSeq, int limit) throws SQLException {
        List<WalletAccounts.Entry> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT seq, at_ms, event FROM wallet_journal"
                + " WHERE account = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            s.setInt(1, account);
            s.setLong(2, afterSeq);
            s.setInt(3, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long seq = r.getLong(1);
                    out.add(new WalletAccounts.Entry(seq, Instant.ofEpochMilli(r.getLong(2)),
                            decode(account, seq, r.getBytes(3))));
                }
            }
        } finally {
            c.rollback();
        }
        return out;
    }

    /** Deletes journal entries older than {@code beforeMillis}; returns how many. */
    int prune(long beforeMillis) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM wallet_journal WHERE at_ms < ?")) {
            s.setLong(1, beforeMillis);
            int n = s.executeUpdate();
            c.commit();
            return n;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    static byte[] encode(org.giggossip.core.payment.WalletEvent event) {
        return ServiceCodec.encode(new ServiceMessage.WalletNotice(event));
    }

    private static org.giggossip.core.payment.WalletEvent decode(int account, long seq, byte[] bytes) {
        String where = "wallet_journal entry (account " + account + ", seq " + seq + ")";
        if (bytes == null) {
            throw new IllegalStateException(where + ": no event");
        }
        return switch (ServiceCodec.decode(bytes)) {
            case Decoded.Ok<ServiceMessage> ok when ok.value() instanceof ServiceMessage.WalletNotice n -> n.event();
            case Decoded.Ok<ServiceMessage> ok -> throw new IllegalStateException(where + ": not a wallet event but "
                    + ok.value().getClass().getSimpleName());
            case Decoded.Err<ServiceMessage> err -> throw new IllegalStateException(where + ": " + err.error());
        };
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
