package org.giggossip.node.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.giggossip.store.FlywaySqlite;

/**
 * A node's durable state in one SQLite file (docs/architecture.md, "Storage"): jobs
 * and their offers, invoices, preimages and the peer address book, behind the
 * repositories {@link #jobs()}, {@link #invoices()}, {@link #preimages()} and
 * {@link #peers()}.
 *
 * <p><b>Durability rule.</b> The file runs in WAL mode with
 * {@code synchronous=FULL} for every table (almost every row here is money or a
 * promise; the cost is one fsync per commit). Every repository method that
 * writes commits before it returns, so a returned write survives SIGKILL and
 * power loss. The daemon records first and acts second: it acts on an engine
 * output only after the write that output depends on has returned. In
 * particular it stores
 * <ul>
 *   <li>an invoice it <em>pays</em> ({@link InvoiceRole#PAID}) before sending the payment;</li>
 *   <li>an invoice it <em>issues</em> before the frame that carries it is sent;</li>
 *   <li>a learned preimage before settling any invoice with it or forwarding it;</li>
 *   <li>a state change of an invoice (accepted, settled, cancelled) before the event is passed on;</li>
 *   <li>an accepted job or offer before the acceptance is sent.</li>
 * </ul>
 * After a restart, {@link Invoices#pending()} lists what to resume: paid
 * invoices still OPEN or ACCEPTED, and issued ones awaiting their preimage or
 * expiry.
 *
 * <p><b>Threads.</b> One connection, guarded by a lock (not {@code synchronized},
 * so virtual threads do not pin); calls are blocking and belong on a virtual
 * thread, never on the engine's loop.
 */
public final class NodeStore implements AutoCloseable {
    private final Path file;
    private final Clock clock;
    private final Db db;
    private final Jobs jobs;
    private final Invoices invoices;
    private final Preimages preimages;
    private final AddressBook peers;

    private NodeStore(Path file, Clock clock, Connection connection) {
        this.file = file;
        this.clock = clock;
        this.db = new Db(connection, new ReentrantLock());
        this.jobs = new Jobs(db, clock);
        this.invoices = new Invoices(db, clock);
        this.preimages = new Preimages(db, clock);
        this.peers = new AddressBook(db);
    }

    /**
     * Opens (creating when missing, with its directory) the store at {@code file}
     * and brings its schema up to date with {@link Migrations} (adopting a file
     * written before Flyway); refuses a file written by a newer build, or one
     * partially migrated or damaged, and leaves it as found.
     */
    public static NodeStore open(Path file, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA journal_mode = WAL");
                    s.execute("PRAGMA synchronous = FULL");
                    s.execute("PRAGMA foreign_keys = ON");
                    s.execute("PRAGMA busy_timeout = 5000");
                }
                Migrations.SCHEMA.migrate(c);
                c.setAutoCommit(false);
                return new NodeStore(file, clock, c);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open the node store " + file + ": " + e.getMessage(), e);
        }
    }

    /** The schema version of the open file: the highest applied in Flyway's history. */
    public int schemaVersion() {
        List<Integer> applied = appliedMigrations();
        return applied.isEmpty() ? 0 : applied.getLast();
    }

    /**
     * The versions recorded as applied in Flyway's history, ascending; a file
     * adopted from before Flyway lists its baseline (the version it was adopted
     * at) first.
     */
    public List<Integer> appliedMigrations() {
        return db.read(FlywaySqlite::appliedVersions);
    }

    /** A SQLite pragma's current value, for checks ({@code journal_mode}, {@code synchronous}). */
    public String pragma(String name) {
        if (!name.matches("[a-z_]{1,32}")) {
            throw new IllegalArgumentException("bad pragma name");
        }
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
                return r.next() ? r.getString(1) : "";
            }
        });
    }

    /** Jobs and their offers. */
    public Jobs jobs() {
        return jobs;
    }

    /** Invoices issued and paid. */
    public Invoices invoices() {
        return invoices;
    }

    /** Preimages learned or generated. */
    public Preimages preimages() {
        return preimages;
    }

    /** The engine's durable state. */
    public EngineState engineState() {
        return new EngineState(db, clock);
    }

    /** The settler and ledger this node serves, if it serves them. */
    public ServedState served() {
        return new ServedState(db);
    }

    /** The peer address book. */
    public AddressBook peers() {
        return peers;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** The clock that stamps rows. */
    public Clock clock() {
        return clock;
    }

    /** Closes the connection; a WAL checkpoint folds the log into the file. */
    @Override
    public void close() {
        db.close();
    }
}
