package org.giggossip.node.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.engine.EngineConfig;
import org.giggossip.core.engine.NodeIdentity;
import org.giggossip.core.engine.Offer;
import org.giggossip.core.engine.WorkerPolicy;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.core.pow.Target;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.FrameKind;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.Signer;
import org.giggossip.net.admission.AdmissionPolicy;
import org.giggossip.net.link.LinkConfig;
import org.giggossip.net.link.Links;
import org.giggossip.net.netty.AdmissionSolver;
import org.giggossip.node.api.AppModel;
import org.giggossip.node.api.JobView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A whole ride between three engines in one JVM that share nothing in process:
 * customer, middleman and driver each reach the settler and their wallet over a
 * link to a fourth node, the settler node ({@link ServiceEndpoint} over
 * {@link LocalServices}), through {@link RemoteServices}.
 */
class RemoteRideTest {
    static final SecureRandom RANDOM = new SecureRandom();
    static final LinkConfig CONFIG = LinkConfig.defaults()
            .withAdmission(AdmissionPolicy.ofDifficulty(256, Duration.ofSeconds(5)));
    static final long START = 1_000_000_000L;
    static final long PRICE_MSAT = 15_000_000L;
    static final long REPLY_FEE_MSAT = 1_000L;
    static final long SETTLER_FEE_MSAT = 2_000L;
    static final Duration WAIT = Duration.ofSeconds(20);

    private final Clock clock = Clock.systemUTC();
    private final PowSolver pow = new PowSolver(2, clock);
    private final NioEventLoopGroup group = new NioEventLoopGroup(2);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** What happens to the customer's link to the settler node when it takes the offer. */
    private enum SettlerLink { UP, DOWN_PAST_THE_TIMEOUT, DOWN_AND_BACK }

    /** What happens to the middleman's link to the customer while the driver's reply comes back. */
    private enum CustomerLink { UP, DOWN_WHILE_THE_REPLY_IS_IN_FLIGHT, DOWN_PAST_THE_LONGEST_HOLD }

    /** The middleman's outbox when the customer stays away longer than it holds a reply. */
    private static final Outbox.Limits SHORT_HOLD = new Outbox.Limits(32, 256 * 1024, 1024, 8 * 1024 * 1024,
            Duration.ofSeconds(1));

    @Test
    void aRideThroughAMiddlemanSettlesWithEveryNodeOnRemoteServices() throws Exception {
        ride(SettlerLink.UP);
    }

    /**
     * Issue 17: the middleman's link to the customer drops just as the driver's reply reaches the
     * middleman, and the customer links again from another port. The middleman held the reply for
     * the customer's key and sends it on the new link; the customer gets the offer and the ride
     * settles to the msat. The reply used to be dropped ({@code Links.send} false): no offer came.
     */
    @Test
    void aReplyForACustomerWhoseLinkDroppedIsDeliveredWhenItLinksAgainFromAnotherPort() throws Exception {
        ride(SettlerLink.UP, CustomerLink.DOWN_WHILE_THE_REPLY_IS_IN_FLIGHT);
    }

    /**
     * Issue 17: the customer stays away longer than the middleman holds a reply (here 1 s): the held
     * reply is dropped as expired by the middleman's sweep, and a customer that links again later
     * gets nothing stale.
     */
    @Test
    void aReplyHeldForACustomerWhoStaysAwayPastTheLongestHoldIsDropped() throws Exception {
        ride(SettlerLink.UP, CustomerLink.DOWN_PAST_THE_LONGEST_HOLD);
    }

    /**
     * Issue 15: the customer's link to the settler node is down when it takes the offer and comes
     * back a moment later: the payment waited for the link, leaves with its call ids, and the ride
     * settles to the msat. It used to fail at once with "no link to the settler node".
     */
    @Test
    void aPaymentMadeWhileTheSettlerLinkIsDownLeavesWhenTheLinkComesBack() throws Exception {
        ride(SettlerLink.DOWN_AND_BACK);
    }

    /**
     * Issue 15: the customer's link to the settler node is down when it takes the offer. The payment
     * fails with "no link to the settler node"; the offer stays in the job with that reason, the job
     * is open again, and once the link is back the customer takes the same offer and the ride settles
     * to the msat. The offer used to vanish from the job, and could not be taken again.
     */
    @Test
    void anOfferWhosePaymentFailedForWantOfTheSettlerLinkIsTakenAgainOnceTheLinkIsBack() throws Exception {
        ride(SettlerLink.DOWN_PAST_THE_TIMEOUT);
    }

    private void ride(SettlerLink settlerLink) throws Exception {
        ride(settlerLink, CustomerLink.UP);
    }

    private void ride(SettlerLink settlerLink, CustomerLink customerLink) throws Exception {
        // the settler node: settler and regtest ledger, served over its links
        PrivateKey settlerKey = PrivateKey.generate(RANDOM);
        LocalServices services = new LocalServices(settlerKey,
                SettlerConfig.of(SETTLER_FEE_MSAT, Duration.ofSeconds(120), Duration.ofSeconds(5)), clock, RANDOM);
        open.add(services);
        ServiceLinkListener listener = new ServiceLinkListener();
        Links settlerLinks = Links.builder(settlerKey, listener)
                .config(CONFIG).random(RANDOM).clock(clock).solver(AdmissionSolver.of(pow)).group(group).build();
        listener.links(settlerLinks);
        ServiceEndpoint endpoint = new ServiceEndpoint(services, LinkService.sender(settlerLinks), START, 1024);
        listener.serve(endpoint);
        open.add(endpoint);
        open.add(settlerLinks);
        InetSocketAddress settlerAddress = settlerLinks.listen(new InetSocketAddress("127.0.0.1", 0));
        PublicKey settlerNode = settlerKey.publicKey();

        CertificateValidator validator = new CertificateValidator(new TrustStore(Set.of(services.settlerId())), clock);
        EngineConfig base = EngineConfig.builder().fanout(2).powTarget(Target.fromDifficulty(256))
                .replyFeeMsat(REPLY_FEE_MSAT).offerWindow(Duration.ofSeconds(8)).autoChoose(false)
                .invoiceExpiryDelta(Duration.ofSeconds(20))
                .settler(services.settlerId()).build();
        byte[] message = "white Toyota Prius GG-101, 3 min away".getBytes(StandardCharsets.UTF_8);
        WorkerPolicy driving = (topic, now) -> Optional.of(new WorkerPolicy.Bid(PRICE_MSAT, message));

        PrivateKey customerKey = PrivateKey.generate(RANDOM);
        PrivateKey middlemanKey = PrivateKey.generate(RANDOM);
        PrivateKey driverKey = PrivateKey.generate(RANDOM);
        services.grant(driverKey.publicKey(), "driving_licence", "valid");

        BlockingQueue<AppEvent> customerEvents = new LinkedBlockingQueue<>();
        // the customer's calls wait a short while for a missing link, so that the test sees them fail
        EngineHost customer = node("customer", customerKey, base, validator, settlerNode, settlerAddress,
                settlerLinks, Duration.ofSeconds(2));
        EngineHost middleman = node("middleman", middlemanKey, base, validator, settlerNode, settlerAddress,
                settlerLinks, WAIT, customerLink == CustomerLink.DOWN_PAST_THE_LONGEST_HOLD ? SHORT_HOLD
                        : Outbox.Limits.defaults());
        EngineHost driver = node("driver", driverKey, base.toBuilder().workerPolicy(driving).build(), validator,
                settlerNode, settlerAddress, settlerLinks);
        AppModel model = new AppModel();
        customer.addListener(new HostListener() {
            @Override
            public void event(PublicKey node, Instant at, AppEvent event) {
                model.on(event, at);
                customerEvents.add(event);
            }
        });

        // customer -- middleman -- driver: the reply comes back through the middleman
        customer.connect(middleman.id(), middleman.links().listenAddress().orElseThrow())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        middleman.connect(driver.id(), driver.links().listenAddress().orElseThrow())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await("the engines to see their peers").atMost(WAIT)
                .until(() -> customer.call(e -> e.peers()).contains(middleman.id())
                        && middleman.call(e -> e.peers()).containsAll(List.of(customer.id(), driver.id()))
                        && driver.call(e -> e.peers()).contains(middleman.id()));

        BlockingQueue<HostTrace> replySteps = new LinkedBlockingQueue<>();
        InetSocketAddress customerWas = middleman.links().remoteAddress(customer.id()).orElseThrow();
        if (customerLink != CustomerLink.UP) {
            middleman.addListener(new HostListener() {
                @Override
                public void trace(PublicKey node, Instant at, HostTrace trace) {
                    switch (trace) {
                        case HostTrace.FrameReceived r when r.kind() == FrameKind.REPLY -> {
                            // on the middleman's loop, before its engine sees the reply: the link to the
                            // customer is gone by the time the middleman forwards it
                            middleman.links().disconnect(customer.id(), "the test drops the customer's link");
                            await("the middleman's link to the customer to close").atMost(WAIT)
                                    .until(() -> !middleman.links().peers().contains(customer.id()));
                        }
                        case HostTrace.SendRefused r when r.kind() == FrameKind.REPLY -> replySteps.add(r);
                        case HostTrace.FrameHeld h when h.kind() == FrameKind.REPLY -> replySteps.add(h);
                        case HostTrace.HeldFrameSent h when h.kind() == FrameKind.REPLY -> replySteps.add(h);
                        case HostTrace.HeldFrameDropped d when d.kind() == FrameKind.REPLY -> replySteps.add(d);
                        default -> { }
                    }
                }
            });
        }
        Instant now = clock.instant();
        PayloadId job = customer.call(e -> e.postJob(new TaxiTopic("r3gx2g5", "r3gx2ux", now,
                now.plus(Duration.ofMinutes(30)))));
        if (customerLink != CustomerLink.UP) {
            HostTrace forwarded = replySteps.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(forwarded).as("the middleman forwards the reply while the customer's link is down")
                    .isInstanceOf(HostTrace.FrameHeld.class);
            await("the customer to see the link down").atMost(WAIT)
                    .until(() -> !customer.links().peers().contains(middleman.id()));
            if (customerLink == CustomerLink.DOWN_PAST_THE_LONGEST_HOLD) {
                assertThat(replySteps.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .as("the held reply is dropped once held for the longest hold")
                        .isInstanceOfSatisfying(HostTrace.HeldFrameDropped.class,
                                d -> assertThat(d.why()).isEqualTo(Outbox.Drop.EXPIRED));
            }
            // the customer links again: a new connection, from another port
            customer.connect(middleman.id(), middleman.links().listenAddress().orElseThrow())
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            InetSocketAddress customerIs = await("the middleman to see the customer again").atMost(WAIT)
                    .until(() -> middleman.links().remoteAddress(customer.id()), Optional::isPresent).orElseThrow();
            assertThat(customerIs.getPort()).isNotEqualTo(customerWas.getPort());
        }
        if (customerLink == CustomerLink.DOWN_PAST_THE_LONGEST_HOLD) {
            await("the customer's first link to be up again").atMost(WAIT)
                    .until(() -> customer.call(e -> e.peers()).contains(middleman.id()));
            // nothing is to come: a bounded look that no offer arrives on the new link
            await("no offer").pollDelay(Duration.ofSeconds(2)).atMost(WAIT)
                    .until(() -> customer.call(e -> e.offers(job)).isEmpty());
            assertThat(replySteps).as("nothing was sent after the drop").isEmpty();
            return;
        }
        List<Offer> offers = await("an offer").atMost(WAIT).until(() -> customer.call(e -> e.offers(job)),
                o -> !o.isEmpty());
        if (customerLink == CustomerLink.DOWN_WHILE_THE_REPLY_IS_IN_FLIGHT) {
            assertThat(replySteps.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("the held reply went on the customer's new link").isInstanceOf(HostTrace.HeldFrameSent.class);
        }
        assertThat(offers).as("an offer within %s", WAIT).hasSize(1);
        Offer offer = offers.getFirst();
        assertThat(offer.jobPriceMsat()).isEqualTo(PRICE_MSAT);
        // the settler's network invoice plus a reply fee for each hop that carried the reply back
        long networkMsat = offer.networkFeeMsat();
        assertThat(networkMsat).isEqualTo(SETTLER_FEE_MSAT + 2 * REPLY_FEE_MSAT);
        if (settlerLink == SettlerLink.DOWN_AND_BACK) {
            customer.links().disconnect(settlerNode, "the test drops the link to the settler node");
            await("the settler link to close").atMost(WAIT)
                    .until(() -> !customer.links().peers().contains(settlerNode));
            customer.call(e -> {
                e.acceptOffer(job, offer.number());
                return null;
            });
            // the time under test, not a wait for a condition: the link stays down while the payment is made
            // (RemoteServices holds the call for the link, and nothing outside it shows that it does)
            Thread.sleep(300); // bounded, well within the customer's call timeout
            assertThat(services.balance(customerKey.publicKey())).isEqualTo(START);
            customer.connect(settlerNode, settlerAddress).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            next(customerEvents, AppEvent.JobPaid.class);
            JobView paid = model.job(job).orElseThrow();
            // the driver may open the ride as soon as it is paid, before this thread looks
            assertThat(paid.state()).isIn(AppModel.PAID, AppModel.OPENED);
            assertThat(paid.reason()).isEmpty(); // no payment failed
            assertThat(paid.offers().getFirst().failure()).isEmpty();
        }
        if (settlerLink == SettlerLink.DOWN_PAST_THE_TIMEOUT) {
            customer.links().disconnect(settlerNode, "the test drops the link to the settler node");
            await("the settler link to close").atMost(WAIT)
                    .until(() -> !customer.links().peers().contains(settlerNode));
            customer.call(e -> {
                e.acceptOffer(job, offer.number());
                return null;
            });
            AppEvent.OfferFailed failed = next(customerEvents, AppEvent.OfferFailed.class);
            assertThat(failed.offer()).isEqualTo(offer.number());
            assertThat(failed.reason()).startsWith("no link to the settler node");
            JobView view = model.job(job).orElseThrow();
            assertThat(view.state()).isEqualTo(AppModel.OPEN);
            assertThat(view.reason()).hasValueSatisfying(r -> assertThat(r).contains("no link to the settler node"));
            assertThat(view.offers()).singleElement().satisfies(o -> {
                assertThat(o.number()).isEqualTo(offer.number());
                assertThat(o.failure()).hasValueSatisfying(f -> assertThat(f).isEqualTo(failed.reason()));
            });
            model.checkAccept(job, offer.number());
            assertThat(services.balance(customerKey.publicKey())).isEqualTo(START);
            customer.connect(settlerNode, settlerAddress).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            await("the settler link to come back").atMost(WAIT)
                    .until(() -> customer.links().peers().contains(settlerNode));
        }
        if (settlerLink != SettlerLink.DOWN_AND_BACK) {
            customer.call(e -> {
                e.acceptOffer(job, offer.number());
                return null;
            });
        }
        AppEvent.ReplyOpened opened = next(customerEvents, AppEvent.ReplyOpened.class);
        assertThat(new String(opened.message(), StandardCharsets.UTF_8)).isEqualTo(new String(message,
                StandardCharsets.UTF_8));
        assertThat(opened.worker()).isEqualTo(driver.id());
        customer.call(e -> {
            e.confirmJob(job);
            return null;
        });
        AppEvent.JobSettled settled = next(customerEvents, AppEvent.JobSettled.class);
        assertThat(settled.job()).isEqualTo(job);
        assertThat(settled.jobMsat()).isEqualTo(PRICE_MSAT);
        await("the job view to settle").atMost(WAIT)
                .until(() -> model.job(job).orElseThrow().state().equals(AppModel.SETTLED));

        // every hop is paid exactly, as the ledger on the settler node sees it, and over the links
        await("every invoice to settle").atMost(WAIT).until(() -> services.liveInvoices() == 0);
        assertThat(services.balance(customerKey.publicKey())).isEqualTo(START - PRICE_MSAT - networkMsat);
        assertThat(services.balance(middlemanKey.publicKey())).isEqualTo(START + REPLY_FEE_MSAT);
        assertThat(services.balance(driverKey.publicKey())).isEqualTo(START + PRICE_MSAT + REPLY_FEE_MSAT);
        assertThat(services.balance(settlerKey.publicKey())).isEqualTo(SETTLER_FEE_MSAT);
        assertThat(customer.payments().balance()).containsExactly(START - PRICE_MSAT - networkMsat, 0);
        assertThat(driver.payments().balance()).containsExactly(START + PRICE_MSAT + REPLY_FEE_MSAT, 0);
        var report = services.conservation();
        assertThat(report.holds()).as(report.toString()).isTrue();
        assertThat(report.mintedMsat()).isEqualTo(3 * START);
    }

    /** Enrols over short-lived links, then builds the node's host on RemoteServices linked to the settler node. */
    private EngineHost node(String name, PrivateKey key, EngineConfig config, CertificateValidator validator,
            PublicKey settlerNode, InetSocketAddress settlerAddress, Links settlerLinks) throws Exception {
        return node(name, key, config, validator, settlerNode, settlerAddress, settlerLinks, WAIT);
    }

    private EngineHost node(String name, PrivateKey key, EngineConfig config, CertificateValidator validator,
            PublicKey settlerNode, InetSocketAddress settlerAddress, Links settlerLinks, Duration callTimeout)
            throws Exception {
        return node(name, key, config, validator, settlerNode, settlerAddress, settlerLinks, callTimeout,
                Outbox.Limits.defaults());
    }

    private EngineHost node(String name, PrivateKey key, EngineConfig config, CertificateValidator validator,
            PublicKey settlerNode, InetSocketAddress settlerAddress, Links settlerLinks, Duration callTimeout,
            Outbox.Limits outbox) throws Exception {
        Certificate cert = RemoteServices.enrol(key, settlerNode, settlerAddress, CONFIG, AdmissionSolver.of(pow),
                WAIT);
        assertThat(cert.subject()).isEqualTo(key.publicKey());
        // the enrolment's link must be gone before the node's own arrives (one link per peer)
        await("the enrolment link to close").atMost(WAIT).until(() -> !settlerLinks.peers().contains(key.publicKey()));
        RemoteServices remote = new RemoteServices(settlerNode, callTimeout);
        open.add(remote);
        EngineHost host = EngineHost.builder(name, new NodeIdentity(key, Signer.of(key, RANDOM), cert))
                .config(config).validator(validator).clock(clock).random(RANDOM).links(CONFIG).pow(pow).group(group)
                .payments(remote.binding()).outbox(outbox).build();
        open.add(host);
        remote.attach(LinkService.sender(host.links()));
        host.serve(remote);
        host.listen(new InetSocketAddress("127.0.0.1", 0));
        host.connect(settlerNode, settlerAddress).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return host;
    }

    private static <T extends AppEvent> T next(BlockingQueue<AppEvent> events, Class<T> type) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        List<AppEvent> seen = new ArrayList<>();
        while (System.nanoTime() < end) {
            AppEvent e = events.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
            if (e != null) {
                seen.add(e);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT + "; saw " + seen);
    }
}
