package org.giggossip.lightning.lnd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.wire.Hash32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightningj.lnd.proto.LightningApi.Invoice.InvoiceState;

/**
 * {@link LndWallet} against two {@link FakeLnd} nodes on one fake network, over
 * real gRPC with TLS on 127.0.0.1: Alice issues hold invoices, Bob pays them.
 */
class LndWalletTest {
    private static final long BALANCE = 1_000_000;
    private static final long AMOUNT = 50_000;

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private FakeNodes nodes;
    private FakeLightningNetwork network;
    private FakeLnd aliceLnd;
    private FakeLnd bobLnd;
    private WalletEvents aliceEvents;
    private WalletEvents bobEvents;
    private LndWallet alice;
    private LndWallet bob;

    @BeforeEach
    void setUp() throws IOException {
        nodes = new FakeNodes(dir, random, BALANCE);
        network = nodes.network;
        aliceLnd = nodes.alice;
        bobLnd = nodes.bob;
        aliceEvents = new WalletEvents();
        bobEvents = new WalletEvents();
        alice = LndWallet.open(aliceLnd.config(dir.resolve("alice")), aliceEvents);
        bob = LndWallet.open(bobLnd.config(dir.resolve("bob")), bobEvents);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        alice.close();
        bob.close();
        nodes.close();
    }

    private static Instant inAnHour() {
        return Instant.now().plus(Duration.ofHours(1));
    }

    /** Alice issues an invoice for {@code preimage}'s hash; returns its BOLT 11 string. */
    private String invoice(Preimage preimage, long callId) throws InterruptedException {
        alice.execute(new WalletRequest.CreateHoldInvoice(callId, preimage.paymentHash(), AMOUNT, inAnHour(), "gig"));
        var created = aliceEvents.next(WalletEvent.InvoiceCreated.class);
        assertThat(created.callId()).isEqualTo(callId);
        assertThat(created.paymentHash()).isEqualTo(preimage.paymentHash());
        return created.bolt11();
    }

    /** Bob pays; both sides see the payment accepted. */
    private void payAccepted(String bolt11, Hash32 hash, long callId) throws InterruptedException {
        bob.execute(new WalletRequest.Pay(callId, bolt11, AMOUNT + 1_000));
        assertThat(bobEvents.next()).isEqualTo(new WalletEvent.PaymentAccepted(callId, hash, AMOUNT));
        assertThat(aliceEvents.next()).isEqualTo(new WalletEvent.InvoiceAccepted(hash, AMOUNT));
    }

    @Test
    void createPayAcceptSettleEndToEnd() throws InterruptedException {
        Preimage preimage = Preimage.generate(random);
        Hash32 hash = preimage.paymentHash();
        String bolt11 = invoice(preimage, 1);
        Bolt11Invoice decoded = Bolt11.decode(bolt11).orElseThrow();
        assertThat(bolt11).startsWith("lnbcrt");
        assertThat(decoded.paymentHash()).isEqualTo(hash);
        assertThat(decoded.amountMsat()).hasValue(AMOUNT);
        assertThat(decoded.description()).hasValue("gig");
        assertThat(decoded.payee()).isEqualTo(aliceLnd.node.nodeId);

        payAccepted(bolt11, hash, 7);
        assertThat(bob.balance()).isEqualTo(new HoldInvoiceWallet.Balance(BALANCE - AMOUNT, AMOUNT));

        alice.execute(new WalletRequest.Settle(2, hash, preimage));
        assertThat(aliceEvents.next()).isEqualTo(new WalletEvent.InvoiceSettled(hash, AMOUNT));
        assertThat(bobEvents.next()).isEqualTo(new WalletEvent.PaymentSettled(hash, preimage, AMOUNT));
        assertThat(alice.balance()).isEqualTo(new HoldInvoiceWallet.Balance(AMOUNT, 0));
        assertThat(bob.balance()).isEqualTo(new HoldInvoiceWallet.Balance(BALANCE - AMOUNT, 0));
        assertThat(aliceEvents.deliveredOn.getName()).startsWith("lnd-wallet");
        assertThat(aliceEvents.pending()).isEmpty();
        assertThat(bobEvents.pending()).isEmpty();
    }

    @Test
    void cancelGivesThePayerItsFundsBack() throws InterruptedException {
        Preimage preimage = Preimage.generate(random);
        Hash32 hash = preimage.paymentHash();
        payAccepted(invoice(preimage, 1), hash, 7);

        alice.execute(new WalletRequest.Cancel(3, hash));
        assertThat(aliceEvents.next()).isEqualTo(new WalletEvent.InvoiceCancelled(hash, "cancelled"));
        var failed = bobEvents.next(WalletEvent.PaymentFailed.class);
        assertThat(failed.callId()).isEqualTo(7);
        assertThat(failed.paymentHash()).isEqualTo(hash);
        assertThat(failed.reason()).contains("INCORRECT_PAYMENT_DETAILS");
        assertThat(failed.isDuplicateRefusal()).isFalse();
        assertThat(bob.balance()).isEqualTo(new HoldInvoiceWallet.Balance(BALANCE, 0));
    }

    @Test
    void anExpiredInvoiceIsCancelledAndCannotBePaid() throws InterruptedException {
        Preimage preimage = Preimage.generate(random);
        Hash32 hash = preimage.paymentHash();
        alice.execute(new WalletRequest.CreateHoldInvoice(1, hash, AMOUNT, Instant.now().plusMillis(900), "soon"));
        String bolt11 = aliceEvents.next(WalletEvent.InvoiceCreated.class).bolt11();
        assertThat(Bolt11.decode(bolt11).orElseThrow().expiry()).isEqualTo(Duration.ofSeconds(1));
        var cancelled = aliceEvents.next(WalletEvent.InvoiceCancelled.class);
        assertThat(cancelled.paymentHash()).isEqualTo(hash);

        bob.execute(new WalletRequest.Pay(7, bolt11, AMOUNT));
        var failed = bobEvents.next(WalletEvent.PaymentFailed.class);
        assertThat(failed.paymentHash()).isEqualTo(hash);
        assertThat(failed.reason()).contains("INCORRECT_PAYMENT_DETAILS");
        assertThat(bob.balance()).isEqualTo(new HoldInvoiceWallet.Balance(BALANCE, 0));
    }

    @Test
    void lndCannotLookUpAnotherNodesInvoiceSoTheLookUpIsRefused() throws InterruptedException {
        Preimage preimage = Preimage.generate(random);
        String bolt11 = invoice(preimage, 1); // alice's
        bob.execute(new WalletRequest.LookupInvoice(9, bolt11));
        var failed = bobEvents.next(WalletEvent.CallFailed.class);
        assertThat(failed.callId()).isEqualTo(9);
        assertThat(failed.reason()).contains("cannot look up another node's invoice");
    }

    @Test
    void anInvoiceExpiringInThePastIsRefused() throws InterruptedException {
        alice.execute(new WalletRequest.CreateHoldInvoice(4, Preimage.generate(random).paymentHash(), AMOUNT,
                Instant.now().minusSeconds(5), "late"));
        var failed = aliceEvents.next(WalletEvent.CallFailed.class);
        assertThat(failed.callId()).isEqualTo(4);
        assertThat(failed.reason()).contains("not in the future");
    }

    @Test
    void aPaymentAboveTheMaximumIsRefusedLocally() throws InterruptedException {
        Preimage preimage = Preimage.generate(random);
        String bolt11 = invoice(preimage, 1);
        bob.execute(new WalletRequest.Pay(7, bolt11, AMOUNT - 1));
        var failed = bobEvents.next(WalletEvent.PaymentFailed.class);
        assertThat(failed).isEqualTo(new WalletEvent.PaymentFailed(7, preimage.paymentHash(),
                "the invoice asks 50000 msat, more than the maximum 49999 msat"));
        assertThat(network.invoiceState(aliceLnd.node, preimage.paymentHash())).isEqualTo(InvoiceState.OPEN);
        assertThat(bob.balance()).isEqualTo(new HoldInvoiceWallet.Balance(BALANCE, 0));
    }

    @Test
    void aStringThatIsNotAnInvoiceIsRefused() throws InterruptedException {
        bob.execute(new WalletRequest.Pay(8, "lnbcrt1notaninvoice", AMOUNT));
        var failed = bobEvents.next(WalletEvent.PaymentFailed.class);
        assertThat(failed.callId()).isEqualTo(8);
        assertThat(failed.paymentHash()).isNull();
        assertThat(failed.reason()).startsWith("not a valid invoice: ");
    }

    @Test
    void aSecondPaymentIsRefusedAsAlreadyPayingThenAsAlreadyPaid() throws InterruptedException {
        Preimage preimage = Preimage.generate(random);
        Hash32 hash = preimage.paymentHash();
        String bolt11 = invoice(preimage, 1);
        payAccepted(bolt11, hash, 7);

        bob.execute(new WalletRequest.Pay(8, bolt11, AMOUNT));
        var paying = bobEvents.next(WalletEvent.PaymentFailed.class);
        assertThat(paying.callId()).isEqualTo(8);
        assertThat(paying.reason()).isEqualTo(WalletEvent.PaymentFailed.ALREADY_PAYING + " " + hash.hex());
        assertThat(paying.isDuplicateRefusal()).isTrue();

        alice.execute(new WalletRequest.Settle(2, hash, preimage));
        assertThat(bobEvents.next()).isEqualTo(new WalletEvent.PaymentSettled(hash, preimage, AMOUNT));
        bob.execute(new WalletRequest.Pay(9, bolt11, AMOUNT));
        assertThat(bobEvents.next()).isEqualTo(new WalletEvent.PaymentFailed(9, hash,
                WalletEvent.PaymentFailed.ALREADY_PAID));
        assertThat(bob.balance()).isEqualTo(new HoldInvoiceWallet.Balance(BALANCE - AMOUNT, 0));
    }

    @Test
    void lndsInFlightRefusalOfAnUntrackedPaymentIsAlreadyPayingAndTheWalletFollowsIt() throws Exception {
        Preimage preimage = Preimage.generate(random);
        Hash32 hash = preimage.paymentHash();
        String bolt11 = invoice(preimage, 1);
        payAccepted(bolt11, hash, 7);
        // a wallet whose state file was lost: it does not track the payment, lnd does
        var events = new WalletEvents();
        try (LndWallet fresh = LndWallet.open(bobLnd.config(dir.resolve("bob-fresh")), events)) {
            fresh.execute(new WalletRequest.Pay(11, bolt11, AMOUNT));
            assertThat(events.next()).isEqualTo(new WalletEvent.PaymentFailed(11, hash,
                    WalletEvent.PaymentFailed.ALREADY_PAYING + " " + hash.hex()));
            assertThat(events.next()).isEqualTo(new WalletEvent.PaymentAccepted(11, hash, AMOUNT));
            alice.execute(new WalletRequest.Settle(2, hash, preimage));
            assertThat(events.next()).isEqualTo(new WalletEvent.PaymentSettled(hash, preimage, AMOUNT));
        }
    }

    @Test
    void settleAndCancelAreIdempotent() throws InterruptedException {
        Preimage settled = Preimage.generate(random);
        payAccepted(invoice(settled, 1), settled.paymentHash(), 7);
        alice.execute(new WalletRequest.Settle(2, settled.paymentHash(), settled));
        assertThat(aliceEvents.next()).isEqualTo(new WalletEvent.InvoiceSettled(settled.paymentHash(), AMOUNT));
        alice.execute(new WalletRequest.Settle(3, settled.paymentHash(), settled));
        assertThat(aliceEvents.next()).isEqualTo(new WalletEvent.InvoiceSettled(settled.paymentHash(), AMOUNT));
        alice.execute(new WalletRequest.Cancel(4, settled.paymentHash()));
        var refused = aliceEvents.next(WalletEvent.CallFailed.class);
        assertThat(refused.callId()).isEqualTo(4);
        assertThat(refused.reason()).contains("already settled");

        Preimage cancelled = Preimage.generate(random);
        invoice(cancelled, 5);
        alice.execute(new WalletRequest.Cancel(6, cancelled.paymentHash()));
        assertThat(aliceEvents.next()).isEqualTo(new WalletEvent.InvoiceCancelled(cancelled.paymentHash(), "cancelled"));
        alice.execute(new WalletRequest.Cancel(7, cancelled.paymentHash()));
        assertThat(aliceEvents.next()).isEqualTo(new WalletEvent.InvoiceCancelled(cancelled.paymentHash(), "cancelled"));
        alice.execute(new WalletRequest.Settle(8, cancelled.paymentHash(), cancelled));
        var notSettled = aliceEvents.next(WalletEvent.CallFailed.class);
        assertThat(notSettled.callId()).isEqualTo(8);
        assertThat(notSettled.reason()).contains("already canceled");
        assertThat(aliceEvents.pending()).isEmpty();
    }

    @Test
    void settleWithTheWrongPreimageOrOfAnOpenInvoiceFails() throws InterruptedException {
        Preimage preimage = Preimage.generate(random);
        invoice(preimage, 1);
        alice.execute(new WalletRequest.Settle(2, preimage.paymentHash(), Preimage.generate(random)));
        var wrong = aliceEvents.next(WalletEvent.CallFailed.class);
        assertThat(wrong.reason()).contains("does not hash to");
        alice.execute(new WalletRequest.Settle(3, preimage.paymentHash(), preimage));
        var open = aliceEvents.next(WalletEvent.CallFailed.class);
        assertThat(open.callId()).isEqualTo(3);
        assertThat(open.reason()).contains("invoice still open");
        alice.execute(new WalletRequest.Cancel(4, Preimage.generate(random).paymentHash()));
        assertThat(aliceEvents.next(WalletEvent.CallFailed.class).reason()).contains("unable to locate invoice");
    }

    @Test
    void aDuplicatePaymentHashIsRefusedByLnd() throws InterruptedException {
        Preimage preimage = Preimage.generate(random);
        invoice(preimage, 1);
        alice.execute(new WalletRequest.CreateHoldInvoice(2, preimage.paymentHash(), AMOUNT, inAnHour(), "again"));
        var failed = aliceEvents.next(WalletEvent.CallFailed.class);
        assertThat(failed.callId()).isEqualTo(2);
        assertThat(failed.reason()).contains("already exists");
    }

    @Test
    void aWalletOpenedAgainReannouncesAcceptedInvoicesAndPaymentsInFlight() throws InterruptedException {
        Preimage preimage = Preimage.generate(random);
        Hash32 hash = preimage.paymentHash();
        payAccepted(invoice(preimage, 1), hash, 7);
        Preimage open = Preimage.generate(random);
        String openBolt11 = invoice(open, 2);
        alice.close();
        bob.close();

        aliceEvents = new WalletEvents();
        bobEvents = new WalletEvents();
        alice = LndWallet.open(aliceLnd.config(dir.resolve("alice")), aliceEvents);
        bob = LndWallet.open(bobLnd.config(dir.resolve("bob")), bobEvents);
        assertThat(aliceEvents.next()).isEqualTo(new WalletEvent.InvoiceAccepted(hash, AMOUNT));
        assertThat(bobEvents.next()).isEqualTo(new WalletEvent.PaymentAccepted(7, hash, AMOUNT));

        // and follows them on: the open invoice is paid, the accepted one settled
        alice.execute(new WalletRequest.Settle(3, hash, preimage));
        assertThat(aliceEvents.next()).isEqualTo(new WalletEvent.InvoiceSettled(hash, AMOUNT));
        assertThat(bobEvents.next()).isEqualTo(new WalletEvent.PaymentSettled(hash, preimage, AMOUNT));
        payAccepted(openBolt11, open.paymentHash(), 8);
    }
}
