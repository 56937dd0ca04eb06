package org.giggossip.node.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.core.service.ServiceCodec;
import org.giggossip.core.service.ServiceMessage;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Hash32;
import org.giggossip.net.admission.AdmissionPolicy;
import org.giggossip.net.discovery.DiscoveryCodec;
import org.giggossip.net.discovery.DiscoveryMessage;
import org.giggossip.net.link.LinkConfig;
import org.giggossip.net.link.Links;
import org.giggossip.net.link.MessageType;
import org.giggossip.net.netty.AdmissionSolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A settler node serving its settler and regtest ledger ({@link ServiceEndpoint})
 * to client nodes ({@link RemoteServices}) over real links on 127.0.0.1.
 */
class ServiceOverLinksTest {
    static final SecureRandom RANDOM = new SecureRandom();
    static final LinkConfig CONFIG = LinkConfig.defaults()
            .withAdmission(AdmissionPolicy.ofDifficulty(256, Duration.ofSeconds(5)));
    static final long START = 1_000_000_000L;
    static final Duration WAIT = Duration.ofSeconds(10);

    private final PowSolver solver = new PowSolver(1, InstantSource.system());
    private final List<AutoCloseable> open = new ArrayList<>();

    /** The settler node: LocalServices and a ServiceEndpoint on bare links. */
    final class SettlerNode {
        final PrivateKey key;
        final LocalServices services;
        final BlockingQueue<String> downs = new LinkedBlockingQueue<>();
        final ServiceEndpoint endpoint;
        final Links links;
        final InetSocketAddress address;

        SettlerNode() {
            this(PrivateKey.generate(RANDOM), null, 0);
        }

        /**
         * A settler node on {@code key}, serving {@code kept} (a ledger and settler that outlived a
         * restart of the node, null for new ones) on {@code port} (0 for any).
         */
        SettlerNode(PrivateKey key, LocalServices kept, int port) {
            this.key = key;
            this.services = kept != null ? kept : new LocalServices(key,
                    SettlerConfig.of(2_000, Duration.ofSeconds(120), Duration.ofSeconds(5)), Clock.systemUTC(), RANDOM);
            if (kept == null) {
                open.add(services);
            }
            ServiceEndpoint[] holder = new ServiceEndpoint[1];
            LinkService recording = new LinkService() {
                @Override
                public void linkUp(PublicKey peer) {
                    holder[0].linkUp(peer);
                }

                @Override
                public void linkDown(PublicKey peer, String reason) {
                    downs.add(peer.hex() + " " + reason);
                    holder[0].linkDown(peer, reason);
                }

                @Override
                public java.util.Optional<String> message(PublicKey peer, byte[] body) {
                    return holder[0].message(peer, body);
                }
            };
            ServiceLinkListener listener = new ServiceLinkListener(recording);
            links = Links.builder(key, listener)
                    .config(CONFIG).random(RANDOM).clock(InstantSource.system()).solver(AdmissionSolver.of(solver))
                    .build();
            listener.links(links);
            endpoint = new ServiceEndpoint(services, LinkService.sender(links), START, 256);
            holder[0] = endpoint;
            endpoint.errands(links::errand);
            open.add(endpoint);
            open.add(links);
            address = links.listen(new InetSocketAddress("127.0.0.1", port));
        }

        /** Stops this node's links and endpoint, as a restart does; the ledger and settler stay. */
        SettlerNode restart() throws Exception {
            links.close();
            endpoint.close();
            return new SettlerNode(key, services, address.getPort());
        }

        PublicKey id() {
            return key.publicKey();
        }
    }

    /** A client node (no engine): RemoteServices on bare links, its sinks as queues. */
    final class Client {
        final PrivateKey key;
        final SettlerNode settler;
        final BlockingQueue<WalletEvent> wallet = new LinkedBlockingQueue<>();
        final BlockingQueue<SettlerResponse> answers = new LinkedBlockingQueue<>();
        final RemoteServices remote;
        final Payments payments;
        final Links links;

        Client(SettlerNode settler) {
            this(PrivateKey.generate(RANDOM), settler, Duration.ofSeconds(5));
        }

        Client(PrivateKey key, SettlerNode settler, Duration timeout) {
            this.key = key;
            this.settler = settler;
            remote = new RemoteServices(settler.id(), timeout);
            payments = remote.binding().bind(wallet::add, answers::add);
            ServiceLinkListener listener = new ServiceLinkListener(remote);
            links = Links.builder(key, listener)
                    .config(CONFIG).random(RANDOM).clock(InstantSource.system()).solver(AdmissionSolver.of(solver))
                    .build();
            listener.links(links);
            remote.attach(LinkService.sender(links));
            open.add(remote);
            open.add(links);
        }

        Client connect() throws Exception {
            links.connect(settler.id(), settler.address).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return this;
        }

        PublicKey id() {
            return key.publicKey();
        }

        /** The next wallet event of type {@code type}, skipping others; fails after 10 s. */
        <T extends WalletEvent> T next(Class<T> type) throws InterruptedException {
            long end = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < end) {
                WalletEvent e = wallet.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (type.isInstance(e)) {
                    return type.cast(e);
                }
            }
            throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT);
        }

        /** Closes the links at once, as a SIGKILL would. */
        void crash() {
            links.close();
            remote.close();
        }
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    /** Creates a hold invoice on {@code payee} for {@code preimage}'s hash; returns its BOLT 11 string. */
    static String invoice(Client payee, long callId, Preimage preimage, long msat) throws InterruptedException {
        payee.payments.wallet(new WalletRequest.CreateHoldInvoice(callId, preimage.paymentHash(), msat,
                java.time.Instant.now().plusSeconds(60), "ride"));
        WalletEvent.InvoiceCreated created = payee.next(WalletEvent.InvoiceCreated.class);
        assertThat(created.callId()).isEqualTo(callId);
        return created.bolt11();
    }

    @Test
    void theLargestServiceMessageIsTheLimitOfASERVICELinkMessage() {
        assertThat(org.giggossip.core.service.ServiceCodec.MAX_MESSAGE_BYTES).isEqualTo(MessageType.SERVICE.maxBody());
    }

    @Test
    void twoClientsEnrolPayAndSettleAHoldInvoiceAndMoneyIsConserved() throws Exception {
        SettlerNode settler = new SettlerNode();
        Client driver = new Client(settler).connect();
        Client customer = new Client(settler).connect();
        settler.services.grant(driver.id(), "driving_licence", "valid");

        Certificate driverCert = driver.remote.enrol();
        Certificate customerCert = customer.remote.enrol();
        assertThat(driverCert.subject()).isEqualTo(driver.id());
        assertThat(driverCert.authority()).isEqualTo(settler.services.settlerId());
        assertThat(driverCert.body().properties()).containsEntry("driving_licence", "valid");
        assertThat(customerCert.subject()).isEqualTo(customer.id());
        assertThat(customerCert.body().properties()).isEmpty();
        assertThat(driver.remote.settlerId()).contains(settler.services.settlerId());
        assertThat(driver.payments.balance()).containsExactly(START, 0);
        assertThat(customer.payments.balance()).containsExactly(START, 0);

        Preimage preimage = Preimage.generate(RANDOM);
        Hash32 hash = preimage.paymentHash();
        String bolt11 = invoice(driver, 1, preimage, 15_000_000);

        customer.payments.wallet(new WalletRequest.Pay(2, bolt11, 15_000_000));
        WalletEvent.PaymentAccepted paid = customer.next(WalletEvent.PaymentAccepted.class);
        assertThat(paid.callId()).isEqualTo(2);
        assertThat(paid.paymentHash()).isEqualTo(hash);
        assertThat(driver.next(WalletEvent.InvoiceAccepted.class).amountMsat()).isEqualTo(15_000_000);
        assertThat(customer.payments.balance()).containsExactly(START - 15_000_000, 15_000_000);
        assertThat(settler.services.conservation().holds()).isTrue();

        driver.payments.wallet(new WalletRequest.Settle(3, hash, preimage));
        assertThat(driver.next(WalletEvent.InvoiceSettled.class).paymentHash()).isEqualTo(hash);
        WalletEvent.PaymentSettled settled = customer.next(WalletEvent.PaymentSettled.class);
        assertThat(settled.preimage()).isEqualTo(preimage);
        assertThat(settled.amountMsat()).isEqualTo(15_000_000);

        assertThat(driver.payments.balance()).containsExactly(START + 15_000_000, 0);
        assertThat(customer.payments.balance()).containsExactly(START - 15_000_000, 0);
        var report = settler.services.conservation();
        assertThat(report.holds()).as(report.toString()).isTrue();
        assertThat(report.mintedMsat()).isEqualTo(2 * START);

        // a settler request goes to the settler as from the caller, and its answer comes back
        customer.payments.send(settler.services.settlerId(), new SettlerRequest.FetchPreimage(4, hash));
        SettlerResponse answer = customer.answers.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer).isInstanceOfSatisfying(SettlerResponse.Refused.class,
                r -> assertThat(r.callId()).isEqualTo(4));
    }

    @Test
    void aRefusedWalletCallComesBackAsCallFailed() throws Exception {
        SettlerNode settler = new SettlerNode();
        Client c = new Client(settler).connect();
        c.payments.wallet(new WalletRequest.Cancel(9, Hash32.of(new byte[32])));
        WalletEvent.CallFailed failed = c.next(WalletEvent.CallFailed.class);
        assertThat(failed.callId()).isEqualTo(9);
        assertThat(failed.reason()).contains("no live invoice");
    }

    @Test
    void aClientWhoseLinkDroppedGetsTheEventsItMissedAfterRelinking() throws Exception {
        SettlerNode settler = new SettlerNode();
        PrivateKey driverKey = PrivateKey.generate(RANDOM);
        PrivateKey customerKey = PrivateKey.generate(RANDOM);
        Client driver = new Client(driverKey, settler, Duration.ofSeconds(5)).connect();
        Client customer = new Client(customerKey, settler, Duration.ofSeconds(5)).connect();

        Preimage preimage = Preimage.generate(RANDOM);
        Hash32 hash = preimage.paymentHash();
        String bolt11 = invoice(driver, 1, preimage, 20_000);
        customer.payments.wallet(new WalletRequest.Pay(2, bolt11, 20_000));
        customer.next(WalletEvent.PaymentAccepted.class);
        driver.next(WalletEvent.InvoiceAccepted.class); // delivered live, then the driver dies

        // the driver is killed and restarts with nothing: Resume replays its accepted invoice
        driver.crash();
        await("the settler node to see the driver go").atMost(WAIT)
                .until(() -> !settler.links.peers().contains(driverKey.publicKey()));
        assertThat(settler.endpoint.pending(driverKey.publicKey())).isZero();
        Client driver2 = new Client(driverKey, settler, Duration.ofSeconds(5)).connect();
        WalletEvent.InvoiceAccepted replayed = driver2.next(WalletEvent.InvoiceAccepted.class);
        assertThat(replayed.paymentHash()).isEqualTo(hash);
        assertThat(replayed.amountMsat()).isEqualTo(20_000);

        // the customer is killed while the driver settles: its PaymentSettled waits for it
        customer.crash();
        await("the settler node to see the customer go").atMost(WAIT)
                .until(() -> !settler.links.peers().contains(customerKey.publicKey()));
        driver2.payments.wallet(new WalletRequest.Settle(3, hash, preimage));
        driver2.next(WalletEvent.InvoiceSettled.class);
        await("the customer's settlement to be kept").atMost(WAIT)
                .until(() -> settler.endpoint.pending(customerKey.publicKey()) > 0);
        Client customer2 = new Client(customerKey, settler, Duration.ofSeconds(5)).connect();
        WalletEvent.PaymentSettled missed = customer2.next(WalletEvent.PaymentSettled.class);
        assertThat(missed.paymentHash()).isEqualTo(hash);
        assertThat(missed.preimage()).isEqualTo(preimage);
        assertThat(customer2.payments.balance()).containsExactly(START - 20_000, 0);
        assertThat(settler.endpoint.dropped()).isZero();
        assertThat(settler.services.conservation().holds()).isTrue();
    }

    @Test
    void aPaymentAcceptedWhileThePayeeIsAwayReachesItInOrderOnRelink() throws Exception {
        SettlerNode settler = new SettlerNode();
        PrivateKey driverKey = PrivateKey.generate(RANDOM);
        Client driver = new Client(driverKey, settler, Duration.ofSeconds(5)).connect();
        Client customer = new Client(settler).connect();
        Preimage first = Preimage.generate(RANDOM);
        Preimage second = Preimage.generate(RANDOM);
        String bolt11First = invoice(driver, 1, first, 3_000);
        String bolt11Second = invoice(driver, 2, second, 4_000);

        driver.crash();
        await("the settler node to see the driver go").atMost(WAIT)
                .until(() -> !settler.links.peers().contains(driverKey.publicKey()));
        customer.payments.wallet(new WalletRequest.Pay(3, bolt11First, 3_000));
        customer.payments.wallet(new WalletRequest.Pay(4, bolt11Second, 4_000));
        customer.next(WalletEvent.PaymentAccepted.class);
        customer.next(WalletEvent.PaymentAccepted.class);
        await("both acceptances to be kept").atMost(WAIT)
                .until(() -> settler.endpoint.pending(driverKey.publicKey()) == 2);

        Client driver2 = new Client(driverKey, settler, Duration.ofSeconds(5)).connect();
        assertThat(driver2.next(WalletEvent.InvoiceAccepted.class).paymentHash()).isEqualTo(first.paymentHash());
        assertThat(driver2.next(WalletEvent.InvoiceAccepted.class).paymentHash()).isEqualTo(second.paymentHash());
        await("the outbox to empty").atMost(WAIT).until(() -> settler.endpoint.pending(driverKey.publicKey()) == 0);
        // and the restarted driver can settle what it was paid while away
        driver2.payments.wallet(new WalletRequest.Settle(5, first.paymentHash(), first));
        assertThat(customer.next(WalletEvent.PaymentSettled.class).preimage()).isEqualTo(first);
        assertThat(driver2.payments.balance()).containsExactly(START + 3_000, 0);
    }

    @Test
    void garbageClosesTheSendersLinkWithAReasonAndOthersKeepWorking() throws Exception {
        SettlerNode settler = new SettlerNode();
        Client honest = new Client(settler).connect();
        Client hostile = new Client(settler).connect();
        honest.remote.enrol();

        assertThat(hostile.links.send(settler.id(), MessageType.SERVICE, new byte[] {(byte) 0xff, 1, 2, 3}))
                .isTrue();
        String down = settler.downs.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(down).startsWith(hostile.id().hex()).contains("service: undecodable message");
        await("the hostile client's link to close").atMost(WAIT).until(() -> hostile.links.peers().isEmpty());

        // a client may not send what only a server sends
        Client confused = new Client(settler).connect();
        confused.links.send(settler.id(), MessageType.SERVICE, org.giggossip.core.service.ServiceCodec.encode(
                new org.giggossip.core.service.ServiceMessage.BalanceAnswer(1, 5, 5)));
        assertThat(settler.downs.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).startsWith(confused.id().hex())
                .contains("a client may not send BalanceAnswer");

        assertThat(honest.links.peers()).containsExactly(settler.id());
        assertThat(honest.payments.balance()).containsExactly(START, 0);
        invoice(honest, 7, Preimage.generate(RANDOM), 1_000);
    }

    /** A full node pings every link; a bare service link answers, so it is not dropped as gone. */
    @Test
    void aBareServiceLinkAnswersPingsAndIgnoresTheRestOfDiscovery() throws Exception {
        SettlerNode settler = new SettlerNode();
        BlockingQueue<byte[]> discovery = new LinkedBlockingQueue<>();
        Links node = Links.builder(PrivateKey.generate(RANDOM), new org.giggossip.net.link.LinkListener() {
            @Override
            public void linkUp(PublicKey peer, InetSocketAddress remote, boolean outbound) {}

            @Override
            public void linkDown(PublicKey peer, String reason) {}

            @Override
            public void message(PublicKey peer, MessageType type, byte[] body) {
                if (type == MessageType.DISCOVERY) {
                    discovery.add(body);
                }
            }
        }).config(CONFIG).random(RANDOM).clock(InstantSource.system()).solver(AdmissionSolver.of(solver)).build();
        open.add(node);
        node.connect(settler.id(), settler.address).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        node.send(settler.id(), MessageType.DISCOVERY, DiscoveryCodec.encode(new DiscoveryMessage.GetPeer()));
        node.send(settler.id(), MessageType.DISCOVERY,
                DiscoveryCodec.encode(new DiscoveryMessage.Ping(42, "127.0.0.1", 6001)));
        byte[] answer = discovery.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer).as("an answer to the PING").isNotNull();
        assertThat(DiscoveryCodec.decode(answer)).isEqualTo(
                new DiscoveryCodec.Decoded.Ok(new DiscoveryMessage.Pong(42, "", 0)));
        assertThat(discovery.poll(300, TimeUnit.MILLISECONDS)).as("nothing for the GETPEER").isNull();
        assertThat(node.peers()).containsExactly(settler.id());
    }

    @Test
    void requestsFailWithAReasonWhenTheSettlerNodeIsUnreachableOrSilent() throws Exception {
        SettlerNode settler = new SettlerNode();
        Client unlinked = new Client(PrivateKey.generate(RANDOM), settler, Duration.ofMillis(300));
        Preimage preimage = Preimage.generate(RANDOM);
        unlinked.payments.wallet(new WalletRequest.Settle(1, preimage.paymentHash(), preimage));
        assertThat(unlinked.next(WalletEvent.CallFailed.class).reason()).contains("no link to the settler node");
        unlinked.payments.send(settler.services.settlerId(), new SettlerRequest.ConfirmJob(2,
                preimage.paymentHash()));
        assertThat(unlinked.answers.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOfSatisfying(SettlerResponse.Refused.class, r -> {
                    assertThat(r.callId()).isEqualTo(2);
                    assertThat(r.reason()).contains("no link");
                });

        // a silent server: the request leaves but nothing answers within the timeout
        List<byte[]> swallowed = new java.util.concurrent.CopyOnWriteArrayList<>();
        RemoteServices silent = new RemoteServices(settler.id(), Duration.ofMillis(300));
        open.add(silent);
        BlockingQueue<WalletEvent> events = new LinkedBlockingQueue<>();
        Payments payments = silent.binding().bind(events::add, r -> { });
        silent.attach((peer, body) -> swallowed.add(body));
        payments.wallet(new WalletRequest.Pay(3, "lnbcrt1invalid", 10));
        WalletEvent failed = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(failed).isInstanceOfSatisfying(WalletEvent.PaymentFailed.class, f -> {
            assertThat(f.callId()).isEqualTo(3);
            assertThat(f.reason()).contains("no answer from the settler node within");
        });
        assertThat(swallowed).hasSize(1);
    }

    /**
     * A call written to a link that then died goes out again, with its call id, on the next
     * link-up: the settler node may never have read it (issue 15, deliverable 4).
     */
    @Test
    void everyUnansweredCallGoesOutAgainWithItsCallIdOnTheNextLinkUp() throws Exception {
        PublicKey settlerNode = PrivateKey.generate(RANDOM).publicKey();
        RemoteServices remote = new RemoteServices(settlerNode, Duration.ofSeconds(30));
        open.add(remote);
        List<ServiceMessage> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        remote.attach((peer, body) -> sent.add(((org.giggossip.core.wire.Decoded.Ok<ServiceMessage>)
                ServiceCodec.decode(body)).value()));
        BlockingQueue<WalletEvent> events = new LinkedBlockingQueue<>();
        Payments payments = remote.binding().bind(events::add, r -> { });
        Preimage preimage = Preimage.generate(RANDOM);
        payments.wallet(new WalletRequest.Pay(3, "lnbcrt1invalid", 10));
        payments.send(PrivateKey.generate(RANDOM).publicKey(), new SettlerRequest.ConfirmJob(4,
                preimage.paymentHash()));
        payments.wallet(new WalletRequest.Settle(5, preimage.paymentHash(), preimage));
        // the settle is answered; the other two are lost with the link
        remote.message(settlerNode, ServiceCodec.encode(new ServiceMessage.WalletNotice(
                new WalletEvent.InvoiceSettled(preimage.paymentHash(), 10))));
        assertThat(sent).hasSize(3);
        sent.clear();

        remote.linkDown(settlerNode, "closed by the peer");
        remote.linkUp(settlerNode);
        assertThat(sent).containsExactly(new ServiceMessage.Resume(),
                new ServiceMessage.WalletCall(new WalletRequest.Pay(3, "lnbcrt1invalid", 10)),
                new ServiceMessage.SettlerCall(new SettlerRequest.ConfirmJob(4, preimage.paymentHash())));
        // answered now: the next link-up sends only the Resume
        remote.message(settlerNode, ServiceCodec.encode(new ServiceMessage.SettlerAnswer(
                new SettlerResponse.Done(4))));
        remote.message(settlerNode, ServiceCodec.encode(new ServiceMessage.WalletNotice(
                new WalletEvent.PaymentFailed(3, null, "unknown invoice"))));
        sent.clear();
        remote.linkUp(settlerNode);
        assertThat(sent).containsExactly(new ServiceMessage.Resume());
    }

    /**
     * A call that reaches the settler node twice runs once: a repeat of a finished call is answered
     * again with the same answer, a repeat of one still in progress is ignored.
     */
    @Test
    void aRepeatedCallRunsOnceAndAFinishedOneIsAnsweredAgain() throws Exception {
        SettlerNode settler = new SettlerNode();
        Client driver = new Client(settler).connect();
        Client customer = new Client(settler).connect();
        Preimage preimage = Preimage.generate(RANDOM);
        Hash32 hash = preimage.paymentHash();
        String bolt11 = invoice(driver, 1, preimage, 25_000);

        // sent twice at once, as a re-send on a link-up racing the first send does
        byte[] pay = ServiceCodec.encode(new ServiceMessage.WalletCall(new WalletRequest.Pay(2, bolt11, 25_000)));
        assertThat(customer.links.send(settler.id(), MessageType.SERVICE, pay)).isTrue();
        assertThat(customer.links.send(settler.id(), MessageType.SERVICE, pay)).isTrue();
        WalletEvent.PaymentAccepted accepted = new WalletEvent.PaymentAccepted(2, hash, 25_000);
        assertThat(customer.wallet.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(accepted);
        assertThat(driver.next(WalletEvent.InvoiceAccepted.class).paymentHash()).isEqualTo(hash);
        // the repeat was ignored (in progress) or answered again (finished): never a refusal
        List<WalletEvent> more = new ArrayList<>();
        for (WalletEvent e; (e = customer.wallet.poll(300, TimeUnit.MILLISECONDS)) != null; ) {
            more.add(e);
        }
        assertThat(more).hasSizeLessThanOrEqualTo(1).allMatch(accepted::equals);
        // and once more, long after it was answered: the same answer again, no second payment
        assertThat(customer.links.send(settler.id(), MessageType.SERVICE, pay)).isTrue();
        assertThat(customer.wallet.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(accepted);
        assertThat(customer.wallet.poll(300, TimeUnit.MILLISECONDS)).as("one answer per call sent").isNull();
        assertThat(customer.payments.balance()).containsExactly(START - 25_000, 25_000);

        byte[] settle = ServiceCodec.encode(new ServiceMessage.WalletCall(new WalletRequest.Settle(3, hash,
                preimage)));
        assertThat(driver.links.send(settler.id(), MessageType.SERVICE, settle)).isTrue();
        assertThat(driver.next(WalletEvent.InvoiceSettled.class).paymentHash()).isEqualTo(hash);
        assertThat(driver.links.send(settler.id(), MessageType.SERVICE, settle)).isTrue();
        assertThat(driver.wallet.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("the settle's answer again, not a CallFailed").isEqualTo(new WalletEvent.InvoiceSettled(hash,
                        25_000));
        assertThat(driver.payments.balance()).containsExactly(START + 25_000, 0);
        assertThat(customer.next(WalletEvent.PaymentSettled.class).paymentHash()).isEqualTo(hash);
        assertThat(settler.services.conservation().holds()).isTrue();
    }

    /**
     * After a restart the settler node remembers no call: a Pay sent again is refused by the ledger
     * as already paid (which tells the payer its first Pay went through), and nothing is paid twice.
     */
    @Test
    void aPaySentAgainAfterTheSettlerNodeRestartsIsNotPaidTwice() throws Exception {
        SettlerNode settler = new SettlerNode();
        PrivateKey customerKey = PrivateKey.generate(RANDOM);
        Client driver = new Client(settler).connect();
        Client customer = new Client(customerKey, settler, Duration.ofSeconds(30)).connect();
        Preimage preimage = Preimage.generate(RANDOM);
        Hash32 hash = preimage.paymentHash();
        String bolt11 = invoice(driver, 1, preimage, 30_000);
        customer.payments.wallet(new WalletRequest.Pay(2, bolt11, 30_000));
        assertThat(driver.next(WalletEvent.InvoiceAccepted.class).paymentHash()).isEqualTo(hash);
        customer.next(WalletEvent.PaymentAccepted.class);

        SettlerNode restarted = settler.restart();
        await("the customer to see its link go").atMost(WAIT).until(() -> customer.links.peers().isEmpty());
        // the customer relinks and sends its Pay again, as if the answer had been lost
        customer.links.connect(restarted.id(), restarted.address).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        customer.links.send(restarted.id(), MessageType.SERVICE, ServiceCodec.encode(
                new ServiceMessage.WalletCall(new WalletRequest.Pay(2, bolt11, 30_000))));
        WalletEvent.PaymentFailed refused = customer.next(WalletEvent.PaymentFailed.class);
        assertThat(refused.callId()).isEqualTo(2);
        assertThat(refused.isDuplicateRefusal()).as(refused.reason()).isTrue();
        assertThat(customer.payments.balance()).containsExactly(START - 30_000, 30_000);

        // and the settlement made while the customer was away reaches it on its next Resume
        customer.crash();
        await("the restarted node to see the customer go").atMost(WAIT).until(() -> restarted.links.peers().isEmpty());
        Client driver2 = new Client(driver.key, restarted, Duration.ofSeconds(5)).connect();
        driver2.payments.wallet(new WalletRequest.Settle(3, hash, preimage));
        driver2.next(WalletEvent.InvoiceSettled.class);
        SettlerNode again = restarted.restart();
        Client customer2 = new Client(customerKey, again, Duration.ofSeconds(5)).connect();
        assertThat(customer2.next(WalletEvent.PaymentSettled.class).preimage()).isEqualTo(preimage);
        assertThat(customer2.payments.balance()).containsExactly(START - 30_000, 0);
        assertThat(again.services.conservation().holds()).isTrue();
    }

    /**
     * A node enrols over a link of its own and closes it, then links for good: that errand is not
     * counted, so its link shows no reconnect; a link that really comes up again counts.
     */
    @Test
    void anEnrolmentLinkIsAnErrandAndTheLinkAfterItIsNoReconnect() throws Exception {
        SettlerNode settler = new SettlerNode();
        PrivateKey key = PrivateKey.generate(RANDOM);
        Certificate certificate = RemoteServices.enrol(key, settler.id(), settler.address, CONFIG,
                AdmissionSolver.of(solver), WAIT);
        assertThat(certificate.subject()).isEqualTo(key.publicKey());
        await("the enrolment link to close").atMost(WAIT).until(() -> settler.links.peers().isEmpty());

        Client client = new Client(key, settler, Duration.ofSeconds(5)).connect();
        await("the link to come up at the settler node").atMost(WAIT)
                .until(() -> settler.links.link(key.publicKey()).isPresent());
        assertThat(settler.links.link(key.publicKey()).orElseThrow().reconnects()).isZero();
        assertThat(client.payments.balance()).containsExactly(START, 0);

        // a client that enrols over its link and goes on using it: a link like any other
        client.remote.enrol();
        client.payments.wallet(new WalletRequest.Cancel(1, Hash32.of(new byte[32])));
        client.next(WalletEvent.CallFailed.class);
        client.crash();
        await("the settler node to see the client go").atMost(WAIT).until(() -> settler.links.peers().isEmpty());
        new Client(key, settler, Duration.ofSeconds(5)).connect();
        await("the link to come up again").atMost(WAIT).until(() -> settler.links.link(key.publicKey()).isPresent());
        assertThat(settler.links.link(key.publicKey()).orElseThrow().reconnects()).isEqualTo(1);
    }

    /** A store in memory, as a node's {@code node.db} would keep the served state. */
    static final class MapStore implements LocalServices.Store {
        final java.util.Map<String, byte[]> ledger = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.Map<String, byte[]> settler = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.Map<String, byte[]> accounts = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public java.util.Map<String, byte[]> ledger() {
            return java.util.Map.copyOf(ledger);
        }

        @Override
        public java.util.Map<String, byte[]> settler() {
            return java.util.Map.copyOf(settler);
        }

        @Override
        public java.util.Map<String, byte[]> accounts() {
            return java.util.Map.copyOf(accounts);
        }

        @Override
        public void commit(StateChanges ledger, StateChanges settler, StateChanges accounts) {
            apply(this.ledger, ledger);
            apply(this.settler, settler);
            apply(this.accounts, accounts);
        }

        private static void apply(java.util.Map<String, byte[]> rows, StateChanges changes) {
            changes.entries().forEach((k, v) -> {
                if (v == null) {
                    rows.remove(k);
                } else {
                    rows.put(k, v);
                }
            });
        }
    }

    private LocalServices durable(PrivateKey key, MapStore store) {
        LocalServices services = new LocalServices(key, SettlerConfig.of(2_000, Duration.ofSeconds(120),
                Duration.ofSeconds(5)), Clock.systemUTC(), RANDOM, store);
        open.add(services);
        return services;
    }

    /**
     * A settler node whose ledger and settler are kept in a store restarts with nothing else: the
     * accounts, their balances and the accepted invoice are there again, the payee learns of its
     * accepted invoice on its Resume, settles it, and the payer is paid out; no msat is lost.
     */
    @Test
    void aSettlerNodeWithAStoreRestartsWithItsLedgerAndTheRideSettles() throws Exception {
        MapStore store = new MapStore();
        PrivateKey key = PrivateKey.generate(RANDOM);
        SettlerNode settler = new SettlerNode(key, durable(key, store), 0);
        PrivateKey driverKey = PrivateKey.generate(RANDOM);
        PrivateKey customerKey = PrivateKey.generate(RANDOM);
        Client driver = new Client(driverKey, settler, Duration.ofSeconds(5)).connect();
        Client customer = new Client(customerKey, settler, Duration.ofSeconds(5)).connect();
        Certificate certificate = customer.remote.enrol();
        Preimage preimage = Preimage.generate(RANDOM);
        Hash32 hash = preimage.paymentHash();
        String bolt11 = invoice(driver, 1, preimage, 40_000);
        customer.payments.wallet(new WalletRequest.Pay(2, bolt11, 40_000));
        customer.next(WalletEvent.PaymentAccepted.class);

        // the whole settler node goes: links, endpoint, ledger and settler; only the store stays
        settler.links.close();
        settler.endpoint.close();
        settler.services.close();
        driver.crash();
        customer.crash();
        SettlerNode restarted = new SettlerNode(key, durable(key, store), settler.address.getPort());
        assertThat(restarted.services.settlerId()).isEqualTo(settler.services.settlerId());
        Client driver2 = new Client(driverKey, restarted, Duration.ofSeconds(5)).connect();
        assertThat(driver2.next(WalletEvent.InvoiceAccepted.class).paymentHash()).isEqualTo(hash);
        assertThat(driver2.payments.balance()).containsExactly(START, 0);
        Client customer2 = new Client(customerKey, restarted, Duration.ofSeconds(5)).connect();
        assertThat(customer2.payments.balance()).containsExactly(START - 40_000, 40_000);
        assertThat(customer2.remote.enrol().authority()).isEqualTo(certificate.authority());

        driver2.payments.wallet(new WalletRequest.Settle(3, hash, preimage));
        driver2.next(WalletEvent.InvoiceSettled.class);
        assertThat(customer2.next(WalletEvent.PaymentSettled.class).preimage()).isEqualTo(preimage);
        assertThat(driver2.payments.balance()).containsExactly(START + 40_000, 0);
        assertThat(customer2.payments.balance()).containsExactly(START - 40_000, 0);
        var report = restarted.services.conservation();
        assertThat(report.holds()).as(report.toString()).isTrue();
        assertThat(report.mintedMsat()).isEqualTo(2 * START);
    }
}
