package org.giggossip.settler.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.settler.testing.ApiFixture.ADMIN_KEY;
import static org.giggossip.settler.testing.ApiFixture.CUSTOMER;
import static org.giggossip.settler.testing.ApiFixture.CUSTOMER_KEY;
import static org.giggossip.settler.testing.ApiFixture.JOB_MSAT;
import static org.giggossip.settler.testing.ApiFixture.REPLIER;
import static org.giggossip.settler.testing.ApiFixture.REPLIER_KEY;
import static org.giggossip.settler.testing.ApiFixture.SETTLER;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.giggossip.core.crypto.SealedBox;
import org.giggossip.core.crypto.SymmetricBox;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.GigView;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.ReplyPayload;
import org.giggossip.core.wire.SignedRequestPayload;
import org.giggossip.core.wire.TestSigners;
import org.giggossip.settler.http.SettlerJson;
import org.giggossip.settler.testing.ApiFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One job through the settler's HTTP API with the real clients (seed 000, 3.8
 * and 3.9): the replier's reply hash, its job invoice on its regtest account, the
 * sealed reply, the customer's payments, the reveal, and the job preimage
 * delivered to the replier as a notice with its cursor saved; then a dispute
 * decided by the admin client; and the clients' refusals.
 */
class HttpSettlerClientTest {
    static final String OFFER = "white Toyota, 4 minutes away";

    ApiFixture fx;
    final BlockingQueue<SettlerResponse> customerInbox = new LinkedBlockingQueue<>();
    final BlockingQueue<SettlerResponse> replierInbox = new LinkedBlockingQueue<>();
    final BlockingQueue<WalletEvent> customerWalletEvents = new LinkedBlockingQueue<>();
    final BlockingQueue<WalletEvent> replierWalletEvents = new LinkedBlockingQueue<>();
    final AtomicLong replierCursor = new AtomicLong();
    final java.util.concurrent.CountDownLatch cursorSaved = new java.util.concurrent.CountDownLatch(1);
    HttpSettlerClient customer;
    HttpSettlerClient replier;
    HttpRegtestWallet customerWallet;
    HttpRegtestWallet replierWallet;

    @BeforeEach
    void start() throws Exception {
        fx = new ApiFixture();
        customer = HttpSettlerClient.builder(fx.base, CUSTOMER_KEY, SETTLER, customerInbox::add).build();
        replier = HttpSettlerClient.builder(fx.base, REPLIER_KEY, SETTLER, replierInbox::add)
                .cursor(0, c -> {
                    replierCursor.set(c);
                    cursorSaved.countDown();
                }).build();
        customerWallet = new HttpRegtestWallet(fx.base, CUSTOMER_KEY, customerWalletEvents::add, 0, c -> { });
        replierWallet = new HttpRegtestWallet(fx.base, REPLIER_KEY, replierWalletEvents::add, 0, c -> { });
    }

    @AfterEach
    void stop() {
        customer.close();
        replier.close();
        customerWallet.close();
        replierWallet.close();
        fx.close();
    }

    static <T, S extends T> S next(BlockingQueue<T> queue, Class<S> type, Predicate<S> which) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            T got = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (type.isInstance(got) && which.test(type.cast(got))) {
                return type.cast(got);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " arrived");
    }

    /** What a job has made by the time the network preimage is revealed. */
    record Job(Hash32 replyHash, Hash32 networkHash, byte[] payload) {}

    /** Steps 1 to 5: reply hash, job invoice, sealed reply, both payments, accepted, reveal. */
    Job revealed() throws Exception {
        try (SettlerHttp customerHttp = new SettlerHttp(fx.base, CUSTOMER_KEY);
                SettlerHttp replierHttp = new SettlerHttp(fx.base, REPLIER_KEY)) {
            Certificate customerCert = SettlerJson.decoded(Certificate.decode(java.util.Base64.getDecoder().decode(
                    customerHttp.post("/v1/certificates/issue", new org.giggossip.settler.http.ApiBodies.Empty())
                            .orThrow().path("certificate").asText())), "certificate");
            Certificate replierCert = SettlerJson.decoded(Certificate.decode(java.util.Base64.getDecoder().decode(
                    replierHttp.post("/v1/certificates/issue", new org.giggossip.settler.http.ApiBodies.Empty())
                            .orThrow().path("certificate").asText())), "certificate");
            assertThat(customerCert.subject()).isEqualTo(CUSTOMER);
            SignedRequestPayload request = SignedRequestPayload.sign(new org.giggossip.core.wire.RequestPayload(
                    org.giggossip.core.wire.PayloadId.of(new byte[16]), new org.giggossip.core.topic.TaxiTopic(
                            "r3gx2g5", "r3gx2f", Instant.now().plusSeconds(3600), Instant.now().plusSeconds(7200)),
                    customerCert), TestSigners.deterministic(CUSTOMER_KEY));

            replier.send(SETTLER, new SettlerRequest.IssueReplyHash(1, request, JOB_MSAT));
            SettlerResponse.ReplyHashIssued issued = next(replierInbox, SettlerResponse.ReplyHashIssued.class,
                    r -> r.callId() == 1);
            Hash32 replyHash = issued.replyPaymentHash();

            // sized as a worker does (issue 17): from the terms the settler states, which crossed the HTTP API
            assertThat(issued.terms()).isNotNull();
            replierWallet.execute(new WalletRequest.CreateHoldInvoice(2, replyHash, JOB_MSAT,
                    Instant.now().plus(issued.terms().span()).plus(Duration.ofHours(1)), "taxi ride"));
            String jobInvoice = next(replierWalletEvents, WalletEvent.InvoiceCreated.class, e -> e.callId() == 2)
                    .bolt11();

            byte[] payload = new ReplyPayload(replierCert, request, SealedBox.seal(CUSTOMER,
                    OFFER.getBytes(StandardCharsets.UTF_8), new SecureRandom()), jobInvoice).encode();
            replier.send(SETTLER, new SettlerRequest.SealReply(3, replyHash, payload));
            SettlerResponse.ReplySealed sealed = next(replierInbox, SettlerResponse.ReplySealed.class,
                    r -> r.callId() == 3);
            Hash32 networkHash = sealed.promise().body().networkPaymentHash();

            // the customer pays the network invoice (no middlemen here) and the job invoice
            customerWallet.execute(new WalletRequest.Pay(4, sealed.networkInvoice(), 10_000));
            next(customerWalletEvents, WalletEvent.PaymentAccepted.class, e -> e.callId() == 4);
            customerWallet.execute(new WalletRequest.Pay(5, jobInvoice, JOB_MSAT));
            next(replierWalletEvents, WalletEvent.InvoiceAccepted.class, e -> e.paymentHash().equals(replyHash));

            replier.send(SETTLER, new SettlerRequest.ReplyInvoiceAccepted(6, replyHash));
            next(replierInbox, SettlerResponse.Done.class, r -> r.callId() == 6);

            // the network preimage comes back to the customer and opens the reply
            Preimage network = next(customerWalletEvents, WalletEvent.PaymentSettled.class,
                    e -> e.paymentHash().equals(networkHash)).preimage();
            byte[] opened = SymmetricBox.open(network.replyKey(), sealed.encryptedReplyPayload()).orElseThrow();
            assertThat(opened).isEqualTo(payload);
            return new Job(replyHash, networkHash, payload);
        }
    }

    @Test
    void aJobIsPaidThroughTheHttpClients() throws Exception {
        Job job = revealed();
        // the revealed network preimage is public
        var published = fx.get("/v1/preimages/" + job.networkHash().hex());
        assertThat(published.status()).isEqualTo(200);
        customer.send(SETTLER, new SettlerRequest.FetchPreimage(7, job.networkHash()));
        assertThat(next(customerInbox, SettlerResponse.PreimageRevealed.class, r -> r.callId() == 7).preimage()
                .matches(job.networkHash())).isTrue();

        customer.send(SETTLER, new SettlerRequest.ConfirmJob(8, job.replyHash()));
        next(customerInbox, SettlerResponse.Done.class, r -> r.callId() == 8);

        // the job preimage reaches the replier as a notice (callId 0), and the cursor is saved
        SettlerResponse.PreimageRevealed jobPreimage = next(replierInbox, SettlerResponse.PreimageRevealed.class,
                r -> r.callId() == 0 && r.paymentHash().equals(job.replyHash()));
        assertThat(jobPreimage.preimage().matches(job.replyHash())).isTrue();
        long saved = waitForCursor();
        assertThat(saved).isEqualTo(fx.backend.allNotices().getLast().seq());
        var after = fx.post(REPLIER_KEY, "/v1/notices", "{\"after\":" + saved + ",\"wait_ms\":0}");
        assertThat(after.body().path("notices")).isEmpty();
        assertThat(after.body().path("next").asLong()).isEqualTo(saved);
        // from the start: the notice in readable JSON beside its ServiceMessage
        var all = fx.post(REPLIER_KEY, "/v1/notices", "{\"after\":0,\"wait_ms\":0}").body().path("notices");
        var last = all.get(all.size() - 1);
        assertThat(last.path("seq").asLong()).isEqualTo(saved);
        assertThat(last.path("type").asText()).isEqualTo("PreimageRevealed");
        assertThat(last.at("/notice/payment_hash").asText()).isEqualTo(job.replyHash().hex());
        assertThat(last.at("/notice/call_id").asLong()).isZero();
        assertThat(last.path("message").asText()).isNotEmpty();
        // the customer sees none of the replier's notices
        assertThat(fx.post(CUSTOMER_KEY, "/v1/notices", "{\"after\":0,\"wait_ms\":0}").body().path("notices")
                .toString()).doesNotContain(job.replyHash().hex());

        replierWallet.execute(new WalletRequest.Settle(9, job.replyHash(), jobPreimage.preimage()));
        next(replierWalletEvents, WalletEvent.InvoiceSettled.class, e -> e.paymentHash().equals(job.replyHash()));
        var balance = replierWallet.balance();
        assertThat(balance.spendableMsat()).isGreaterThan(ApiFixture.STARTING_BALANCE);
    }

    /** The cursor is saved right after the sink returns, on the poll thread. */
    long waitForCursor() throws InterruptedException {
        assertThat(cursorSaved.await(10, TimeUnit.SECONDS)).isTrue();
        return replierCursor.get();
    }

    @Test
    void aDisputeIsDecidedThroughTheAdminClient() throws Exception {
        Job job = revealed();
        customer.send(SETTLER, new SettlerRequest.OpenDispute(7, job.replyHash(), "the driver never came"));
        next(customerInbox, SettlerResponse.Done.class, r -> r.callId() == 7);
        try (SettlerAdminClient admin = new SettlerAdminClient(fx.base, ADMIN_KEY)) {
            List<GigView> disputes = admin.disputes();
            assertThat(disputes).singleElement().satisfies(g -> {
                assertThat(g.replyHash()).isEqualTo(job.replyHash());
                assertThat(g.disputeReason()).isEqualTo("the driver never came");
                assertThat(g.customer()).isEqualTo(CUSTOMER);
                assertThat(g.replier()).isEqualTo(REPLIER);
            });
            admin.resolve(job.replyHash(), false);
            var c = next(replierInbox, SettlerResponse.ReplyCancelled.class,
                    r -> r.replyPaymentHash().equals(job.replyHash()));
            assertThat(c.reason()).contains("for the customer");
            assertThat(admin.disputes()).isEmpty();
            // a second decision is refused
            SettlerHttpException e = org.junit.jupiter.api.Assertions.assertThrows(SettlerHttpException.class,
                    () -> admin.resolve(job.replyHash(), true));
            assertThat(e.status()).isIn(404, 409);
        }
    }

    @Test
    void theAdminClientGrantsAndRevokes() throws Exception {
        try (SettlerAdminClient admin = new SettlerAdminClient(fx.base, ADMIN_KEY)) {
            assertThat(admin.grant(REPLIER, "driving_licence", "valid")).containsEntry("driving_licence", "valid");
            Certificate cert = fx.backend.issueCertificate(REPLIER).get(10, TimeUnit.SECONDS);
            assertThat(cert.body().properties()).containsEntry("driving_licence", "valid");
            assertThat(admin.revokeProperty(REPLIER, "driving_licence")).contains(cert.id());
            assertThat(admin.granted(REPLIER)).doesNotContainKey("driving_licence");
            Certificate other = fx.backend.issueCertificate(CUSTOMER).get(10, TimeUnit.SECONDS);
            long version = admin.revokeCertificate(other.id());
            assertThat(fx.get("/v1/revocations").body().path("version").asText())
                    .isEqualTo(Long.toUnsignedString(version));
        }
        try (SettlerAdminClient notAdmin = new SettlerAdminClient(fx.base, CUSTOMER_KEY)) {
            SettlerHttpException e = org.junit.jupiter.api.Assertions.assertThrows(SettlerHttpException.class,
                    () -> notAdmin.grant(CUSTOMER, "driving_licence", "valid"));
            assertThat(e.status()).isEqualTo(403);
        }
    }

    @Test
    void aServiceWithAnotherKeyIsRefusedByThePin() throws Exception {
        var impostorKey = TestSigners.key(999).publicKey();
        BlockingQueue<SettlerResponse> inbox = new LinkedBlockingQueue<>();
        try (HttpSettlerClient pinned = HttpSettlerClient.builder(fx.base, CUSTOMER_KEY, impostorKey, inbox::add)
                .build()) {
            pinned.send(impostorKey, new SettlerRequest.ConfirmJob(1, Hash32.of(new byte[32])));
            var refused = next(inbox, SettlerResponse.Refused.class, r -> r.callId() == 1);
            assertThat(refused.reason()).contains("its settler key is " + SETTLER.hex())
                    .contains("not the pinned " + impostorKey.hex());
            // and a request for another settler than the client's
            pinned.send(SETTLER, new SettlerRequest.ConfirmJob(2, Hash32.of(new byte[32])));
            assertThat(next(inbox, SettlerResponse.Refused.class, r -> r.callId() == 2).reason())
                    .contains("reaches settler " + impostorKey.hex() + " only");
        }
    }

    @Test
    void anUnreachableServiceIsARefusal() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        BlockingQueue<SettlerResponse> inbox = new LinkedBlockingQueue<>();
        // retried for 1 s (as a restarting service would be), then refused
        try (HttpSettlerClient gone = HttpSettlerClient.builder(
                new SettlerHttp(URI.create("http://127.0.0.1:" + port), CUSTOMER_KEY), SETTLER, inbox::add)
                .retryFor(java.time.Duration.ofSeconds(1)).build()) {
            gone.send(SETTLER, new SettlerRequest.CancelGig(5, Hash32.of(new byte[32])));
            assertThat(next(inbox, SettlerResponse.Refused.class, r -> r.callId() == 5).reason())
                    .startsWith("settler unreachable: ");
        }
    }

    @Test
    void aPreimageTheServiceDoesNotAnswerComesFromTheFallbackIfItMatches() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Preimage p = Preimage.generate(new SecureRandom());
        Preimage wrong = Preimage.generate(new SecureRandom());
        Hash32 other = Preimage.generate(new SecureRandom()).paymentHash();
        java.util.List<Hash32> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        DaveFallback dave = h -> {
            asked.add(h);
            return h.equals(p.paymentHash()) ? java.util.Optional.of(p)
                    : h.equals(other) ? java.util.Optional.of(wrong) : java.util.Optional.empty();
        };
        BlockingQueue<SettlerResponse> inbox = new LinkedBlockingQueue<>();
        try (HttpSettlerClient gone = HttpSettlerClient.builder(
                new SettlerHttp(URI.create("http://127.0.0.1:" + port), CUSTOMER_KEY), SETTLER, inbox::add)
                .retryFor(java.time.Duration.ofMillis(300)).fallback(dave).build()) {
            gone.send(SETTLER, new SettlerRequest.FetchPreimage(1, p.paymentHash()));
            assertThat(next(inbox, SettlerResponse.PreimageRevealed.class, r -> r.callId() == 1).preimage())
                    .isEqualTo(p);
            // a fallback answering a preimage of another hash is not believed
            gone.send(SETTLER, new SettlerRequest.FetchPreimage(2, other));
            assertThat(next(inbox, SettlerResponse.Refused.class, r -> r.callId() == 2).reason())
                    .startsWith("settler unreachable: ").endsWith("not on Dave either");
            gone.send(SETTLER, new SettlerRequest.FetchPreimage(3, Hash32.of(new byte[32])));
            next(inbox, SettlerResponse.Refused.class, r -> r.callId() == 3);
            // only preimages go to the fallback
            gone.send(SETTLER, new SettlerRequest.CancelGig(4, p.paymentHash()));
            next(inbox, SettlerResponse.Refused.class, r -> r.callId() == 4);
            assertThat(asked).hasSize(3);
        }
        // a reachable service answers itself: the fallback is not asked
        asked.clear();
        Job job = revealed();
        try (HttpSettlerClient up = HttpSettlerClient.builder(new SettlerHttp(fx.base, CUSTOMER_KEY), SETTLER,
                customerInbox::add)
                .retryFor(java.time.Duration.ofSeconds(1)).fallback(dave).build()) {
            up.send(SETTLER, new SettlerRequest.FetchPreimage(20, job.networkHash()));
            assertThat(next(customerInbox, SettlerResponse.PreimageRevealed.class, r -> r.callId() == 20).preimage()
                    .matches(job.networkHash())).isTrue();
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void theCustomersStatementTravelsToTheSettlerWhichChecksTheLedgerInstead() throws Exception {
        Hash32 gig = fx.newGig();
        // a settler on the embedded ledger looks the job invoice up itself: it needs no statement
        customer.send(SETTLER, org.giggossip.core.settler.JobPaymentStatement.sign(12, SETTLER, gig, JOB_MSAT,
                TestSigners.deterministic(CUSTOMER_KEY)));
        assertThat(next(customerInbox, SettlerResponse.Refused.class, r -> r.callId() == 12).reason())
                .contains("checks the job invoice in its own ledger");
        // and a caller that is no party to the gig is refused before the settler hears of it
        try (HttpSettlerClient stranger = HttpSettlerClient.builder(fx.base, TestSigners.key(998), SETTLER,
                customerInbox::add).build()) {
            stranger.send(SETTLER, org.giggossip.core.settler.JobPaymentStatement.sign(13, SETTLER, gig, JOB_MSAT,
                    TestSigners.deterministic(CUSTOMER_KEY)));
            assertThat(next(customerInbox, SettlerResponse.Refused.class, r -> r.callId() == 13).reason())
                    .contains("403");
        }
    }

    @Test
    void anErrorStatusIsARefusalWithTheReason() throws Exception {
        Hash32 gig = fx.newGig();
        // the customer may not seal the replier's reply
        customer.send(SETTLER, new SettlerRequest.SealReply(11, gig, new byte[] {1}));
        assertThat(next(customerInbox, SettlerResponse.Refused.class, r -> r.callId() == 11).reason())
                .contains("403").contains("not your gig");
    }

    /**
     * A forged CancelGig over HTTP: a caller that is neither the gig's customer nor its replier is
     * refused 403 "not your gig" and the gig stays; its replier may call it off.
     */
    @Test
    void aCancelGigFromAStrangerIsRefusedAndTheGigStays() throws Exception {
        Hash32 gig = fx.newGig();
        java.util.concurrent.BlockingQueue<SettlerResponse> strangerInbox =
                new java.util.concurrent.LinkedBlockingQueue<>();
        try (HttpSettlerClient stranger = HttpSettlerClient.builder(fx.base,
                org.giggossip.settler.testing.ApiFixture.STRANGER_KEY, SETTLER, strangerInbox::add).build()) {
            stranger.send(SETTLER, new SettlerRequest.CancelGig(31, gig));
            assertThat(next(strangerInbox, SettlerResponse.Refused.class, r -> r.callId() == 31).reason())
                    .contains("403").contains("not your gig");
        }
        replier.send(SETTLER, new SettlerRequest.CancelGig(32, gig));
        next(replierInbox, SettlerResponse.Done.class, r -> r.callId() == 32);
    }

    /**
     * Issue 15: the service handles the replier's SealReply but the answer is lost with the
     * connection (a service stopped right then; a pooled connection it had closed fails the same
     * way, "header parser received no bytes"). The client sends it again with the same call id and
     * the settler answers it again: the replier gets its sealed reply. The client used to refuse at
     * once ("settler unreachable"), and a seal sent again was refused as "already sealed".
     */
    @Test
    void aSealWhoseAnswerIsLostWithTheConnectionIsSentAgainAndAnsweredAgain() throws Exception {
        SignedRequestPayload request = fx.signedRequest();
        SettlerResponse issued = fx.backend.call(REPLIER, new SettlerRequest.IssueReplyHash(900, request, JOB_MSAT))
                .get(10, TimeUnit.SECONDS);
        Hash32 replyHash = ((SettlerResponse.ReplyHashIssued) issued).replyPaymentHash();
        replierWallet.execute(new WalletRequest.CreateHoldInvoice(2, replyHash, JOB_MSAT,
                Instant.now().plus(((SettlerResponse.ReplyHashIssued) issued).terms().span())
                        .plus(Duration.ofHours(1)), "taxi ride"));
        String jobInvoice = next(replierWalletEvents, WalletEvent.InvoiceCreated.class, e -> e.callId() == 2)
                .bolt11();
        Certificate replierCert = fx.backend.issueCertificate(REPLIER).get(10, TimeUnit.SECONDS);
        byte[] payload = new ReplyPayload(replierCert, request, SealedBox.seal(CUSTOMER,
                OFFER.getBytes(StandardCharsets.UTF_8), new SecureRandom()), jobInvoice).encode();
        BlockingQueue<SettlerResponse> inbox = new LinkedBlockingQueue<>();
        try (DroppingProxy proxy = new DroppingProxy(fx.base.getPort(), "/v1/gigs/seal");
                HttpSettlerClient through = HttpSettlerClient.builder(new SettlerHttp(proxy.base(), REPLIER_KEY),
                        SETTLER, inbox::add)
                        .retryFor(java.time.Duration.ofSeconds(10)).build()) {
            through.send(SETTLER, new SettlerRequest.SealReply(7, replyHash, payload));
            SettlerResponse answer = next(inbox, SettlerResponse.class, r -> r.callId() == 7);
            assertThat(proxy.dropped()).isEqualTo(1);
            assertThat(answer).isInstanceOfSatisfying(SettlerResponse.ReplySealed.class, sealed -> {
                assertThat(sealed.promise().body().replyPaymentHash()).isEqualTo(replyHash);
                assertThat(sealed.promise().body().replyInvoice()).isEqualTo(jobInvoice);
                assertThat(org.giggossip.core.invoice.Bolt11.decode(sealed.networkInvoice()).orElseThrow()
                        .paymentHash()).isEqualTo(sealed.promise().body().networkPaymentHash());
            });
            // another seal of the same gig, under another call id, is still refused
            through.send(SETTLER, new SettlerRequest.SealReply(8, replyHash, payload));
            assertThat(next(inbox, SettlerResponse.Refused.class, r -> r.callId() == 8).reason())
                    .contains("already sealed");
        }
    }

    /**
     * A TCP proxy to a local port that forwards everything, except that the first request whose
     * bytes contain {@code path} reaches the service but its answer does not come back: the
     * client's connection is closed when the answer starts.
     */
    static final class DroppingProxy implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final int upstream;
        private final String path;
        private final java.util.concurrent.atomic.AtomicInteger dropped = new java.util.concurrent.atomic.AtomicInteger();
        private final List<java.net.Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

        DroppingProxy(int upstream, String path) throws java.io.IOException {
            this.upstream = upstream;
            this.path = path;
            Thread.ofVirtual().start(this::accept);
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        int dropped() {
            return dropped.get();
        }

        private void accept() {
            try {
                while (true) {
                    java.net.Socket client = server.accept();
                    java.net.Socket service = new java.net.Socket(InetAddress.getLoopbackAddress(), upstream);
                    sockets.add(client);
                    sockets.add(service);
                    java.util.concurrent.atomic.AtomicBoolean drop = new java.util.concurrent.atomic.AtomicBoolean();
                    Thread.ofVirtual().start(() -> pump(client, service, drop, true));
                    Thread.ofVirtual().start(() -> pump(service, client, drop, false));
                }
            } catch (java.io.IOException e) {
                // closed
            }
        }

        private void pump(java.net.Socket from, java.net.Socket to, java.util.concurrent.atomic.AtomicBoolean drop,
                boolean request) {
            byte[] buf = new byte[64 * 1024];
            try {
                for (int n = from.getInputStream().read(buf); n >= 0; n = from.getInputStream().read(buf)) {
                    if (request && new String(buf, 0, n, StandardCharsets.ISO_8859_1).contains(path)
                            && dropped.compareAndSet(0, 1)) {
                        drop.set(true);
                    } else if (!request && drop.get()) {
                        to.close(); // the answer is lost with the connection
                        from.close();
                        return;
                    }
                    to.getOutputStream().write(buf, 0, n);
                    to.getOutputStream().flush();
                }
            } catch (java.io.IOException e) {
                // a side closed
            }
            try {
                to.close();
            } catch (java.io.IOException e) {
                // already closed
            }
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
            for (java.net.Socket s : sockets) {
                s.close();
            }
        }
    }
}
