package org.giggossip.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node store on a real SQLite file in a temporary directory, reopened to check that nothing is lost. */
class NodeStoreTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final PrivateKey issuer = PrivateKey.generate(RANDOM);
    private NodeStore store;

    @BeforeEach
    void open() {
        store = NodeStore.open(dir.resolve("data/node.db"), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Closes the store and opens the same file again, as a restarted daemon would. */
    private void simulateRestart() {
        store.close();
        store = NodeStore.open(dir.resolve("data/node.db"), clock);
    }

    private String invoice(Hash32 hash, long msat, Duration expiry) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Bolt11.encode(Bolt11Invoice.builder("bcrt").amountMsat(msat)
                .timestamp(Instant.ofEpochSecond(clock.instant().getEpochSecond())).paymentHash(hash)
                .paymentSecret(secret).description("ride").expiry(expiry)
                .payee(Ecdsa.compressedPublicKey(issuer)), issuer);
    }

    private static PayloadId payloadId() {
        byte[] b = new byte[PayloadId.SIZE];
        RANDOM.nextBytes(b);
        return PayloadId.of(b);
    }

    @Test
    void anEmptyDatabaseIsMigratedInWalModeWithFullSyncAndReopensWithoutChange() {
        assertThat(store.schemaVersion()).isEqualTo(Migrations.latest());
        assertThat(store.appliedMigrations()).hasSize(Migrations.latest()).startsWith(1);
        assertThat(store.pragma("journal_mode")).isEqualTo("wal");
        assertThat(store.pragma("synchronous")).isEqualTo("2"); // FULL
        assertThat(store.pragma("foreign_keys")).isEqualTo("1");
        simulateRestart();
        assertThat(store.appliedMigrations()).hasSize(Migrations.latest());
        assertThat(store.pragma("synchronous")).isEqualTo("2");
    }

    @Test
    void aDatabaseFromANewerBuildIsRefused() throws Exception {
        store.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/node.db"));
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " installed_by, execution_time, success) VALUES (" + (Migrations.latest() + 1) + ", '"
                    + (Migrations.latest() + 1) + "', 'later', 'SQL', 'V" + (Migrations.latest() + 1)
                    + "__later.sql', 'a newer build', 0, 1)");
        }
        assertThatThrownBy(() -> NodeStore.open(dir.resolve("data/node.db"), clock))
                .isInstanceOf(StoreException.class).hasMessageContaining("newer than this build");
        store = NodeStore.open(dir.resolve("other.db"), clock); // for close()
    }

    @Test
    void aFailedMigrationLeavesNothingBehind() throws Exception {
        // a file at version 1 with a table in the way of migration 2: the migration fails and is rolled back
        Path f = dir.resolve("blocked.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f)) {
            Flyway.configure(NodeStore.class.getClassLoader()).dataSource("jdbc:sqlite:" + f, null, null)
                    .locations("classpath:db/node").target("1").load().migrate();
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE engine_state (x INTEGER)");
            }
        }
        assertThatThrownBy(() -> NodeStore.open(f, clock)).isInstanceOf(StoreException.class)
                .hasMessageContaining("migrating the node store failed");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement s = c.createStatement()) {
            var r = s.executeQuery("SELECT group_concat(version || ':' || success) FROM flyway_schema_history");
            r.next();
            assertThat(r.getString(1)).isEqualTo("1:1");
            r = s.executeQuery("SELECT count(*) FROM pragma_table_info('engine_state')");
            r.next();
            assertThat(r.getInt(1)).isEqualTo(1); // still the blocking table, not migration 2's
        }
    }

    @Test
    void aFileThatHoldsTablesButNoHistoryIsRefusedAndLeftAsFound() throws Exception {
        Path f = dir.resolve("foreign.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE peers (x INTEGER)");
        }
        assertThatThrownBy(() -> NodeStore.open(f, clock)).isInstanceOf(StoreException.class)
                .hasMessageContaining("holds the tables [peers] but no schema history");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement s = c.createStatement()) {
            var r = s.executeQuery("SELECT group_concat(name) FROM sqlite_master");
            r.next();
            assertThat(r.getString(1)).isEqualTo("peers");
        }
    }

    @Test
    void invoicesAreReadFromTheirStringAndSurviveARestart() {
        Preimage preimage = Preimage.generate(RANDOM);
        Hash32 hash = preimage.paymentHash();
        PayloadId job = payloadId();
        String paid = invoice(hash, 5_000, Duration.ofMinutes(10));
        String issued = invoice(hash, 6_000, Duration.ofMinutes(11));
        StoredInvoice p = store.invoices().insert(InvoiceRole.PAID, paid, Optional.of(job));
        StoredInvoice i = store.invoices().insert(InvoiceRole.ISSUED, issued, Optional.empty());
        assertThat(p.paymentHash()).isEqualTo(hash);
        assertThat(p.amountMsat()).isEqualTo(5_000);
        assertThat(p.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(p.state()).isEqualTo(InvoiceState.OPEN);
        assertThat(store.invoices().insert(InvoiceRole.PAID, paid, Optional.of(job))).isEqualTo(p);

        clock.advance(Duration.ofSeconds(5));
        store.invoices().updateState(i.id(), InvoiceState.ACCEPTED);
        store.preimages().put(preimage);
        simulateRestart();

        assertThat(store.invoices().byPaymentHash(hash)).extracting(StoredInvoice::role)
                .containsExactly(InvoiceRole.PAID, InvoiceRole.ISSUED);
        assertThat(store.invoices().byBolt11(paid)).contains(p);
        StoredInvoice reread = store.invoices().byBolt11(issued).orElseThrow();
        assertThat(reread.state()).isEqualTo(InvoiceState.ACCEPTED);
        assertThat(reread.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(store.invoices().pending()).extracting(StoredInvoice::bolt11).containsExactly(paid, issued);
        assertThat(store.invoices().pendingPayments()).extracting(StoredInvoice::bolt11).containsExactly(paid);
        assertThat(store.preimages().get(hash)).contains(preimage);

        assertThat(store.invoices().expiredBy(T0.plus(Duration.ofMinutes(10)))).extracting(StoredInvoice::bolt11)
                .containsExactly(paid);
        store.invoices().updateState(p.id(), InvoiceState.CANCELLED);
        store.invoices().updateState(i.id(), InvoiceState.SETTLED);
        simulateRestart();
        assertThat(store.invoices().pending()).isEmpty();
    }

    @Test
    void invoiceStatesOnlyMoveForward() {
        StoredInvoice inv = store.invoices().insert(InvoiceRole.ISSUED,
                invoice(Preimage.generate(RANDOM).paymentHash(), 1, Duration.ofMinutes(1)), Optional.empty());
        assertThatThrownBy(() -> store.invoices().updateState(inv.id(), InvoiceState.SETTLED))
                .isInstanceOf(IllegalStateException.class);
        store.invoices().updateState(inv.id(), InvoiceState.ACCEPTED);
        store.invoices().updateState(inv.id(), InvoiceState.ACCEPTED); // a repeated event
        store.invoices().updateState(inv.id(), InvoiceState.SETTLED);
        assertThatThrownBy(() -> store.invoices().updateState(inv.id(), InvoiceState.CANCELLED))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.invoices().updateState(inv.id(), InvoiceState.OPEN))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.invoices().updateState(999, InvoiceState.OPEN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.invoices().byBolt11(inv.bolt11()).orElseThrow().state()).isEqualTo(InvoiceState.SETTLED);
    }

    @Test
    void hostileInvoicesAndPreimagesAreRefusedBeforeWriting() {
        Hash32 hash = Preimage.generate(RANDOM).paymentHash();
        String good = invoice(hash, 1_000, Duration.ofMinutes(1));
        assertThatThrownBy(() -> store.invoices().insert(InvoiceRole.PAID, "x".repeat(Bolt11.MAX_LENGTH + 1),
                Optional.empty())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer");
        assertThatThrownBy(() -> store.invoices().insert(InvoiceRole.PAID, "lnbcrt1garbage", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        String tampered = good.substring(0, good.length() - 8) + (good.endsWith("qqqqqqqq") ? "pppppppp" : "qqqqqqqq");
        assertThatThrownBy(() -> store.invoices().insert(InvoiceRole.PAID, tampered, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] secret = new byte[32];
        String noAmount = Bolt11.encode(Bolt11Invoice.builder("bcrt").timestamp(Instant.ofEpochSecond(T0.getEpochSecond()))
                .paymentHash(hash).paymentSecret(secret).description("x").payee(Ecdsa.compressedPublicKey(issuer)), issuer);
        assertThatThrownBy(() -> store.invoices().insert(InvoiceRole.PAID, noAmount, Optional.empty()))
                .hasMessageContaining("no amount");
        store.invoices().insert(InvoiceRole.PAID, good, Optional.empty());
        assertThatThrownBy(() -> store.invoices().insert(InvoiceRole.ISSUED, good, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);

        assertThatThrownBy(() -> store.preimages().put(hash, new byte[31])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> store.preimages().put(hash, new byte[33])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> store.preimages().put(hash, new byte[32])).hasMessageContaining("does not hash");
        simulateRestart();
        assertThat(store.invoices().pending()).hasSize(1);
        assertThat(store.preimages().get(hash)).isEmpty();
    }

    @Test
    void jobsAndOffersSurviveARestartAndAcceptanceIsOneTransaction() {
        PayloadId job = payloadId();
        byte[] topic = {1, 2, 3};
        store.jobs().insert(job, JobRole.CUSTOMER, topic);
        topic[0] = 9; // copied in
        Hash32 h1 = Preimage.generate(RANDOM).paymentHash();
        Hash32 h2 = Preimage.generate(RANDOM).paymentHash();
        store.jobs().addOffer(job, h1, 20_000, 3_000, new byte[] {7});
        store.jobs().addOffer(job, h2, 15_000, 2_000, new byte[] {8});
        simulateRestart();

        assertThat(store.jobs().get(job).orElseThrow().topic()).containsExactly(1, 2, 3);
        assertThat(store.jobs().offers(job)).extracting(StoredOffer::priceMsat).containsExactly(20_000L, 15_000L);
        StoredOffer accepted = store.jobs().acceptOffer(job, h2);
        assertThat(accepted.state()).isEqualTo(OfferState.ACCEPTED);
        assertThatThrownBy(() -> store.jobs().acceptOffer(job, h1)).isInstanceOf(IllegalStateException.class);
        simulateRestart();

        assertThat(store.jobs().get(job).orElseThrow().state()).isEqualTo(JobState.ACCEPTED);
        assertThat(store.jobs().offers(job)).extracting(StoredOffer::state)
                .containsExactly(OfferState.DECLINED, OfferState.ACCEPTED);
        assertThat(store.jobs().active()).extracting(StoredJob::payloadId).containsExactly(job);
        store.jobs().updateState(job, JobState.DONE);
        assertThatThrownBy(() -> store.jobs().updateState(job, JobState.OPEN)).isInstanceOf(IllegalStateException.class);
        assertThat(store.jobs().active()).isEmpty();
    }

    @Test
    void hostileJobValuesAreRefusedBeforeWriting() {
        PayloadId job = payloadId();
        assertThatThrownBy(() -> store.jobs().insert(job, JobRole.WORKER, new byte[Jobs.MAX_TOPIC_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.jobs().get(job)).isEmpty();
        Hash32 h = Preimage.generate(RANDOM).paymentHash();
        assertThatThrownBy(() -> store.jobs().addOffer(job, h, 1, 1, new byte[1])).hasMessageContaining("no job");
        store.jobs().insert(job, JobRole.WORKER, new byte[0]);
        assertThatThrownBy(() -> store.jobs().insert(job, JobRole.CUSTOMER, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.jobs().addOffer(job, h, -1, 1, new byte[1])).hasMessageContaining("range");
        assertThatThrownBy(() -> store.jobs().addOffer(job, h, 1, Long.MAX_VALUE, new byte[1])).hasMessageContaining("range");
        assertThatThrownBy(() -> store.jobs().addOffer(job, h, 1, 1, new byte[Jobs.MAX_REPLY_BYTES + 1]))
                .hasMessageContaining("reply larger");
        assertThat(store.jobs().offers(job)).isEmpty();
    }

    @Test
    void theAddressBookUpsertsCountsAndSurvivesARestart() {
        PublicKey a = PrivateKey.generate(RANDOM).publicKey();
        PublicKey b = PrivateKey.generate(RANDOM).publicKey();
        store.peers().upsert(a, "10.0.0.1", 6001, T0);
        store.peers().upsert(b, "::1", 6002, T0.plusSeconds(1));
        assertThat(store.peers().recordPing(a)).isTrue();
        assertThat(store.peers().recordPing(a)).isTrue();
        assertThat(store.peers().recordDrop(a)).isTrue();
        assertThat(store.peers().recordPing(PrivateKey.generate(RANDOM).publicKey())).isFalse();
        simulateRestart();

        assertThat(store.peers().size()).isEqualTo(2);
        assertThat(store.peers().list(10)).extracting(PeerEntry::nodeId).containsExactly(b, a);
        PeerEntry ea = store.peers().get(a).orElseThrow();
        assertThat(ea.pings()).isEqualTo(2);
        assertThat(ea.drops()).isEqualTo(1);
        assertThat(store.peers().get(b).orElseThrow().address()).isEqualTo(b.hex() + "@[::1]:6002");
        assertThat(store.peers().responsive(1, 10)).extracting(PeerEntry::nodeId).containsExactly(b);

        PeerEntry moved = store.peers().upsert(a, "peer.example.org", 7000, T0.plusSeconds(10));
        assertThat(moved.host()).isEqualTo("peer.example.org");
        assertThat(moved.pings()).isZero();
        assertThat(moved.drops()).isEqualTo(1);
        assertThat(store.peers().markSeen(b, T0)).isTrue(); // older than last seen: kept
        assertThat(store.peers().get(b).orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.peers().list(1)).extracting(PeerEntry::nodeId).containsExactly(a);
        assertThat(store.peers().remove(b)).isTrue();
        simulateRestart();
        assertThat(store.peers().list(10)).extracting(PeerEntry::nodeId).containsExactly(a);
    }

    @Test
    void hostileAddressesAreRefusedBeforeWriting() {
        PublicKey a = PrivateKey.generate(RANDOM).publicKey();
        assertThatThrownBy(() -> store.peers().upsert(a, "h".repeat(AddressBook.MAX_HOST_LENGTH + 1), 1, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.peers().upsert(a, "", 1, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.peers().upsert(a, "evil'; DROP TABLE peers;--", 1, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.peers().upsert(a, "h", 0, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.peers().upsert(a, "h", 65536, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.peers().size()).isZero();
    }

    @Test
    void theSchemaRefusesWhatTheJavaSideWouldAlso() throws Exception {
        // a second line of defence: a raw write past the repositories still meets the table checks
        store.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/node.db"));
             Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("INSERT INTO peers VALUES (x'00', 'h', 1, 0, 0, 0)"))
                    .hasMessageContaining("CHECK");
            assertThatThrownBy(() -> s.execute("INSERT INTO preimages VALUES (zeroblob(32), zeroblob(31), 0)"))
                    .hasMessageContaining("CHECK");
            assertThatThrownBy(() -> s.execute("INSERT INTO jobs VALUES (zeroblob(16), 'THIEF', 'OPEN', x'', 0, 0)"))
                    .hasMessageContaining("CHECK");
        }
        store = NodeStore.open(dir.resolve("data/node.db"), clock);
    }

    @Test
    void aClosedStoreRefusesWork() {
        store.close();
        assertThatThrownBy(() -> store.peers().size()).isInstanceOf(IllegalStateException.class);
        store = NodeStore.open(dir.resolve("data/node.db"), clock);
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
