package org.giggossip.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.giggossip.store.testing.SqliteFiles.dump;
import static org.giggossip.store.testing.SqliteFiles.execute;
import static org.giggossip.store.testing.SqliteFiles.schema;
import static org.giggossip.store.testing.SqliteFiles.tables;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.giggossip.core.crypto.Ecdsa;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.ledger.InvoiceState;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.store.FlywaySqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by the node store before Flyway ({@link LegacyNodeSchema}: its
 * schema and {@code schema_version} bookkeeping, with today's repositories writing
 * the rows) are adopted with every row; files that are newer, partially migrated
 * or damaged are refused with a message that says so, and left as found.
 */
class NodeStoreAdoptionTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
    private static final List<String> TABLES = List.of("jobs", "offers", "invoices", "preimages", "peers",
            "engine_state");

    @TempDir
    Path dir;

    private final NodeStoreTest.MutableClock clock = new NodeStoreTest.MutableClock(T0);
    private final PrivateKey issuer = PrivateKey.generate(RANDOM);
    private final PayloadId job = payloadId();
    private final Preimage preimage = Preimage.generate(RANDOM);
    private final PublicKey peer = PrivateKey.generate(RANDOM).publicKey();
    private final byte[] snapshot = "engine snapshot".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @Test
    void aFileOfTheLastHandWrittenVersionIsAdoptedWithEveryRowAndTakesNewWrites() throws Exception {
        Path f = dir.resolve("node.db");
        LegacyNodeSchema.create(f, LegacyNodeSchema.LATEST);
        fill(f, true);
        Map<String, List<List<String>>> before = dump(f, TABLES);
        assertThat(before.values()).allSatisfy(rows -> assertThat(rows).isNotEmpty());

        try (NodeStore store = NodeStore.open(f, clock)) {
            assertThat(store.schemaVersion()).isEqualTo(Migrations.latest());
            // adopted at the last hand-written version, then the migrations written since
            assertThat(store.appliedMigrations()).containsExactly(LegacyNodeSchema.LATEST, 3);
            assertThat(store.jobs().get(job).orElseThrow().role()).isEqualTo(JobRole.CUSTOMER);
            assertThat(store.jobs().offers(job)).hasSize(1);
            assertThat(store.invoices().pending()).hasSize(2);
            assertThat(store.preimages().get(preimage.paymentHash())).contains(preimage);
            assertThat(store.peers().get(peer).orElseThrow().port()).isEqualTo(9735);
            assertThat(store.engineState().load()).hasValueSatisfying(b -> assertThat(b).isEqualTo(snapshot));
        }
        assertThat(dump(f, TABLES)).isEqualTo(before);
        assertThat(tables(f)).doesNotContain("schema_version").contains(FlywaySqlite.HISTORY);
        assertThat(schema(f)).isEqualTo(freshSchema());

        try (NodeStore store = NodeStore.open(f, clock)) {
            PayloadId next = payloadId();
            store.jobs().insert(next, JobRole.WORKER, new byte[] {1, 2});
            store.jobs().addOffer(job, Preimage.generate(RANDOM).paymentHash(), 7, 1, new byte[] {3});
            store.invoices().insert(InvoiceRole.ISSUED, invoice(Preimage.generate(RANDOM).paymentHash(), 9_000),
                    Optional.empty());
            store.preimages().put(Preimage.generate(RANDOM));
            store.peers().upsert(PrivateKey.generate(RANDOM).publicKey(), "10.0.0.2", 9736, T0);
            store.engineState().save(new byte[] {9}, 2);
        }
        Map<String, List<List<String>>> after = dump(f, TABLES);
        for (String table : TABLES.subList(0, 5)) { // engine_state holds one row, replaced by the save
            assertThat(after.get(table)).as(table).containsAll(before.get(table));
        }
        assertThat(after.get("jobs")).hasSize(before.get("jobs").size() + 1);
        assertThat(after.get("offers")).hasSize(before.get("offers").size() + 1);
        assertThat(after.get("invoices")).hasSize(before.get("invoices").size() + 1);
        assertThat(after.get("preimages")).hasSize(before.get("preimages").size() + 1);
        assertThat(after.get("peers")).hasSize(before.get("peers").size() + 1);
        assertThat(after.get("engine_state")).hasSize(1).isNotEqualTo(before.get("engine_state"));
    }

    @Test
    void aFileOfAnOlderHandWrittenVersionIsAdoptedThenMigratedOn() throws Exception {
        Path f = dir.resolve("node.db");
        LegacyNodeSchema.create(f, 1);
        fill(f, false);
        Map<String, List<List<String>>> before = dump(f, TABLES);
        try (NodeStore store = NodeStore.open(f, clock)) {
            assertThat(store.appliedMigrations()).containsExactly(1, 2, 3);
            store.engineState().save(snapshot, 1);
        }
        Map<String, List<List<String>>> after = dump(f, TABLES);
        for (String table : TABLES.subList(0, 5)) {
            assertThat(after.get(table)).as(table).isEqualTo(before.get(table));
        }
        assertThat(after.get("engine_state")).hasSize(1);
        assertThat(schema(f)).isEqualTo(freshSchema());
    }

    @Test
    void anEmptyVersionTableLeftByAFailedFirstMigrationIsOpenedAsANewFile() throws Exception {
        Path f = dir.resolve("node.db");
        LegacyNodeSchema.create(f, 0);
        try (NodeStore store = NodeStore.open(f, clock)) {
            assertThat(store.appliedMigrations()).containsExactly(1, 2, 3);
        }
        assertThat(tables(f)).doesNotContain("schema_version");
    }

    @Test
    void anAdoptionStoppedBetweenItsBaselineAndTheDropIsFinished() throws Exception {
        Path f = dir.resolve("node.db");
        LegacyNodeSchema.create(f, LegacyNodeSchema.LATEST);
        fill(f, true);
        Map<String, List<List<String>>> before = dump(f, TABLES);
        Flyway.configure(NodeStore.class.getClassLoader()).dataSource("jdbc:sqlite:" + f, null, null)
                .locations("classpath:db/node").baselineVersion("2").load().baseline();
        try (NodeStore store = NodeStore.open(f, clock)) {
            assertThat(store.appliedMigrations()).containsExactly(2, 3);
        }
        assertThat(tables(f)).doesNotContain("schema_version");
        assertThat(dump(f, TABLES)).containsAllEntriesOf(before);
    }

    @Test
    void aHandWrittenFileFromANewerBuildIsRefusedAndLeftAsFound() throws Exception {
        Path f = dir.resolve("node.db");
        LegacyNodeSchema.create(f, LegacyNodeSchema.LATEST);
        for (int v = LegacyNodeSchema.LATEST + 1; v <= Migrations.latest() + 1; v++) {
            execute(f, "INSERT INTO schema_version VALUES (" + v + ", 0)");
        }
        Map<String, String> schema = schema(f);
        assertThatThrownBy(() -> NodeStore.open(f, clock)).isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version " + (Migrations.latest() + 1))
                .hasMessageContaining("newer than this build");
        assertThat(tables(f)).contains("schema_version").doesNotContain(FlywaySqlite.HISTORY);
        assertThat(schema(f)).isEqualTo(schema);
    }

    @Test
    void aHandWrittenFileMissingATableOfItsVersionIsRefusedAndLeftAsFound() throws Exception {
        Path f = dir.resolve("node.db");
        LegacyNodeSchema.create(f, LegacyNodeSchema.LATEST);
        execute(f, "DROP TABLE engine_state");
        assertThatThrownBy(() -> NodeStore.open(f, clock)).isInstanceOf(StoreException.class)
                .hasMessageContaining("records schema version 2")
                .hasMessageContaining("missing table engine_state")
                .hasMessageContaining("partially migrated");
        assertThat(tables(f)).contains("schema_version").doesNotContain(FlywaySqlite.HISTORY, "engine_state");
    }

    @Test
    void aHandWrittenFileWithAChangedOrExtraTableIsRefused() throws Exception {
        Path changed = dir.resolve("changed.db");
        LegacyNodeSchema.create(changed, LegacyNodeSchema.LATEST);
        execute(changed, "ALTER TABLE peers ADD COLUMN note TEXT");
        assertThatThrownBy(() -> NodeStore.open(changed, clock)).isInstanceOf(StoreException.class)
                .hasMessageContaining("table peers differs");

        Path extra = dir.resolve("extra.db");
        LegacyNodeSchema.create(extra, 1);
        execute(extra, "CREATE TABLE engine_state (x INTEGER)");
        assertThatThrownBy(() -> NodeStore.open(extra, clock)).isInstanceOf(StoreException.class)
                .hasMessageContaining("unexpected table engine_state");
        assertThat(tables(extra)).doesNotContain(FlywaySqlite.HISTORY);
    }

    @Test
    void aHandWrittenVersionTableWithAGapIsRefused() throws Exception {
        Path f = dir.resolve("node.db");
        LegacyNodeSchema.create(f, LegacyNodeSchema.LATEST);
        execute(f, "DELETE FROM schema_version WHERE version = 1");
        assertThatThrownBy(() -> NodeStore.open(f, clock)).isInstanceOf(StoreException.class)
                .hasMessageContaining("records version 2 where 1 was due");
    }

    @Test
    void aHistoryWithAFailedMigrationIsRefused() throws Exception {
        Path f = dir.resolve("node.db");
        NodeStore.open(f, clock).close();
        execute(f, "UPDATE " + FlywaySqlite.HISTORY + " SET success = 0 WHERE version = '2'");
        assertThatThrownBy(() -> NodeStore.open(f, clock)).isInstanceOf(StoreException.class)
                .hasMessageContaining("failed migration to version 2")
                .hasMessageContaining("partially migrated");
    }

    @Test
    void aHistoryWhoseMigrationWasEditedIsRefused() throws Exception {
        Path f = dir.resolve("node.db");
        NodeStore.open(f, clock).close();
        execute(f, "UPDATE " + FlywaySqlite.HISTORY + " SET checksum = checksum + 1 WHERE version = '1'");
        assertThatThrownBy(() -> NodeStore.open(f, clock)).isInstanceOf(StoreException.class)
                .hasMessageContaining("migrating the node store failed")
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void aFreshFileGetsEveryMigrationAndTheSchemaTheHandWrittenCodeWrote() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        try (NodeStore store = NodeStore.open(fresh, clock)) {
            assertThat(store.appliedMigrations()).containsExactly(1, 2, 3);
            assertThat(store.schemaVersion()).isEqualTo(Migrations.latest());
        }
        Path legacy = dir.resolve("legacy.db");
        LegacyNodeSchema.create(legacy, LegacyNodeSchema.LATEST);
        // what the hand-written code wrote, and the served settler's tables of version 3 beside it
        Map<String, String> written = schema(fresh);
        assertThat(written).containsAllEntriesOf(schema(legacy)).containsKeys("table jobs", "index invoices_pending",
                "table engine_state", "table served_ledger", "table served_settler", "table served_accounts");
        assertThat(written).hasSize(schema(legacy).size() + 3);
    }

    /** Rows in every table, written by today's repositories on the hand-written schema. */
    private void fill(Path f, boolean withEngineState) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + f.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
        }
        c.setAutoCommit(false);
        Db db = new Db(c, new ReentrantLock());
        try {
            Jobs jobs = new Jobs(db, clock);
            jobs.insert(job, JobRole.CUSTOMER, new byte[] {42, 0, 7});
            jobs.insert(payloadId(), JobRole.WORKER, new byte[0]);
            jobs.addOffer(job, Preimage.generate(RANDOM).paymentHash(), 5_000, 100, new byte[] {1});
            Invoices invoices = new Invoices(db, clock);
            invoices.insert(InvoiceRole.PAID, invoice(preimage.paymentHash(), 5_000), Optional.of(job));
            StoredInvoice issued = invoices.insert(InvoiceRole.ISSUED,
                    invoice(Preimage.generate(RANDOM).paymentHash(), 6_000), Optional.empty());
            invoices.updateState(issued.id(), InvoiceState.ACCEPTED);
            new Preimages(db, clock).put(preimage);
            AddressBook peers = new AddressBook(db);
            peers.upsert(peer, "10.0.0.1", 9735, T0);
            peers.recordPing(peer);
            peers.upsert(PrivateKey.generate(RANDOM).publicKey(), "peer.example", 1, T0);
            if (withEngineState) {
                new EngineState(db, clock).save(snapshot, 1);
            }
        } finally {
            db.close();
        }
    }

    private String invoice(Hash32 hash, long msat) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Bolt11.encode(Bolt11Invoice.builder("bcrt").amountMsat(msat)
                .timestamp(Instant.ofEpochSecond(clock.instant().getEpochSecond())).paymentHash(hash)
                .paymentSecret(secret).description("ride").expiry(Duration.ofMinutes(10))
                .payee(Ecdsa.compressedPublicKey(issuer)), issuer);
    }

    private static PayloadId payloadId() {
        byte[] b = new byte[PayloadId.SIZE];
        RANDOM.nextBytes(b);
        return PayloadId.of(b);
    }

    private Map<String, String> freshSchema() throws SQLException {
        Path fresh = dir.resolve("reference.db");
        NodeStore.open(fresh, clock).close();
        return schema(fresh);
    }
}
