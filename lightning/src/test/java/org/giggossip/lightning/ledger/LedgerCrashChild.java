package org.giggossip.lightning.ledger;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Hash32;

/**
 * The process {@link LedgerWalletsCrashTest} kills: two custodial accounts
 * paying each other's hold invoices in a loop until killed. Prints
 * {@code created <hash> <preimage>} once an invoice is committed (before it is
 * paid) and {@code step <n>} after each round, flushing each line.
 */
public final class LedgerCrashChild {
    static final long START_MSAT = 1_000_000_000L;

    private LedgerCrashChild() {}

    static PublicKey owner(int n) {
        return LedgerWalletsTest.owner(n);
    }

    public static void main(String[] args) throws Exception {
        SecureRandom random = new SecureRandom();
        try (LedgerWallets w = LedgerWallets.open(Path.of(args[0]), Clock.systemUTC(), random, START_MSAT)) {
            PublicKey a = owner(1);
            PublicKey b = owner(2);
            w.open(a).join();
            w.open(b).join();
            Inbox ia = new Inbox();
            Inbox ib = new Inbox();
            HoldInvoiceWallet wa = w.wallet(a, w.lastSeq(a), ia);
            HoldInvoiceWallet wb = w.wallet(b, w.lastSeq(b), ib);
            System.out.println("ready");
            System.out.flush();
            for (long i = 0; ; i++) {
                Preimage p = Preimage.generate(random);
                Hash32 hash = p.paymentHash();
                long msat = 1_000 + random.nextInt(5_000);
                wa.execute(new WalletRequest.CreateHoldInvoice(i, hash, msat,
                        Clock.systemUTC().instant().plus(Duration.ofHours(1)), "crash test"));
                String bolt11 = waitFor(ia, WalletEvent.InvoiceCreated.class, hash).bolt11();
                System.out.println("created " + hash.hex() + " " + Hex.encode(p.bytes()));
                System.out.flush();
                wb.execute(new WalletRequest.Pay(i, bolt11, msat));
                waitFor(ib, WalletEvent.PaymentAccepted.class, hash);
                waitFor(ia, WalletEvent.InvoiceAccepted.class, hash);
                switch ((int) (i % 3)) {
                    case 0 -> {
                        wa.execute(new WalletRequest.Settle(i, hash, p));
                        waitFor(ia, WalletEvent.InvoiceSettled.class, hash);
                        waitFor(ib, WalletEvent.PaymentSettled.class, hash);
                    }
                    case 1 -> {
                        wa.execute(new WalletRequest.Cancel(i, hash));
                        waitFor(ib, WalletEvent.PaymentFailed.class, hash);
                        waitFor(ia, WalletEvent.InvoiceCancelled.class, hash);
                    }
                    default -> { } // left accepted: the parent settles it after the crash
                }
                System.out.println("step " + i);
                System.out.flush();
            }
        }
    }

    /** The next event of {@code type} for {@code hash}, skipping re-announcements of earlier rounds. */
    private static <T extends WalletEvent> T waitFor(Inbox inbox, Class<T> type, Hash32 hash) {
        for (int k = 0; k < 10_000; k++) {
            WalletEvent e = inbox.next().event();
            if (type.isInstance(e) && hash.equals(LedgerWalletsTest.hashOf(e))) {
                return type.cast(e);
            }
        }
        throw new AssertionError("no " + type.getSimpleName());
    }
}
