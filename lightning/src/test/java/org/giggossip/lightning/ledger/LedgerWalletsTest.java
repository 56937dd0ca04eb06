package org.giggossip.lightning.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.ledger.Ledger;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletAccounts;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.testing.FakeClock;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Hash32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded ledger in SQLite: accounts paying each other's hold invoices end
 * to end, the journal, the wallet contract (idempotent answers,
 * re-announcement), expiry timers, persistence across close and reopen, the
 * journal's retention, and refusal of a damaged file.
 */
class LedgerWalletsTest {
    static final long START = 1_000_000L;

    @TempDir
    Path dir;

    /** The public key of the fixed private key {@code n} (1, 2, ...). */
    static PublicKey owner(int n) {
        return key(n).publicKey();
    }

    static PrivateKey key(int n) {
        byte[] b = new byte[32];
        b[31] = (byte) n;
        b[0] = 0x11;
        return PrivateKey.of(b);
    }

    /** The payment hash an event is about, or null. */
    static Hash32 hashOf(WalletEvent e) {
        return switch (e) {
            case WalletEvent.InvoiceCreated x -> x.paymentHash();
            case WalletEvent.CallFailed x -> null;
            case WalletEvent.InvoiceAccepted x -> x.paymentHash();
            case WalletEvent.InvoiceSettled x -> x.paymentHash();
            case WalletEvent.InvoiceCancelled x -> x.paymentHash();
            case WalletEvent.PaymentAccepted x -> x.paymentHash();
            case WalletEvent.PaymentSettled x -> x.paymentHash();
            case WalletEvent.PaymentFailed x -> x.paymentHash();
            case WalletEvent.InvoiceLookedUp x -> x.paymentHash();
        };
    }

    static Preimage preimage(int n) {
        byte[] b = new byte[32];
        b[0] = 0x5a;
        b[31] = (byte) n;
        return Preimage.of(b);
    }

    private LedgerWallets open(Path file) {
        return LedgerWallets.open(file, Clock.systemUTC(), new SecureRandom(), START);
    }

    private static WalletRequest.CreateHoldInvoice invoice(long callId, Preimage p, long msat, Duration ttl) {
        return new WalletRequest.CreateHoldInvoice(callId, p.paymentHash(), msat, Instant.now().plus(ttl), "test");
    }

    /** Every journal entry of {@code owner}, paged. */
    static List<WalletAccounts.Entry> journal(LedgerWallets w, PublicKey owner) {
        List<WalletAccounts.Entry> all = new ArrayList<>();
        for (List<WalletAccounts.Entry> page = w.events(owner, 0, LedgerWallets.MAX_EVENTS); !page.isEmpty();
                page = w.events(owner, all.getLast().seq(), LedgerWallets.MAX_EVENTS)) {
            all.addAll(page);
        }
        return all;
    }

    static void assertContiguous(List<WalletAccounts.Entry> journal, long first, long last) {
        assertThat(journal.stream().map(WalletAccounts.Entry::seq).toList())
                .isEqualTo(java.util.stream.LongStream.rangeClosed(first, last).boxed().toList());
    }

    @Test
    void twoCustodialAccountsPayEachOthersHoldInvoicesEndToEnd() {
        try (LedgerWallets w = open(dir.resolve("ledger.db"))) {
            PublicKey a = owner(1);
            PublicKey b = owner(2);
            w.open(a).join();
            w.open(b).join();
            w.open(a).join(); // idempotent: no second starting balance
            assertThat(w.has(a)).isTrue();
            assertThat(w.has(owner(3))).isFalse();
            Inbox ia = new Inbox();
            Inbox ib = new Inbox();
            HoldInvoiceWallet wa = w.wallet(a, 0, ia);
            HoldInvoiceWallet wb = w.wallet(b, 0, ib);

            Preimage pa = preimage(1);
            Preimage pb = preimage(2);
            wa.execute(invoice(1, pa, 10_000, Duration.ofHours(1)));
            wb.execute(invoice(2, pb, 3_000, Duration.ofHours(1)));
            String billOfA = ia.next(WalletEvent.InvoiceCreated.class).bolt11();
            String billOfB = ib.next(WalletEvent.InvoiceCreated.class).bolt11();
            assertThat(billOfA).startsWith("lnbcrt");
            Bolt11Invoice decoded = ((Decoded.Ok<Bolt11Invoice>) Bolt11.decode(billOfA)).value();
            assertThat(decoded.payeeId()).as("a custodial account's key is the ledger's, not the owner's")
                    .isNotEqualTo(a);

            wb.execute(new WalletRequest.Pay(3, billOfA, 10_000));
            wa.execute(new WalletRequest.Pay(4, billOfB, 3_000));
            assertThat(ib.next(WalletEvent.PaymentAccepted.class).paymentHash()).isEqualTo(pa.paymentHash());
            assertThat(ia.next(WalletEvent.InvoiceAccepted.class).amountMsat()).isEqualTo(10_000);
            assertThat(ia.next(WalletEvent.PaymentAccepted.class).paymentHash()).isEqualTo(pb.paymentHash());
            assertThat(ib.next(WalletEvent.InvoiceAccepted.class).amountMsat()).isEqualTo(3_000);
            assertThat(wb.balance()).isEqualTo(new HoldInvoiceWallet.Balance(START - 10_000, 10_000));

            wa.execute(new WalletRequest.Settle(5, pa.paymentHash(), pa));
            wb.execute(new WalletRequest.Settle(6, pb.paymentHash(), pb));
            assertThat(ia.next(WalletEvent.InvoiceSettled.class).amountMsat()).isEqualTo(10_000);
            assertThat(ib.next(WalletEvent.PaymentSettled.class).preimage()).isEqualTo(pa);
            assertThat(ib.next(WalletEvent.InvoiceSettled.class).amountMsat()).isEqualTo(3_000);
            assertThat(ia.next(WalletEvent.PaymentSettled.class).preimage()).isEqualTo(pb);

            assertThat(w.balance(a).join()).isEqualTo(new HoldInvoiceWallet.Balance(START + 7_000, 0));
            assertThat(w.balance(b).join()).isEqualTo(new HoldInvoiceWallet.Balance(START - 7_000, 0));
            assertThat(w.conservation().holds()).isTrue();
            assertThat(w.conservation().mintedMsat()).isEqualTo(2 * START);
            assertThat(w.liveInvoices()).isZero();
            List<WalletAccounts.Entry> ja = journal(w, a);
            assertContiguous(ja, 1, 5);
            assertThat(ja.stream().map(WalletAccounts.Entry::event).toList()).isEqualTo(
                    ia.all.stream().map(WalletAccounts.Entry::event).toList());
            assertThat(w.events(a, 3, 1)).extracting(WalletAccounts.Entry::seq).containsExactly(4L);
            wa.close();
            wb.close();
        }
    }

    @Test
    void theSettlersOwnAccountSignsWithItsKeyAndOpensOnce() {
        try (LedgerWallets w = open(dir.resolve("ledger.db"))) {
            PrivateKey settler = key(9);
            assertThat(w.openOwn(settler, 5_000)).isEqualTo(settler.publicKey());
            assertThat(w.openOwn(settler, 5_000)).isEqualTo(settler.publicKey());
            assertThat(w.balance(settler.publicKey()).join().spendableMsat()).isEqualTo(5_000);
            Inbox inbox = new Inbox();
            w.wallet(settler.publicKey(), 0, inbox).execute(invoice(1, preimage(1), 100, Duration.ofHours(1)));
            String bolt11 = inbox.next(WalletEvent.InvoiceCreated.class).bolt11();
            assertThat(((Decoded.Ok<Bolt11Invoice>) Bolt11.decode(bolt11)).value().payeeId())
                    .isEqualTo(settler.publicKey());

            w.open(owner(1)).join();
            assertThatThrownBy(() -> w.openOwn(key(1), 0)).hasMessageContaining("custodial");
        }
    }

    @Test
    void aRepeatedSettleCancelOrPayIsAnsweredAsTheFirstAndAReopenedWalletReannounces() {
        Path file = dir.resolve("ledger.db");
        PublicKey a = owner(1);
        PublicKey b = owner(2);
        Preimage p1 = preimage(1);
        Preimage p2 = preimage(2);
        Preimage p3 = preimage(3);
        long seqA;
        long seqB;
        try (LedgerWallets w = open(file)) {
            w.open(a).join();
            w.open(b).join();
            Inbox ia = new Inbox();
            Inbox ib = new Inbox();
            HoldInvoiceWallet wa = w.wallet(a, 0, ia);
            HoldInvoiceWallet wb = w.wallet(b, 0, ib);
            wa.execute(invoice(1, p1, 1_000, Duration.ofHours(1)));
            String bill1 = ia.next(WalletEvent.InvoiceCreated.class).bolt11();
            wb.execute(new WalletRequest.Pay(2, bill1, 1_000));
            ib.next(WalletEvent.PaymentAccepted.class);
            ia.next(WalletEvent.InvoiceAccepted.class);
            wb.execute(new WalletRequest.Pay(3, bill1, 1_000));
            assertThat(ib.next(WalletEvent.PaymentFailed.class).isDuplicateRefusal()).isTrue();

            wa.execute(new WalletRequest.Settle(4, p1.paymentHash(), p1));
            ia.next(WalletEvent.InvoiceSettled.class);
            ib.next(WalletEvent.PaymentSettled.class);
            wa.execute(new WalletRequest.Settle(5, p1.paymentHash(), p1));
            assertThat(ia.next(WalletEvent.InvoiceSettled.class))
                    .isEqualTo(new WalletEvent.InvoiceSettled(p1.paymentHash(), 1_000));
            wb.execute(new WalletRequest.Pay(6, bill1, 1_000));
            assertThat(ib.next(WalletEvent.PaymentFailed.class).reason())
                    .isEqualTo(WalletEvent.PaymentFailed.ALREADY_PAID);

            wa.execute(invoice(7, p2, 2_000, Duration.ofHours(1)));
            ia.next(WalletEvent.InvoiceCreated.class);
            wa.execute(new WalletRequest.Cancel(8, p2.paymentHash()));
            ia.next(WalletEvent.InvoiceCancelled.class);

            // one payment left in flight across the restart
            wa.execute(invoice(9, p3, 3_000, Duration.ofHours(1)));
            String bill3 = ia.next(WalletEvent.InvoiceCreated.class).bolt11();
            wb.execute(new WalletRequest.Pay(10, bill3, 3_000));
            ib.next(WalletEvent.PaymentAccepted.class);
            ia.next(WalletEvent.InvoiceAccepted.class);
            seqA = w.lastSeq(a);
            seqB = w.lastSeq(b);
            assertThat(w.balance(a).join()).isEqualTo(new HoldInvoiceWallet.Balance(START + 1_000, 0));
        }
        try (LedgerWallets w = open(file)) {
            assertThat(w.balance(a).join()).isEqualTo(new HoldInvoiceWallet.Balance(START + 1_000, 0));
            assertThat(w.balance(b).join()).isEqualTo(new HoldInvoiceWallet.Balance(START - 4_000, 3_000));
            Inbox ia = new Inbox();
            Inbox ib = new Inbox();
            HoldInvoiceWallet wa = w.wallet(a, seqA, ia);
            HoldInvoiceWallet wb = w.wallet(b, seqB, ib);
            WalletAccounts.Entry again = ia.next();
            assertThat(again.event()).isEqualTo(new WalletEvent.InvoiceAccepted(p3.paymentHash(), 3_000));
            assertThat(again.seq()).as("a re-announcement is not a new entry").isEqualTo(seqA);
            assertThat(ib.next().event()).isEqualTo(new WalletEvent.PaymentAccepted(10, p3.paymentHash(), 3_000));

            // the finished invoices survived the restart too
            wa.execute(new WalletRequest.Settle(11, p1.paymentHash(), p1));
            assertThat(ia.next(WalletEvent.InvoiceSettled.class).paymentHash()).isEqualTo(p1.paymentHash());
            wa.execute(new WalletRequest.Cancel(12, p2.paymentHash()));
            assertThat(ia.next(WalletEvent.InvoiceCancelled.class).reason()).isEqualTo(Ledger.CANCELLED_BY_ISSUER);

            wa.execute(new WalletRequest.Settle(13, p3.paymentHash(), p3));
            assertThat(ia.next(WalletEvent.InvoiceSettled.class).amountMsat()).isEqualTo(3_000);
            assertThat(ib.next(WalletEvent.PaymentSettled.class).preimage()).isEqualTo(p3);
            assertThat(w.balance(a).join()).isEqualTo(new HoldInvoiceWallet.Balance(START + 4_000, 0));
            assertThat(w.conservation().holds()).isTrue();
            assertContiguous(journal(w, a), 1, w.lastSeq(a));
            assertThat(w.lastSeq(a)).isEqualTo(seqA + 3);
            wb.close();
        }
    }

    @Test
    void anInvoiceExpiresOnTheLedgersOwnTimerAndRefundsItsPayer() {
        try (LedgerWallets w = open(dir.resolve("ledger.db"))) {
            PublicKey a = owner(1);
            PublicKey b = owner(2);
            w.open(a).join();
            w.open(b).join();
            Inbox ia = new Inbox();
            Inbox ib = new Inbox();
            HoldInvoiceWallet wa = w.wallet(a, 0, ia);
            HoldInvoiceWallet wb = w.wallet(b, 0, ib);
            Preimage p = preimage(1);
            wa.execute(invoice(1, p, 500, Duration.ofMillis(1_500)));
            wb.execute(new WalletRequest.Pay(2, ia.next(WalletEvent.InvoiceCreated.class).bolt11(), 500));
            ib.next(WalletEvent.PaymentAccepted.class);
            // no request after this: only the timer can expire it
            assertThat(ib.next(WalletEvent.PaymentFailed.class).reason()).isEqualTo(Ledger.EXPIRED);
            ia.next(WalletEvent.InvoiceAccepted.class);
            assertThat(ia.next(WalletEvent.InvoiceCancelled.class).reason()).isEqualTo(Ledger.EXPIRED);
            assertThat(wb.balance()).isEqualTo(new HoldInvoiceWallet.Balance(START, 0));
            assertThat(w.liveInvoices()).isZero();
        }
    }

    @Test
    void awaitEventCompletesWhenTheJournalGrows() throws Exception {
        try (LedgerWallets w = open(dir.resolve("ledger.db"))) {
            PublicKey a = owner(1);
            w.open(a).join();
            var waiting = w.awaitEvent(a, 0);
            assertThat(waiting).isNotDone();
            w.execute(a, invoice(1, preimage(1), 100, Duration.ofHours(1)));
            waiting.get(20, TimeUnit.SECONDS);
            assertThat(w.awaitEvent(a, 0)).succeedsWithin(Inbox.TIMEOUT);
            assertThat(w.events(a, 0, 10)).singleElement()
                    .satisfies(e -> assertThat(e.event()).isInstanceOf(WalletEvent.InvoiceCreated.class));
            assertThatThrownBy(() -> w.execute(owner(5), invoice(2, preimage(2), 1, Duration.ofHours(1))))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void journalEntriesOlderThanTheRetentionArePrunedButNumberingContinues() {
        Path file = dir.resolve("ledger.db");
        FakeClock clock = new FakeClock(Instant.now());
        PublicKey a = owner(1);
        try (LedgerWallets w = LedgerWallets.open(file, clock, new SecureRandom(), START)) {
            w.open(a).join();
            w.execute(a, new WalletRequest.CreateHoldInvoice(1, preimage(1).paymentHash(), 100,
                    clock.instant().plus(Duration.ofHours(1)), "x"));
            w.execute(a, new WalletRequest.Cancel(2, preimage(1).paymentHash()));
            w.awaitEvent(a, 1).join();
            assertThat(journal(w, a)).hasSize(2);
        }
        clock.advance(LedgerWallets.DEFAULT_RETENTION.plusSeconds(1));
        try (LedgerWallets w = LedgerWallets.open(file, clock, new SecureRandom(), START)) {
            assertThat(journal(w, a)).isEmpty();
            assertThat(w.lastSeq(a)).isEqualTo(2);
            w.execute(a, new WalletRequest.Cancel(3, preimage(1).paymentHash()));
            w.awaitEvent(a, 2).join();
            assertThat(journal(w, a)).extracting(WalletAccounts.Entry::seq).containsExactly(3L);
            assertThat(journal(w, a).getFirst().event()).as("the finished invoice was forgotten too")
                    .isInstanceOf(WalletEvent.CallFailed.class);
        }
    }

    @Test
    void theFileIsOwnerOnlyAndOneProcessAtATime() throws Exception {
        Path file = dir.resolve("ledger.db");
        try (LedgerWallets w = open(file)) {
            w.open(owner(1)).join();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThatThrownBy(() -> open(file)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot open the ledger file");
        }
        try (LedgerWallets w = open(file)) {
            assertThat(w.has(owner(1))).isTrue();
        }
    }

    @Test
    void aCorruptedRowMakesOpenFailNamingTheRow() throws Exception {
        Path file = dir.resolve("ledger.db");
        try (LedgerWallets w = open(file)) {
            w.open(owner(1)).join();
            w.open(owner(2)).join();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement s = c.prepareStatement(
                        "UPDATE ledger_state SET state_value = ? WHERE state_key = 'a/1'")) {
            s.setBytes(1, new byte[] {0x12, 0x05, 0x01});
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        assertThatThrownBy(() -> open(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'a/1'");
        // still refused, and the file not changed by the failed attempt
        assertThatThrownBy(() -> open(file)).hasMessageContaining("'a/1'");
    }

    @Test
    void anOwnerRowWithoutItsAccountMakesOpenFail() throws Exception {
        Path file = dir.resolve("ledger.db");
        try (LedgerWallets w = open(file)) {
            w.open(owner(1)).join();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO wallet_account (owner, account, custodial, last_seq) VALUES (?, 1, 1, 0)")) {
            s.setString(1, owner(2).hex());
            s.executeUpdate();
        }
        assertThatThrownBy(() -> open(file)).hasMessageContaining("wallet_account");
    }
}
