package org.giggossip.lightning.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletAccounts;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Hash32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process paying hold invoices in a loop ({@link LedgerCrashChild}) is killed
 * with SIGKILL at a random moment, twice; the reopened ledger has conserved
 * money, lost no invoice the process saw created, duplicated no journal entry,
 * numbers its journals without gaps, agrees with its journals to the
 * millisatoshi, and still settles the payments left in flight.
 */
class LedgerWalletsCrashTest {
    private static final long START = LedgerCrashChild.START_MSAT;

    @TempDir
    Path dir;

    @Test
    void aLedgerKilledAtARandomMomentLosesAndDuplicatesNothing() throws Exception {
        Path file = dir.resolve("ledger.db");
        SecureRandom random = new SecureRandom();
        Map<Hash32, Preimage> created = new HashMap<>();
        for (int round = 0; round < 2; round++) {
            runAndKill(file, 5 + random.nextInt(60), created);
            try (LedgerWallets w = LedgerWallets.open(file, Clock.systemUTC(), random, START)) {
                check(w, created);
            }
        }
        assertThat(created).as("the child made progress").hasSizeGreaterThan(4);

        // the payments left in flight settle after the crash, re-announced by the reopened wallet
        try (LedgerWallets w = LedgerWallets.open(file, Clock.systemUTC(), random, START)) {
            PublicKey a = LedgerCrashChild.owner(1);
            PublicKey b = LedgerCrashChild.owner(2);
            Inbox ia = new Inbox();
            HoldInvoiceWallet wa = w.wallet(a, w.lastSeq(a), ia);
            w.awaitEvent(a, 0).join();
            int accepted = w.balance(b).join().lockedMsat() > 0 ? 1 : 0;
            Set<Hash32> toSettle = new HashSet<>();
            wa.execute(new WalletRequest.Cancel(0, Hash32.of(new byte[32]))); // a marker: its CallFailed ends the re-announcements
            for (WalletAccounts.Entry e = ia.next(); !(e.event() instanceof WalletEvent.CallFailed); e = ia.next()) {
                assertThat(e.event()).isInstanceOf(WalletEvent.InvoiceAccepted.class);
                toSettle.add(((WalletEvent.InvoiceAccepted) e.event()).paymentHash());
            }
            assertThat(toSettle.isEmpty()).isEqualTo(accepted == 0);
            for (Hash32 h : toSettle) {
                wa.execute(new WalletRequest.Settle(1, h, created.get(h)));
                assertThat(ia.next(WalletEvent.InvoiceSettled.class).paymentHash()).isEqualTo(h);
            }
            assertThat(w.balance(b).join().lockedMsat()).isZero();
            check(w, created);
            // what is still live was created but not yet paid when the child died (perhaps even before it
            // printed the hash): the issuer cancels every invoice of its journal; a Cancel of a finished invoice
            // is answered again (cancelled) or refused (settled), one event each
            List<Hash32> issued = LedgerWalletsTest.journal(w, a).stream()
                    .filter(e -> e.event() instanceof WalletEvent.InvoiceCreated)
                    .map(e -> LedgerWalletsTest.hashOf(e.event())).toList();
            for (Hash32 h : issued) {
                wa.execute(new WalletRequest.Cancel(2, h));
            }
            for (int k = 0; k < issued.size(); k++) {
                assertThat(ia.next().event()).isInstanceOfAny(WalletEvent.InvoiceCancelled.class,
                        WalletEvent.CallFailed.class);
            }
            assertThat(w.liveInvoices()).isZero();
            assertThat(w.conservation().holds()).isTrue();
            wa.close();
        }
    }

    /** Starts the child, lets it print {@code lines} lines, then kills it with SIGKILL. */
    private static void runAndKill(Path file, int lines, Map<Hash32, Preimage> created) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), LedgerCrashChild.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(file.resolveSibling("child.err").toFile()))
                .start();
        LinkedBlockingQueue<String> out = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    out.add(line);
                }
            } catch (java.io.IOException e) {
                // the child died
            }
        });
        try {
            for (int n = 0; n < lines; n++) {
                String line = out.poll(60, TimeUnit.SECONDS);
                assertThat(line).as("the child's line " + n + " (see child.err)").isNotNull();
                record(line, created);
            }
            // not a wait for anything: moves the kill off the line's commit to a random point of the next rounds
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(
                    ThreadLocalRandom.current().nextInt(20_000)));
            int killed = new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
            assertThat(killed).isZero();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
            reader.join(10_000);
            for (String line = out.poll(); line != null; line = out.poll()) {
                record(line, created);
            }
        } finally {
            child.destroyForcibly();
        }
    }

    private static void record(String line, Map<Hash32, Preimage> created) {
        if (line.startsWith("created ")) {
            String[] f = line.split(" ");
            Preimage p = Preimage.of(Hex.decode(f[2]));
            assertThat(p.paymentHash().hex()).isEqualTo(f[1]);
            created.put(p.paymentHash(), p);
        }
    }

    /** Conservation, and every journal agrees with the ledger and with what the child saw. */
    private static void check(LedgerWallets w, Map<Hash32, Preimage> created) {
        PublicKey a = LedgerCrashChild.owner(1);
        PublicKey b = LedgerCrashChild.owner(2);
        assertThat(w.conservation().holds()).as(w.conservation().toString()).isTrue();
        assertThat(w.conservation().mintedMsat()).isEqualTo(2 * START);

        List<WalletAccounts.Entry> ja = LedgerWalletsTest.journal(w, a);
        List<WalletAccounts.Entry> jb = LedgerWalletsTest.journal(w, b);
        LedgerWalletsTest.assertContiguous(ja, 1, w.lastSeq(a));
        LedgerWalletsTest.assertContiguous(jb, 1, w.lastSeq(b));

        Map<Class<?>, Set<Hash32>> seen = new HashMap<>();
        long received = 0;
        for (WalletAccounts.Entry e : ja) {
            if (e.event() instanceof WalletEvent.CallFailed f) {
                assertThat(f.callId()).as("only the test's marker fails").isZero();
                continue;
            }
            if (!(e.event() instanceof WalletEvent.PaymentSettled)) {
                assertThat(seen.computeIfAbsent(e.event().getClass(), k -> new HashSet<>())
                        .add(LedgerWalletsTest.hashOf(e.event()))).as("once: " + e).isTrue();
            }
            if (e.event() instanceof WalletEvent.InvoiceSettled s) {
                received += s.amountMsat();
            }
        }
        assertThat(seen.getOrDefault(WalletEvent.InvoiceCreated.class, Set.of()))
                .as("every invoice the child saw created is in the journal").containsAll(created.keySet());

        Map<Hash32, Long> inFlight = new HashMap<>();
        long paid = 0;
        Map<Class<?>, Set<Hash32>> seenB = new HashMap<>();
        for (WalletAccounts.Entry e : jb) {
            assertThat(seenB.computeIfAbsent(e.event().getClass(), k -> new HashSet<>())
                    .add(LedgerWalletsTest.hashOf(e.event()))).as("once: " + e).isTrue();
            switch (e.event()) {
                case WalletEvent.PaymentAccepted x -> inFlight.put(x.paymentHash(), x.amountMsat());
                case WalletEvent.PaymentSettled x -> {
                    assertThat(inFlight.remove(x.paymentHash())).isEqualTo(x.amountMsat());
                    paid += x.amountMsat();
                }
                case WalletEvent.PaymentFailed x -> assertThat(inFlight.remove(x.paymentHash())).isNotNull();
                default -> throw new AssertionError("unexpected in the payer's journal: " + e);
            }
        }
        HoldInvoiceWallet.Balance balanceA = w.balance(a).join();
        HoldInvoiceWallet.Balance balanceB = w.balance(b).join();
        assertThat(balanceA).isEqualTo(new HoldInvoiceWallet.Balance(START + received, 0));
        assertThat(paid).isEqualTo(received);
        assertThat(balanceB.lockedMsat()).isEqualTo(inFlight.values().stream().mapToLong(Long::longValue).sum());
        assertThat(balanceB.spendableMsat() + balanceB.lockedMsat()).isEqualTo(START - paid);
    }
}
