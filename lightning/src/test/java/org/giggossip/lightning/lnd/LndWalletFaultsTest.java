package org.giggossip.lightning.lnd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.wire.Hash32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LndWallet} when lnd is unreachable, refuses the macaroon, or answers nonsense. */
class LndWalletFaultsTest {
    private static final long AMOUNT = 20_000;

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private FakeNodes nodes;
    private FakeLnd aliceLnd;
    private FakeLnd bobLnd;

    @BeforeEach
    void setUp() throws IOException {
        nodes = new FakeNodes(dir, random, 1_000_000);
        aliceLnd = nodes.alice;
        bobLnd = nodes.bob;
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        nodes.close();
    }

    private static WalletRequest.CreateHoldInvoice create(long callId, Hash32 hash) {
        return new WalletRequest.CreateHoldInvoice(callId, hash, AMOUNT, Instant.now().plus(Duration.ofHours(1)), "x");
    }

    @Test
    void aWrongMacaroonIsRefusedWithAClearReason() throws Exception {
        Path wrong = Files.write(dir.resolve("wrong.macaroon"), new byte[] {1, 2, 3, 4});
        LndConfig good = aliceLnd.config(dir.resolve("alice"));
        LndConfig config = new LndConfig(good.host(), good.port(), good.tlsCertificate(), wrong,
                good.stateDirectory(), good.callTimeout(), good.maxBackoff());
        var events = new WalletEvents();
        try (LndWallet wallet = LndWallet.open(config, events)) {
            wallet.execute(create(1, Preimage.generate(random).paymentHash()));
            var failed = events.next(WalletEvent.CallFailed.class);
            assertThat(failed.callId()).isEqualTo(1);
            assertThat(failed.reason()).startsWith("lnd refused the macaroon " + wrong)
                    .contains("verification failed");
            assertThatThrownBy(wallet::balance).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("lnd refused the macaroon");
        }
    }

    @Test
    void aCallWithoutAMacaroonIsRefusedByTheFake() throws Exception {
        LndConfig config = aliceLnd.config(dir.resolve("alice"));
        var channels = LndRpc.open(config, config.readCredentials(), Runnable::run);
        try {
            var request = org.lightningj.lnd.proto.LightningApi.ChannelBalanceRequest.getDefaultInstance();
            // the channel without the macaroon interceptor
            assertThatThrownBy(() -> org.lightningj.lnd.proto.LightningGrpc.newBlockingStub(channels.managed())
                    .channelBalance(request))
                    .satisfies(e -> assertThat(LndRpc.reason(config, e))
                            .isEqualTo("lnd refused the macaroon " + config.macaroon() + ": expected 1 macaroon, got 0"));
            assertThat(org.lightningj.lnd.proto.LightningGrpc.newBlockingStub(channels.authenticated())
                    .channelBalance(request).getLocalBalance().getMsat()).isZero();
        } finally {
            channels.managed().shutdownNow();
        }
    }

    @Test
    void aSinkThatThrowsDoesNotStopTheWallet() throws Exception {
        var events = new WalletEvents();
        var thrown = new java.util.concurrent.CountDownLatch(1);
        try (LndWallet alice = LndWallet.open(aliceLnd.config(dir.resolve("alice")), e -> {
            if (thrown.getCount() > 0) {
                thrown.countDown();
                throw new IllegalStateException("sink bug");
            }
            events.accept(e);
        })) {
            alice.execute(create(1, Preimage.generate(random).paymentHash()));
            assertThat(thrown.await(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            alice.execute(create(2, Preimage.generate(random).paymentHash()));
            assertThat(events.next(WalletEvent.InvoiceCreated.class).callId()).isEqualTo(2);
        }
    }

    @Test
    void aMissingMacaroonFileIsRefusedWhenOpening() {
        LndConfig good = aliceLnd.config(dir.resolve("alice"));
        Path missing = dir.resolve("nope.macaroon");
        LndConfig config = new LndConfig(good.host(), good.port(), good.tlsCertificate(), missing,
                good.stateDirectory(), good.callTimeout(), good.maxBackoff());
        assertThatThrownBy(() -> LndWallet.open(config, e -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lnd macaroon " + missing + " does not exist");
    }

    @Test
    void aServerThatIsDownGivesCallFailedAndPaymentFailed() throws Exception {
        var aliceEvents = new WalletEvents();
        var bobEvents = new WalletEvents();
        try (LndWallet alice = LndWallet.open(aliceLnd.config(dir.resolve("alice")), aliceEvents);
                LndWallet bob = LndWallet.open(bobLnd.config(dir.resolve("bob")), bobEvents)) {
            Preimage preimage = Preimage.generate(random);
            alice.execute(create(1, preimage.paymentHash()));
            String bolt11 = aliceEvents.next(WalletEvent.InvoiceCreated.class).bolt11();
            aliceLnd.stop();
            bobLnd.stop();

            alice.execute(create(2, Preimage.generate(random).paymentHash()));
            var failed = aliceEvents.next(WalletEvent.CallFailed.class);
            assertThat(failed.callId()).isEqualTo(2);
            assertThat(failed.reason()).startsWith("lnd unreachable at 127.0.0.1:" + aliceLnd.port());
            alice.execute(new WalletRequest.Settle(3, preimage.paymentHash(), preimage));
            var settle = aliceEvents.next(WalletEvent.CallFailed.class);
            assertThat(settle.callId()).isEqualTo(3);
            assertThat(settle.reason()).startsWith("lnd unreachable at 127.0.0.1:" + aliceLnd.port());

            bob.execute(new WalletRequest.Pay(4, bolt11, AMOUNT));
            var payment = bobEvents.next(WalletEvent.PaymentFailed.class);
            assertThat(payment.callId()).isEqualTo(4);
            assertThat(payment.paymentHash()).isEqualTo(preimage.paymentHash());
            assertThat(payment.reason()).startsWith("lnd unreachable at 127.0.0.1:" + bobLnd.port());
            assertThat(payment.isDuplicateRefusal()).isFalse();
            assertThatThrownBy(bob::balance).hasMessageStartingWith("lnd unreachable");
        }
    }

    @Test
    void aSubscriptionResumesWhenLndComesBack() throws Exception {
        var aliceEvents = new WalletEvents();
        var bobEvents = new WalletEvents();
        try (LndWallet alice = LndWallet.open(quickBackoff(aliceLnd.config(dir.resolve("alice"))), aliceEvents);
                LndWallet bob = LndWallet.open(bobLnd.config(dir.resolve("bob")), bobEvents)) {
            Preimage preimage = Preimage.generate(random);
            alice.execute(create(1, preimage.paymentHash()));
            String bolt11 = aliceEvents.next(WalletEvent.InvoiceCreated.class).bolt11();
            aliceLnd.stop();
            aliceLnd.start(aliceLnd.port());

            bob.execute(new WalletRequest.Pay(2, bolt11, AMOUNT));
            assertThat(bobEvents.next()).isEqualTo(new WalletEvent.PaymentAccepted(2, preimage.paymentHash(), AMOUNT));
            // alice's wallet lost its stream with the server and subscribed again
            assertThat(aliceEvents.next()).isEqualTo(new WalletEvent.InvoiceAccepted(preimage.paymentHash(), AMOUNT));
        }
    }

    @Test
    void aPaymentInFlightIsTrackedAgainAfterLndRestartsNeverFailed() throws Exception {
        var aliceEvents = new WalletEvents();
        var bobEvents = new WalletEvents();
        try (LndWallet alice = LndWallet.open(aliceLnd.config(dir.resolve("alice")), aliceEvents);
                LndWallet bob = LndWallet.open(quickBackoff(bobLnd.config(dir.resolve("bob"))), bobEvents)) {
            Preimage preimage = paidAndAccepted(alice, aliceEvents, bob, bobEvents);
            Hash32 hash = preimage.paymentHash();
            bobLnd.stop();
            bobLnd.start(bobLnd.port());
            assertThat(bobLnd.node.tracked.tryAcquire(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            alice.execute(new WalletRequest.Settle(3, hash, preimage));
            assertThat(bobEvents.next()).isEqualTo(new WalletEvent.PaymentSettled(hash, preimage, AMOUNT));
        }
    }

    @Test
    void aSuccessWithAWrongPreimageIsNotReported() throws Exception {
        var aliceEvents = new WalletEvents();
        var bobEvents = new WalletEvents();
        try (LndWallet alice = LndWallet.open(aliceLnd.config(dir.resolve("alice")), aliceEvents);
                LndWallet bob = LndWallet.open(quickBackoff(bobLnd.config(dir.resolve("bob"))), bobEvents)) {
            Preimage preimage = paidAndAccepted(alice, aliceEvents, bob, bobEvents);
            Hash32 hash = preimage.paymentHash();
            bobLnd.node.wrongPreimages = true;
            alice.execute(new WalletRequest.Settle(3, hash, preimage));
            // the wallet ignored the bad success, and asks lnd again once the stream ended
            assertThat(bobLnd.node.tracked.tryAcquire(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            bobLnd.node.wrongPreimages = false;
            assertThat(bobEvents.next()).isEqualTo(new WalletEvent.PaymentSettled(hash, preimage, AMOUNT));
        }
    }

    /** Alice issues an invoice (call 1), Bob pays it (call 2); returns its preimage once Bob's payment is accepted. */
    private Preimage paidAndAccepted(LndWallet alice, WalletEvents aliceEvents, LndWallet bob, WalletEvents bobEvents)
            throws InterruptedException {
        Preimage preimage = Preimage.generate(random);
        alice.execute(create(1, preimage.paymentHash()));
        String bolt11 = aliceEvents.next(WalletEvent.InvoiceCreated.class).bolt11();
        bob.execute(new WalletRequest.Pay(2, bolt11, AMOUNT));
        assertThat(bobEvents.next()).isEqualTo(new WalletEvent.PaymentAccepted(2, preimage.paymentHash(), AMOUNT));
        return preimage;
    }

    private static LndConfig quickBackoff(LndConfig c) {
        return new LndConfig(c.host(), c.port(), c.tlsCertificate(), c.macaroon(), c.stateDirectory(),
                c.callTimeout(), Duration.ofMillis(500));
    }

    @Test
    void aPaymentRequestThatIsNotTheInvoiceAskedForIsRefused() throws Exception {
        aliceLnd.node.garbagePaymentRequests = true;
        var events = new WalletEvents();
        try (LndWallet alice = LndWallet.open(aliceLnd.config(dir.resolve("alice")), events)) {
            Hash32 hash = Preimage.generate(random).paymentHash();
            alice.execute(create(1, hash));
            var failed = events.next(WalletEvent.CallFailed.class);
            assertThat(failed.callId()).isEqualTo(1);
            assertThat(failed.reason()).startsWith("lnd returned an invalid payment request: ");
            assertThat(LndWalletStore.open(dir.resolve("alice")).invoices()).isEmpty();
        }
    }

    @Test
    void checkPaymentRequestComparesHashAndAmount() {
        FakeLightningNetwork.Node node = aliceLnd.node;
        Hash32 hash = Preimage.generate(random).paymentHash();
        String bolt11 = nodes.network.addHoldInvoice(node, hash.bytes(), AMOUNT, 60, "m").getPaymentRequest();
        assertThat(LndInvoices.checkPaymentRequest(bolt11, hash, AMOUNT)).isNull();
        assertThat(LndInvoices.checkPaymentRequest(bolt11, hash, AMOUNT + 1)).contains("amount");
        assertThat(LndInvoices.checkPaymentRequest(bolt11, Preimage.generate(random).paymentHash(), AMOUNT))
                .contains("payment hash");
        assertThat(LndInvoices.checkPaymentRequest("x".repeat(10_000), hash, AMOUNT)).isNotNull();
    }
}
