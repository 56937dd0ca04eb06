package org.giggossip.lightning.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.giggossip.store.testing.SqliteFiles.dump;
import static org.giggossip.store.testing.SqliteFiles.execute;
import static org.giggossip.store.testing.SqliteFiles.history;
import static org.giggossip.store.testing.SqliteFiles.schema;
import static org.giggossip.store.testing.SqliteFiles.tables;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.WalletAccounts;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.store.FlywaySqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ledger files written before Flyway (the schema and one-row
 * {@code schema_version} of that code, kept below verbatim; the rows written by
 * today's {@link LedgerWallets}) are adopted with every row; newer, partially
 * migrated or damaged files are refused with a message that says so.
 */
class LedgerStoreAdoptionTest {
    /** The hand-written migrations before Flyway, verbatim. */
    private static final List<List<String>> LEGACY_MIGRATIONS = List.of(List.of(
            "CREATE TABLE ledger_state (state_key TEXT PRIMARY KEY, state_value BLOB NOT NULL)",
            "CREATE TABLE wallet_account (owner TEXT PRIMARY KEY, account INTEGER NOT NULL UNIQUE,"
                    + " custodial INTEGER NOT NULL, last_seq INTEGER NOT NULL)",
            "CREATE TABLE wallet_journal (account INTEGER NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL,"
                    + " event BLOB NOT NULL, PRIMARY KEY (account, seq))",
            "CREATE INDEX wallet_journal_at ON wallet_journal (at_ms)"));
    private static final List<String> TABLES = List.of("ledger_state", "wallet_account", "wallet_journal");
    private static final long START = LedgerWalletsTest.START;

    @TempDir
    Path dir;

    /** Writes {@code file} as the code before Flyway did: its schema and {@code schema_version} at 1. */
    private static void createLegacy(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL");
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
                c.commit();
                for (int v = 0; v < LEGACY_MIGRATIONS.size(); v++) {
                    for (String sql : LEGACY_MIGRATIONS.get(v)) {
                        s.execute(sql);
                    }
                    s.execute("DELETE FROM schema_version");
                    s.execute("INSERT INTO schema_version (version) VALUES (" + (v + 1) + ")");
                    c.commit();
                }
            }
        }
    }

    /** A legacy file holding the rows today's wallets write: two accounts, an invoice, their journals. */
    private Path legacyWithRows() throws Exception {
        Path source = dir.resolve("source.db");
        try (LedgerWallets w = LedgerWallets.open(source, Clock.systemUTC(), new SecureRandom(), START)) {
            w.open(LedgerWalletsTest.owner(1)).join();
            w.open(LedgerWalletsTest.owner(2)).join();
            w.execute(LedgerWalletsTest.owner(1), new WalletRequest.CreateHoldInvoice(1,
                    LedgerWalletsTest.preimage(1).paymentHash(), 10_000, Instant.now().plus(Duration.ofHours(1)),
                    "ride"));
            w.balance(LedgerWalletsTest.owner(1)).join(); // after the invoice, on the wallets' thread
        }
        Path legacy = dir.resolve("ledger.db");
        createLegacy(legacy);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + legacy); Statement s = c.createStatement()) {
            s.execute("ATTACH DATABASE '" + source + "' AS source");
            for (String table : TABLES) {
                s.execute("INSERT INTO main." + table + " SELECT * FROM source." + table);
            }
        }
        return legacy;
    }

    @Test
    void aFileWrittenBeforeFlywayIsAdoptedWithEveryRowAndTakesNewWrites() throws Exception {
        Path f = legacyWithRows();
        Map<String, List<List<String>>> before = dump(f, TABLES);
        assertThat(before.values()).allSatisfy(rows -> assertThat(rows).isNotEmpty());

        LedgerStore.open(f).close();
        assertThat(dump(f, TABLES)).isEqualTo(before);
        assertThat(tables(f)).doesNotContain("schema_version").contains(FlywaySqlite.HISTORY);
        assertThat(history(f)).isEqualTo("1:BASELINE");
        assertThat(schema(f)).isEqualTo(freshSchema());

        PublicKey a = LedgerWalletsTest.owner(1);
        try (LedgerWallets w = LedgerWallets.open(f, Clock.systemUTC(), new SecureRandom(), START)) {
            assertThat(w.has(a)).isTrue();
            assertThat(w.has(LedgerWalletsTest.owner(2))).isTrue();
            assertThat(w.liveInvoices()).isEqualTo(1);
            assertThat(w.balance(a).join()).isEqualTo(new HoldInvoiceWallet.Balance(START, 0));
            List<WalletAccounts.Entry> journal = LedgerWalletsTest.journal(w, a);
            assertThat(journal).isNotEmpty();
            long last = journal.getLast().seq();
            w.open(LedgerWalletsTest.owner(3)).join();
            w.execute(a, new WalletRequest.CreateHoldInvoice(2, LedgerWalletsTest.preimage(2).paymentHash(), 2_000,
                    Instant.now().plus(Duration.ofHours(1)), "next"));
            assertThat(w.balance(LedgerWalletsTest.owner(3)).join().spendableMsat()).isEqualTo(START);
            assertThat(LedgerWalletsTest.journal(w, a).getLast().seq()).isGreaterThan(last);
        }
        Map<String, List<List<String>>> after = dump(f, TABLES);
        // owner, account, custodial stay; last_seq moves on with the new journal entries
        assertThat(after.get("wallet_account").stream().map(row -> row.subList(0, 3)).toList())
                .containsAll(before.get("wallet_account").stream().map(row -> row.subList(0, 3)).toList())
                .hasSize(before.get("wallet_account").size() + 1);
        assertThat(after.get("wallet_journal")).containsAll(before.get("wallet_journal"))
                .hasSizeGreaterThan(before.get("wallet_journal").size());
    }

    @Test
    void aFreshFileGetsTheSchemaTheHandWrittenCodeWrote() throws Exception {
        Path legacy = dir.resolve("legacy.db");
        createLegacy(legacy);
        assertThat(LedgerStore.LATEST_VERSION).isEqualTo(LEGACY_MIGRATIONS.size());
        assertThat(freshSchema()).isEqualTo(schema(legacy)).containsKeys("table wallet_journal",
                "index wallet_journal_at");
        assertThat(history(dir.resolve("reference.db"))).isEqualTo("1:SQL");
    }

    @Test
    void aHandWrittenFileFromANewerBuildIsRefusedAndLeftAsFound() throws Exception {
        Path f = dir.resolve("ledger.db");
        createLegacy(f);
        execute(f, "UPDATE schema_version SET version = 2");
        assertThatThrownBy(() -> LedgerStore.open(f)).isInstanceOf(SQLException.class)
                .hasMessageContaining("schema version 2").hasMessageContaining("newer than this build's 1");
        assertThat(tables(f)).contains("schema_version").doesNotContain(FlywaySqlite.HISTORY);
    }

    @Test
    void aFileFromANewerFlywayBuildIsRefused() throws Exception {
        Path f = dir.resolve("ledger.db");
        LedgerStore.open(f).close();
        execute(f, "INSERT INTO " + FlywaySqlite.HISTORY + " (installed_rank, version, description, type, script,"
                + " installed_by, execution_time, success)"
                + " VALUES (2, '2', 'later', 'SQL', 'V2__later.sql', 'a newer build', 0, 1)");
        assertThatThrownBy(() -> LedgerWallets.open(f, Clock.systemUTC(), new SecureRandom(), START))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("newer than this build's 1");
    }

    @Test
    void aHandWrittenFileMissingATableIsRefusedAndLeftAsFound() throws Exception {
        Path f = dir.resolve("ledger.db");
        createLegacy(f);
        execute(f, "DROP TABLE wallet_journal");
        assertThatThrownBy(() -> LedgerStore.open(f)).isInstanceOf(SQLException.class)
                .hasMessageContaining("missing table wallet_journal").hasMessageContaining("partially migrated");
        assertThat(tables(f)).contains("schema_version").doesNotContain(FlywaySqlite.HISTORY);
    }

    @Test
    void aHandWrittenVersionTableOfTwoRowsIsRefused() throws Exception {
        Path f = dir.resolve("ledger.db");
        createLegacy(f);
        execute(f, "INSERT INTO schema_version VALUES (1)");
        assertThatThrownBy(() -> LedgerStore.open(f)).isInstanceOf(SQLException.class)
                .hasMessageContaining("not one version");
    }

    @Test
    void aHistoryWithAFailedMigrationIsRefused() throws Exception {
        Path f = dir.resolve("ledger.db");
        LedgerStore.open(f).close();
        execute(f, "UPDATE " + FlywaySqlite.HISTORY + " SET success = 0");
        assertThatThrownBy(() -> LedgerStore.open(f)).isInstanceOf(SQLException.class)
                .hasMessageContaining("failed migration to version 1");
    }

    private Map<String, String> freshSchema() throws Exception {
        Path fresh = dir.resolve("reference.db");
        LedgerStore.open(fresh).close();
        return schema(fresh);
    }
}
