package org.giggossip.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.giggossip.core.engine.HandNetwork.FUNDS;
import static org.giggossip.core.engine.HandNetwork.T0;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.giggossip.core.crypto.Ecdsa;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.engine.HandNetwork.Node;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.ledger.InvoiceState;
import org.giggossip.core.ledger.Ledger;
import org.giggossip.core.onion.OnionFormat;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.testing.TestRandom;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.validation.Penalty;
import org.giggossip.core.wire.FrameKind;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.JobPaymentEvidence;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ReplyFrame;
import org.giggossip.core.wire.SettlementPromise;
import org.giggossip.core.wire.SettlementPromiseBody;
import org.giggossip.core.wire.Signer;
import org.giggossip.core.wire.Tags;
import org.junit.jupiter.api.Test;

/**
 * The reply and payment half of the engine (seed 000, 3.5 to 3.9; docs/architecture.md
 * "The life of a job"), stepped by hand on a {@link HandNetwork}: a customer C, two
 * middlemen M1 and M2 and a worker W in a line, the real settler and the real
 * ledger. One job is followed frame by frame, call by call and msat by msat; then
 * the ways it can go wrong.
 */
class EngineLifecycleTest {
    static final long SETTLER_FEE = 500;
    static final long M1_FEE = 1_000;
    static final long M2_FEE = 2_000;
    static final long W_FEE = 3_000;
    static final long PRICE = 50_000;
    /** What the customer pays the network: the settler's fee and every hop's, the worker's included. */
    static final long NETWORK_FEE = SETTLER_FEE + W_FEE + M2_FEE + M1_FEE;
    static final Duration TTL = Duration.ofMinutes(10);
    static final Duration DISPUTE_WINDOW = Duration.ofHours(1);
    static final Duration DELTA = EngineConfig.defaults().invoiceExpiryDelta();
    static final Duration OFFER_WINDOW = EngineConfig.defaults().offerWindow();
    static final Duration CONFIRM_AFTER = Duration.ofMinutes(5);
    static final String MESSAGE = "white Toyota GG-042, 4 minutes away, call +61 2 5550 0000";
    static final TaxiTopic TOPIC = new TaxiTopic("r3gx2g5", "r3gx2u", T0.plus(Duration.ofMinutes(5)),
            T0.plus(Duration.ofMinutes(20)));

    /** The settler's dispute window; a test may change it before {@link #start}. */
    Duration disputeWindow = DISPUTE_WINDOW;
    /** What the settler checks before it reveals; a test may change it before {@link #start}. */
    JobPaymentEvidence evidence = JobPaymentEvidence.LEDGER;

    HandNetwork net;
    Node c;
    Node m1;
    Node m2;
    Node w;
    PayloadId job;

    /** The line C - M1 - M2 - W; {@code customer} adjusts C's policy. */
    void start(UnaryOperator<EngineConfig.Builder> customer) {
        net = new HandNetwork(7, SettlerConfig.of(SETTLER_FEE, TTL, disputeWindow).withJobPaymentEvidence(evidence));
        EngineConfig base = EngineConfig.builder().fanout(4).powDifficulty(16).build();
        c = net.node("C", customer.apply(base.toBuilder()).build());
        m1 = net.node("M1", base.toBuilder().replyFeeMsat(M1_FEE).build());
        m2 = net.node("M2", base.toBuilder().replyFeeMsat(M2_FEE).build());
        w = net.node("W", base.toBuilder().replyFeeMsat(W_FEE).settler(net.settler.id())
                .workerPolicy((topic, now) -> Optional.of(new WorkerPolicy.Bid(PRICE,
                        MESSAGE.getBytes(StandardCharsets.UTF_8))))
                .build());
        HandNetwork.line(c, m1, m2, w);
    }

    /** C posts the job; the broadcast reaches W and W's reply comes back to C, all at T0. */
    void postAndCollect() {
        job = c.engine.postJob(TOPIC);
        net.runUntilQuiet();
    }

    /** The settlement promise that came with the reply (the same on every link). */
    SettlementPromiseBody promise() {
        return net.frames(w, m2, ReplyFrame.class).getFirst().settlementPromise().body();
    }

    Hash32 networkHash() {
        return promise().networkPaymentHash();
    }

    Hash32 replyHash() {
        return promise().replyPaymentHash();
    }

    static Bolt11Invoice invoice(ReplyFrame frame) {
        return Bolt11.decode(frame.networkInvoice()).orElseThrow();
    }

    void assertConserved() {
        var report = net.ledger.checkConservation();
        assertThat(report.holds()).as(report.toString()).isTrue();
    }

    void assertBalances(long customer, long settler, long middleman1, long middleman2, long worker) {
        assertThat(net.balances()).isEqualTo(Map.of("C", customer, "settler", settler, "M1", middleman1,
                "M2", middleman2, "W", worker));
    }

    /** Once every retention has passed (the longest: a payload id's, for dedup), no engine holds anything. */
    void assertEnginesForgetTheJob() {
        net.advance(EngineConfig.defaults().seenRetention());
        for (Node n : List.of(c, m1, m2, w)) {
            assertThat(n.engine.stateSize()).as(n.name).isZero();
        }
    }

    /** The job is over and paid: C paid the price and the network fee, everybody else got their share. */
    void assertEveryonePaidInFull() {
        assertBalances(FUNDS - NETWORK_FEE - PRICE, FUNDS + SETTLER_FEE, FUNDS + M1_FEE, FUNDS + M2_FEE,
                FUNDS + PRICE + W_FEE);
        for (Node n : List.of(c, m1, m2, w)) {
            assertThat(net.ledger.locked(n.account)).as(n.name).isZero();
        }
        assertThat(net.ledger.liveInvoices()).isZero();
        assertConserved();
    }

    /** C opened the reply of offer 1 and read W's message. */
    void assertReplyOpened() {
        AppEvent.ReplyOpened opened = c.events(AppEvent.ReplyOpened.class).getFirst();
        assertThat(opened.job()).isEqualTo(job);
        assertThat(opened.offer()).isEqualTo(1);
        assertThat(opened.worker()).isEqualTo(w.id());
        assertThat(new String(opened.message(), StandardCharsets.UTF_8)).isEqualTo(MESSAGE);
    }

    void assertNoPeerBlamed() {
        for (Node n : List.of(c, m1, m2, w)) {
            assertThat(n.events(AppEvent.FrameRejected.class)).as(n.name).isEmpty();
            assertThat(n.events(AppEvent.FrameIgnored.class)).as(n.name).isEmpty();
        }
        assertThat(net.disconnects).isEmpty();
    }

    // ---- the life of one job ----

    @Test
    void oneJobFromPostToSettlementEveryStep() {
        start(b -> b.autoConfirmAfter(CONFIRM_AFTER));
        postAndCollect();

        // 1-4: ask, conditions, proof-of-work broadcast on each link, then the reply back (3.3 to 3.6, 3.9)
        assertThat(net.onLink(c, m1)).extracting(Object::toString).containsExactly(
                "C>M1 ASK_FOR_BROADCAST", "M1>C POW_BROADCAST_CONDITIONS", "C>M1 POW_BROADCAST", "M1>C REPLY");
        assertThat(net.onLink(m1, m2)).extracting(Object::toString).containsExactly(
                "M1>M2 ASK_FOR_BROADCAST", "M2>M1 POW_BROADCAST_CONDITIONS", "M1>M2 POW_BROADCAST", "M2>M1 REPLY");
        assertThat(net.onLink(m2, w)).extracting(Object::toString).containsExactly(
                "M2>W ASK_FOR_BROADCAST", "W>M2 POW_BROADCAST_CONDITIONS", "M2>W POW_BROADCAST", "W>M2 REPLY");
        assertThat(net.wire).hasSize(12);

        // the worker asked the settler for the job hash and a sealed reply (Figure 15)
        assertThat(net.settlerCalls).extracting(call -> call.caller().name + " " + call.request().getClass()
                .getSimpleName()).containsExactly("W IssueReplyHash", "W SealReply");
        SettlerRequest.IssueReplyHash issue = net.settlerRequests(SettlerRequest.IssueReplyHash.class).getFirst();
        assertThat(issue.replyAmountMsat()).isEqualTo(PRICE);
        assertThat(issue.request().payloadId()).isEqualTo(job);
        assertThat(net.settlerRequests(SettlerRequest.SealReply.class).getFirst().replyPaymentHash())
                .isEqualTo(replyHash());

        // 5: the invoice chain, from the settler back to C: one payment hash, each hop's fee on top,
        // each expiring DELTA after the one it pays (3.8)
        Hash32 hash = networkHash();
        var settlerInvoice = net.ledger.invoice(net.settlerAccount, hash).orElseThrow();
        assertThat(settlerInvoice.amountMsat()).isEqualTo(SETTLER_FEE).isEqualTo(promise().networkAmountMsat());
        assertThat(settlerInvoice.expiresAt()).isEqualTo(T0.plus(TTL)).isEqualTo(promise().expiresAt());
        long amount = SETTLER_FEE;
        Instant expiry = settlerInvoice.expiresAt();
        Node[][] hops = {{w, m2}, {m2, m1}, {m1, c}};
        long[] fees = {W_FEE, M2_FEE, M1_FEE};
        for (int i = 0; i < hops.length; i++) {
            ReplyFrame frame = net.frames(hops[i][0], hops[i][1], ReplyFrame.class).getFirst();
            Bolt11Invoice inv = invoice(frame);
            amount += fees[i];
            expiry = expiry.plus(DELTA);
            assertThat(inv.paymentHash()).as(hops[i][0].name).isEqualTo(hash);
            assertThat(inv.amountMsat()).as(hops[i][0].name).hasValue(amount);
            assertThat(inv.expiresAt()).as(hops[i][0].name).isEqualTo(expiry);
            assertThat(inv.isPayee(hops[i][0].id())).as(hops[i][0].name).isTrue();
            assertThat(frame.settlementPromise().body()).isEqualTo(promise());
            assertThat(frame.hashOfEncryptedReplyPayload()).isEqualTo(promise().hashOfEncryptedReplyPayload());
        }
        Bolt11Invoice jobInvoice = Bolt11.decode(promise().replyInvoice()).orElseThrow();
        assertThat(jobInvoice.paymentHash()).isEqualTo(replyHash());
        assertThat(jobInvoice.amountMsat()).hasValue(PRICE);
        assertThat(jobInvoice.isPayee(w.id())).isTrue();

        // what each node saw so far
        var posted = new AppEvent.JobPosted(job, TOPIC);
        assertThat(c.events()).containsExactly(posted, new AppEvent.TopicRelayed(job, 1),
                new AppEvent.OfferReceived(job, 1, PRICE, NETWORK_FEE, net.settler.id(), hash));
        assertThat(m1.events()).containsExactly(new AppEvent.TopicReceived(job, TOPIC),
                new AppEvent.TopicRelayed(job, 1), new AppEvent.ReplyForwarded(hash, M1_FEE));
        assertThat(m2.events()).containsExactly(new AppEvent.TopicReceived(job, TOPIC),
                new AppEvent.TopicRelayed(job, 1), new AppEvent.ReplyForwarded(hash, M2_FEE));
        assertThat(w.events()).containsExactly(new AppEvent.TopicReceived(job, TOPIC),
                new AppEvent.ReplySent(job, replyHash(), PRICE), new AppEvent.ReplyForwarded(hash, W_FEE));
        assertBalances(FUNDS, FUNDS, FUNDS, FUNDS, FUNDS);
        assertThat(net.ledger.liveInvoices()).as("4 network invoices and the job invoice").isEqualTo(5);

        // 6: the offer window closes; C pays both invoices, acceptances ripple to the settler, it reveals
        // the preimage, settlements ripple back, C opens the reply
        net.advance(OFFER_WINDOW);
        assertThat(c.events()).hasSize(6);
        assertThat(c.events().subList(3, 5)).containsExactly(new AppEvent.OfferChosen(job, 1, PRICE + NETWORK_FEE, true),
                new AppEvent.JobPaid(job, 1, NETWORK_FEE, PRICE));
        assertReplyOpened();
        assertThat(c.events().getLast()).isInstanceOf(AppEvent.ReplyOpened.class);
        assertThat(m1.events().subList(3, m1.events().size())).containsExactly(new AppEvent.FeeEarned(hash, M1_FEE));
        assertThat(m2.events().subList(3, m2.events().size())).containsExactly(new AppEvent.FeeEarned(hash, M2_FEE));
        // C paid the job invoice right after the network one, so W hears of it before the chain reaches it
        assertThat(w.events().subList(3, w.events().size())).containsExactly(
                new AppEvent.JobPaymentAccepted(replyHash(), PRICE), new AppEvent.FeeEarned(hash, W_FEE));
        assertThat(net.settlerCalls).extracting(call -> call.caller().name + " " + call.request().getClass()
                .getSimpleName()).containsExactly("W IssueReplyHash", "W SealReply", "W ReplyInvoiceAccepted");
        assertThat(net.published).extracting(p -> p.paymentHash()).containsExactly(hash);
        // the network is paid; the job price is locked until the job is confirmed
        assertBalances(FUNDS - NETWORK_FEE - PRICE, FUNDS + SETTLER_FEE, FUNDS + M1_FEE, FUNDS + M2_FEE,
                FUNDS + W_FEE);
        assertThat(net.ledger.locked(c.account)).isEqualTo(PRICE);
        assertConserved();

        // 7: C confirms CONFIRM_AFTER later; the settler releases the job preimage to W
        net.advance(CONFIRM_AFTER.minusMillis(1));
        assertThat(net.ledger.locked(c.account)).isEqualTo(PRICE);
        net.advance(Duration.ofMillis(1));
        assertThat(net.settlerRequests().getLast()).isEqualTo(
                new SettlerRequest.ConfirmJob(net.settlerRequests(SettlerRequest.ConfirmJob.class).getFirst()
                        .callId(), replyHash()));
        assertThat(net.settlerCalls.getLast().caller()).isSameAs(c);
        assertThat(c.events().getLast()).isEqualTo(new AppEvent.JobSettled(job, PRICE));
        assertThat(w.events().getLast()).isEqualTo(new AppEvent.JobPaymentReceived(replyHash(), PRICE));
        assertThat(net.published).extracting(p -> p.paymentHash()).containsExactly(hash, replyHash());

        assertEveryonePaidInFull();
        assertThat(net.settler.liveGigs()).isZero();
        assertNoPeerBlamed();
        assertEnginesForgetTheJob();
    }

    @Test
    void aSettlerThatCannotSeeTheJobInvoiceGetsTheCustomersStatementAndTheJobCompletes() {
        evidence = JobPaymentEvidence.CUSTOMER_STATEMENT;
        start(b -> b);
        postAndCollect();
        assertThat(promise().jobPaymentEvidence()).isEqualTo(JobPaymentEvidence.CUSTOMER_STATEMENT);
        net.advance(OFFER_WINDOW);
        assertReplyOpened();
        assertThat(net.settlerCalls).extracting(call -> call.caller().name + " " + call.request().getClass()
                .getSimpleName()).contains("C JobPaymentLocked", "W ReplyInvoiceAccepted");
        SettlerRequest.JobPaymentLocked statement = net.settlerRequests(SettlerRequest.JobPaymentLocked.class)
                .getFirst();
        assertThat(statement.replyPaymentHash()).isEqualTo(replyHash());
        assertThat(statement.amountMsat()).isEqualTo(PRICE);
        net.advance(DISPUTE_WINDOW);
        assertThat(w.events().getLast()).isEqualTo(new AppEvent.JobPaymentReceived(replyHash(), PRICE));
        assertEveryonePaidInFull();
    }

    @Test
    void aSettlerThatSeesTheJobInvoiceNeedsNoStatement() {
        start(b -> b);
        postAndCollect();
        assertThat(promise().jobPaymentEvidence()).isEqualTo(JobPaymentEvidence.LEDGER);
        net.advance(OFFER_WINDOW);
        assertReplyOpened();
        assertThat(net.settlerRequests(SettlerRequest.JobPaymentLocked.class)).isEmpty();
    }

    @Test
    void theAppConfirmsTheJobItself() {
        start(b -> b);
        postAndCollect();
        net.advance(OFFER_WINDOW);
        assertThat(c.events(AppEvent.ReplyOpened.class)).hasSize(1);
        net.advance(Duration.ofMinutes(30));
        assertThat(c.events(AppEvent.JobSettled.class)).as("nobody confirmed yet").isEmpty();

        c.engine.confirmJob(job);
        net.runUntilQuiet();
        assertThat(c.events().getLast()).isEqualTo(new AppEvent.JobSettled(job, PRICE));
        assertThat(w.events().getLast()).isEqualTo(new AppEvent.JobPaymentReceived(replyHash(), PRICE));
        assertEveryonePaidInFull();
    }

    @Test
    void withoutAConfirmationTheJobPaymentIsReleasedWhenTheDisputeWindowCloses() {
        start(b -> b);
        postAndCollect();
        net.advance(OFFER_WINDOW);
        Instant revealed = net.clock.instant();
        net.advance(DISPUTE_WINDOW.minusMillis(1));
        assertThat(net.ledger.locked(c.account)).isEqualTo(PRICE);
        net.advance(Duration.ofMillis(1));
        assertThat(net.clock.instant()).isEqualTo(revealed.plus(DISPUTE_WINDOW));
        assertThat(c.events().getLast()).isEqualTo(new AppEvent.JobSettled(job, PRICE));
        assertThat(w.events().getLast()).isEqualTo(new AppEvent.JobPaymentReceived(replyHash(), PRICE));
        assertThat(net.settlerRequests(SettlerRequest.ConfirmJob.class)).isEmpty();
        assertEveryonePaidInFull();
    }

    // ---- failures and hostile peers ----

    /** After a failed reply: nothing was paid and, once every invoice lapsed, nothing is held. */
    void assertNoMoneyMovedAfterEveryExpiry() {
        net.advance(TTL.plus(DELTA.multipliedBy(4)));
        assertBalances(FUNDS, FUNDS, FUNDS, FUNDS, FUNDS);
        assertThat(net.ledger.liveInvoices()).isZero();
        assertThat(net.ledger.stats().invoicesSettled()).isZero();
        assertThat(net.settler.liveGigs()).isZero();
        assertConserved();
    }

    @Test
    void aReplyWhoseOnionWasChangedOnTheWayIsDroppedWithoutBlame() {
        start(b -> b);
        net.tamperNext(m2, m1, ReplyFrame.class, f -> {
            // the first byte of slot 0, the one live slot M1 reads (a dead slot's change would go unseen)
            byte[] onion = f.forwardOnion();
            onion[OnionFormat.HEADER_SIZE] ^= 0x01;
            return f.forwarded(onion, f.networkInvoice());
        });
        postAndCollect();

        assertThat(m1.events(AppEvent.FrameIgnored.class)).singleElement().satisfies(i -> {
            assertThat(i.peer()).isEqualTo(m2.id());
            assertThat(i.kind()).isEqualTo(FrameKind.REPLY);
            assertThat(i.reason()).isEqualTo("onion: bad MAC: changed on the way, sealed to another key, or from "
                    + "more than " + OnionFormat.DEFAULT_MAX_HOPS + " hops away");
        });
        assertThat(m1.events(AppEvent.FrameRejected.class)).isEmpty();
        assertThat(m1.events(AppEvent.ReplyForwarded.class)).isEmpty();
        assertThat(net.walletRequests(m1)).as("M1 issued no invoice").isEmpty();
        assertThat(net.frames(m1, c, ReplyFrame.class)).isEmpty();
        assertThat(c.events(AppEvent.OfferReceived.class)).isEmpty();
        assertThat(net.disconnects).isEmpty();

        net.advance(OFFER_WINDOW);
        assertThat(c.events().getLast()).isEqualTo(new AppEvent.JobExpired(job, "no offers"));
        assertNoMoneyMovedAfterEveryExpiry();
    }

    /** A reply from M2 whose promise was changed on the way is rejected fatally by M1, which drops M2. */
    void assertPromiseRejected(UnaryOperator<SettlementPromise> change) {
        start(b -> b);
        net.tamperNext(m2, m1, ReplyFrame.class, f -> new ReplyFrame(f.encryptedReplyPayload(),
                change.apply(f.settlementPromise()), f.forwardOnion(), f.networkInvoice()));
        postAndCollect();

        assertThat(m1.events(AppEvent.FrameRejected.class)).containsExactly(new AppEvent.FrameRejected(m2.id(),
                FrameKind.REPLY, Penalty.fatal(Penalty.Reason.BAD_SIGNATURE, "bad settlement promise signature")));
        assertThat(net.disconnects).containsExactly(
                "M1 dropped M2: too many faults, last: bad_signature: bad settlement promise signature");
        assertThat(m1.engine.peers()).containsExactly(c.id());
        assertThat(m2.engine.peers()).containsExactly(w.id());
        assertThat(net.walletRequests(m1)).isEmpty();
        assertThat(c.events(AppEvent.OfferReceived.class)).isEmpty();
        assertNoMoneyMovedAfterEveryExpiry();
    }

    @Test
    void aPromiseResignedByAnotherKeyIsRejectedFatally() {
        PrivateKey forger = PrivateKey.generate(TestRandom.seeded(99));
        assertPromiseRejected(p -> SettlementPromise.fromProto(p.toProto().toBuilder()
                .setSignature(ByteString.copyFrom(Signer.of(forger, net.random)
                        .signTagged(Tags.SETTLEMENT_PROMISE, p.bodyBytes())))
                .build()).orElseThrow());
    }

    @Test
    void aPromiseWithAChangedBodyIsRejectedFatally() {
        assertPromiseRejected(p -> {
            SettlementPromiseBody b = p.body();
            // a cheaper settler, as a middleman that wants a larger share might claim
            SettlementPromiseBody changed = new SettlementPromiseBody(b.settlerCertificate(), b.networkPaymentHash(),
                    b.hashOfEncryptedReplyPayload(), b.replyPaymentHash(), 1, b.replyAmountMsat(), b.expiresAt(),
                    b.replyInvoice(), b.replierCertificate());
            return SettlementPromise.fromProto(p.toProto().toBuilder()
                    .setBody(ByteString.copyFrom(changed.encode())).build()).orElseThrow();
        });
    }

    /** M2 forwards the reply with an invoice of its own making; M1 must reject it fatally. */
    void assertInvoiceRejected(boolean otherHash, long amountMsat, String reason) {
        start(b -> b);
        net.tamperNext(m2, m1, ReplyFrame.class, f -> {
            Bolt11Invoice real = invoice(f);
            Hash32 hash = otherHash ? Hash32.of(new byte[32]) : real.paymentHash();
            return f.forwarded(f.forwardOnion(), forgedInvoice(m2.key, hash, amountMsat, real.expiresAt()));
        });
        postAndCollect();

        assertThat(m1.events(AppEvent.FrameRejected.class)).containsExactly(new AppEvent.FrameRejected(m2.id(),
                FrameKind.REPLY, Penalty.fatal(Penalty.Reason.INVOICE_MISMATCH, reason)));
        assertThat(net.disconnects)
                .containsExactly("M1 dropped M2: too many faults, last: invoice_mismatch: " + reason);
        assertThat(net.walletRequests(m1)).isEmpty();
        assertThat(c.events(AppEvent.OfferReceived.class)).isEmpty();
        assertNoMoneyMovedAfterEveryExpiry();
    }

    static String forgedInvoice(PrivateKey issuer, Hash32 hash, long msat, Instant expiresAt) {
        return Bolt11.encode(Bolt11Invoice.builder("bcrt").amountMsat(msat).timestamp(T0).paymentHash(hash)
                .paymentSecret(new byte[32]).description("gig-gossip reply fee")
                .expiry(Duration.between(T0, expiresAt)).payee(Ecdsa.compressedPublicKey(issuer)), issuer);
    }

    @Test
    void aNetworkInvoiceForAnotherPaymentHashIsRejectedFatally() {
        assertInvoiceRejected(true, SETTLER_FEE + W_FEE + M2_FEE,
                "network invoice has another payment hash than the promise");
    }

    @Test
    void aNetworkInvoiceBelowTheSettlersAmountIsRejectedFatally() {
        assertInvoiceRejected(false, SETTLER_FEE - 1, "network invoice below the settler's amount");
    }

    /**
     * An auto_choose policy with a price limit below the only offer: the offer window closes, nothing is
     * chosen and the job keeps collecting (it used to end "no acceptable offer", leaving the customer no
     * offer to take by hand); the customer takes the offer, and the choice is the customer's.
     */
    @Test
    void aPolicyThatTakesNoOfferLeavesTheJobOpenForTheCustomer() {
        start(b -> b.offerChooser(OfferChooser.cheapestWithin(PRICE - 1, Long.MAX_VALUE)));
        postAndCollect();
        assertThat(c.events(AppEvent.OfferReceived.class)).hasSize(1);
        net.advance(OFFER_WINDOW.plusSeconds(1));
        assertThat(c.events(AppEvent.OfferChosen.class)).isEmpty();
        assertThat(c.events(AppEvent.JobExpired.class)).isEmpty();
        assertThat(net.ledger.locked(c.account)).isZero();

        c.command(e -> e.acceptOffer(job, 1));
        net.runUntilQuiet();
        assertThat(c.events(AppEvent.OfferChosen.class)).containsExactly(
                new AppEvent.OfferChosen(job, 1, PRICE + NETWORK_FEE, false));
        assertThat(c.events(AppEvent.JobPaid.class)).containsExactly(new AppEvent.JobPaid(job, 1, NETWORK_FEE, PRICE));
        assertReplyOpened();
    }

    /** The window closed with no offer within the policy's limits: a later offer within them is taken on arrival. */
    @Test
    void aPolicyTakesALaterOfferWithinItsLimitsWhenItArrives() {
        start(b -> b.offerChooser(OfferChooser.cheapestWithin(PRICE - 1, Long.MAX_VALUE)));
        // a second worker beside C, answering from its app, later
        Node w2 = net.node("W2", EngineConfig.builder().fanout(4).powDifficulty(16).replyFeeMsat(W_FEE)
                .settler(net.settler.id()).appReplyWindow(Duration.ofMinutes(5)).build());
        HandNetwork.link(c, w2);
        postAndCollect();
        net.advance(OFFER_WINDOW.plusSeconds(1));
        assertThat(c.events(AppEvent.OfferChosen.class)).isEmpty();

        w2.command(e -> e.reply(job, new WorkerPolicy.Bid(PRICE - 100, MESSAGE.getBytes(StandardCharsets.UTF_8))));
        net.runUntilQuiet();
        assertThat(c.events(AppEvent.OfferReceived.class)).hasSize(2);
        assertThat(c.events(AppEvent.OfferChosen.class)).singleElement().satisfies(chosen -> {
            assertThat(chosen.offer()).isEqualTo(2);
            assertThat(chosen.byPolicy()).isTrue();
        });
        assertThat(c.events(AppEvent.JobPaid.class)).singleElement()
                .satisfies(paid -> assertThat(paid.jobMsat()).isEqualTo(PRICE - 100));
    }

    @Test
    void aCustomerThatNeverChoosesLetsEveryInvoiceExpireAndNobodyLosesMoney() {
        start(b -> b.autoChoose(false));
        postAndCollect();
        Hash32 hash = networkHash();
        assertThat(c.events(AppEvent.OfferReceived.class)).hasSize(1);
        net.advance(OFFER_WINDOW);
        assertThat(c.events(AppEvent.OfferChosen.class)).isEmpty();

        // each invoice lives until its own expiry, and not a millisecond longer; the offer lapses with the
        // first, the settler's, which expires with its promise
        record Issued(String who, int account, Hash32 hash, Instant expiresAt) {}
        List<Issued> invoices = List.of(
                new Issued("settler", net.settlerAccount, hash, T0.plus(TTL)),
                new Issued("W", w.account, hash, T0.plus(TTL).plus(DELTA)),
                new Issued("M2", m2.account, hash, T0.plus(TTL).plus(DELTA.multipliedBy(2))),
                new Issued("M1", m1.account, hash, T0.plus(TTL).plus(DELTA.multipliedBy(3))));
        for (Issued i : invoices) {
            net.advanceTo(i.expiresAt.minusMillis(1));
            assertThat(net.ledger.invoice(i.account, i.hash)).as(i.who).hasValueSatisfying(
                    info -> assertThat(info.state()).isEqualTo(InvoiceState.OPEN));
            if (i.who.equals("settler")) {
                assertThat(c.events(AppEvent.OfferExpired.class)).isEmpty();
            }
            net.advance(Duration.ofMillis(1));
            assertThat(net.ledger.invoice(i.account, i.hash)).as(i.who).isEmpty();
            if (i.who.equals("settler")) {
                assertThat(c.events()).hasSize(5).endsWith(new AppEvent.OfferExpired(job, 1),
                        new AppEvent.JobExpired(job, "every offer expired unpaid"));
                assertThatThrownBy(() -> c.engine.acceptOffer(job, 1)).isInstanceOf(IllegalArgumentException.class);
            }
        }
        // the settler's deadline told W to cancel its job invoice
        assertThat(w.events()).contains(new AppEvent.JobPaymentCancelled(replyHash(), Ledger.CANCELLED_BY_ISSUER));
        assertThat(net.ledger.stats().invoicesExpired()).isEqualTo(4);
        assertThat(net.ledger.stats().invoicesCancelled()).isEqualTo(1);
        assertThat(c.events()).hasSize(5);
        assertThat(net.walletRequests(c)).as("C paid nothing").isEmpty();
        assertNoMoneyMovedAfterEveryExpiry();
        assertNoPeerBlamed();
        assertEnginesForgetTheJob();
    }

    @Test
    void aDisputeHoldsTheJobPaymentAndAResolutionForTheCustomerRefundsItButNotTheNetworkFees() {
        start(b -> b.autoConfirmAfter(CONFIRM_AFTER));
        postAndCollect();
        net.advance(OFFER_WINDOW);
        assertThat(c.events(AppEvent.ReplyOpened.class)).hasSize(1);

        c.engine.openDispute(job, "the driver never came");
        net.runUntilQuiet();
        assertThat(c.events().getLast()).isEqualTo(new AppEvent.DisputeOpened(job, "the driver never came"));
        var dispute = net.settlerRequests(SettlerRequest.OpenDispute.class);
        assertThat(dispute).singleElement().satisfies(d -> {
            assertThat(d.replyPaymentHash()).isEqualTo(replyHash());
            assertThat(d.reason()).isEqualTo("the driver never came");
        });

        // neither the customer's own auto-confirmation nor the end of the dispute window releases it
        net.advance(CONFIRM_AFTER.plus(DISPUTE_WINDOW));
        assertThat(net.settlerRequests(SettlerRequest.ConfirmJob.class)).isEmpty();
        assertThat(net.ledger.locked(c.account)).isEqualTo(PRICE);
        assertThat(w.events(AppEvent.JobPaymentReceived.class)).isEmpty();

        assertThat(net.settler.resolveDispute(replyHash(), false)).isEqualTo(new SettlerResponse.Done(0));
        net.runUntilQuiet();
        assertThat(w.events().getLast()).isEqualTo(
                new AppEvent.JobPaymentCancelled(replyHash(), Ledger.CANCELLED_BY_ISSUER));
        // the job payment came back: C's job ends refunded, not paid (issue 15)
        assertThat(c.events().subList(c.events().size() - 2, c.events().size())).containsExactly(
                new AppEvent.PaymentFailed(replyHash(), Ledger.CANCELLED_BY_ISSUER),
                new AppEvent.JobRefunded(job, 1, PRICE, Ledger.CANCELLED_BY_ISSUER));
        assertThat(c.events(AppEvent.JobSettled.class)).isEmpty();
        assertBalances(FUNDS - NETWORK_FEE, FUNDS + SETTLER_FEE, FUNDS + M1_FEE, FUNDS + M2_FEE, FUNDS + W_FEE);
        assertThat(net.ledger.locked(c.account)).isZero();
        assertThat(net.ledger.liveInvoices()).isZero();
        assertConserved();
        assertNoPeerBlamed();
        assertEnginesForgetTheJob();
    }

    /**
     * Every invoice ended with M1 down past its own invoice's expiry: C paid the
     * price and no network fee, M1 lost what it paid M2, the others were paid in full.
     */
    void assertM1LostWhatItPaid() {
        assertBalances(FUNDS - PRICE, FUNDS + SETTLER_FEE, FUNDS - (SETTLER_FEE + W_FEE + M2_FEE), FUNDS + M2_FEE,
                FUNDS + PRICE + W_FEE);
        assertThat(net.ledger.liveInvoices()).isZero();
        assertConserved();
    }

    /**
     * Starts the line and the job; when the offer window closes, steps until M1
     * has paid M2's invoice, then takes M1 down: the preimage ripples back while
     * M1 hears nothing. Returns the network payment hash.
     */
    Hash32 payWithM1DownAsThePreimageRipples(UnaryOperator<EngineConfig.Builder> customer) {
        return payWithHopDownAsThePreimageRipples(customer, 1);
    }

    /** The same with middleman M{@code hop} (1 or 2) down. */
    Hash32 payWithHopDownAsThePreimageRipples(UnaryOperator<EngineConfig.Builder> customer, int hop) {
        start(customer);
        postAndCollect();
        Node down = hop == 1 ? m1 : m2;
        net.advance(OFFER_WINDOW.minusMillis(1));
        net.tick(Duration.ofMillis(1)); // C's offer window closes; step from there by hand
        while (net.walletRequests(down).stream().noneMatch(r -> r instanceof WalletRequest.Pay)) {
            assertThat(net.step()).isTrue();
        }
        net.down(down);
        net.runUntilQuiet();
        return networkHash();
    }

    @Test
    void aMiddlemanDownWhileThePreimageRipplesFetchesItFromTheSettlerAndLosesNothing() {
        Hash32 hash = payWithM1DownAsThePreimageRipples(b -> b);

        // M2, W and the settler are paid; M1 has paid M2 but not settled its own invoice, so C cannot open the reply
        assertThat(net.published).extracting(p -> p.paymentHash()).containsExactly(hash);
        assertThat(m2.events().getLast()).isEqualTo(new AppEvent.FeeEarned(hash, M2_FEE));
        assertThat(net.held(m1)).isPositive();
        assertThat(c.events(AppEvent.ReplyOpened.class)).isEmpty();
        assertThat(net.ledger.invoice(m1.account, hash).orElseThrow().state()).isEqualTo(InvoiceState.ACCEPTED);
        assertThat(m1.balance()).isEqualTo(FUNDS - (NETWORK_FEE - M1_FEE));

        // M1 comes back having lost what was sent to it meanwhile, and asks the settler in time
        net.up(m1, false);
        Instant m1Expiry = T0.plus(TTL).plus(DELTA.multipliedBy(3));
        Instant fetchAt = m1Expiry.minus(DELTA.dividedBy(2));
        net.advanceTo(fetchAt.minusMillis(1));
        assertThat(net.settlerRequests(SettlerRequest.FetchPreimage.class)).isEmpty();
        net.advance(Duration.ofMillis(1));
        // C's and M1's invoices expire together (C pays M1's), so both ask the settler at the same time
        assertThat(net.settlerCalls.subList(net.settlerCalls.size() - 2, net.settlerCalls.size()))
                .allSatisfy(call -> assertThat(call.request()).isInstanceOfSatisfying(
                        SettlerRequest.FetchPreimage.class, f -> assertThat(f.paymentHash()).isEqualTo(hash)))
                .extracting(HandNetwork.SettlerCall::caller).containsExactly(c, m1);
        assertThat(m1.events().getLast()).isEqualTo(new AppEvent.FeeEarned(hash, M1_FEE));
        assertReplyOpened();

        net.advance(DISPUTE_WINDOW);
        assertEveryonePaidInFull();
    }

    @Test
    void aMiddlemanDownWhileThePreimageRipplesSettlesWhenItsNoticesArriveLate() {
        Hash32 hash = payWithM1DownAsThePreimageRipples(b -> b);
        net.advance(Duration.ofMinutes(5));
        net.up(m1, true);
        net.runUntilQuiet();
        assertThat(m1.events().getLast()).isEqualTo(new AppEvent.FeeEarned(hash, M1_FEE));
        assertThat(net.settlerRequests(SettlerRequest.FetchPreimage.class)).isEmpty();
        assertThat(c.events(AppEvent.ReplyOpened.class)).hasSize(1);
        net.advance(DISPUTE_WINDOW);
        assertEveryonePaidInFull();
    }

    @Test
    void aMiddlemanThatNeverComesBackLosesWhatItPaidAndTheCustomerOpensTheReplyAnyway() {
        Hash32 hash = payWithM1DownAsThePreimageRipples(b -> b);
        Instant m1Expiry = T0.plus(TTL).plus(DELTA.multipliedBy(3));

        // C asks the settler for the preimage the chain did not bring back, and opens the reply
        net.advanceTo(m1Expiry.minus(DELTA.dividedBy(2)));
        assertThat(net.settlerCalls.getLast().caller()).isSameAs(c);
        assertThat(net.settlerCalls.getLast().request()).isEqualTo(new SettlerRequest.FetchPreimage(
                net.settlerRequests(SettlerRequest.FetchPreimage.class).getFirst().callId(), hash));
        assertReplyOpened();

        // M1's invoice, accepted, expires unsettled: C's network payment comes back; M1 has paid M2 for nothing
        net.advanceTo(m1Expiry.minusMillis(1));
        assertThat(net.ledger.invoice(m1.account, hash).orElseThrow().state()).isEqualTo(InvoiceState.ACCEPTED);
        net.advance(Duration.ofMillis(1));
        assertThat(net.ledger.invoice(m1.account, hash)).isEmpty();
        assertThat(c.events().getLast()).isEqualTo(new AppEvent.PaymentFailed(hash, Ledger.EXPIRED));

        net.advance(DISPUTE_WINDOW);
        assertThat(c.events().getLast()).isEqualTo(new AppEvent.JobSettled(job, PRICE));
        assertM1LostWhatItPaid();
    }

    @Test
    void aDisputeOpenedBeforeTheReplyOpensIsNotConfirmedAutomaticallyOnceItOpens() {
        payWithM1DownAsThePreimageRipples(b -> b.autoConfirmAfter(CONFIRM_AFTER));
        // the settler has revealed (its dispute window runs) but the preimage has not reached C
        c.engine.openDispute(job, "no word from the driver");
        net.runUntilQuiet();

        // C opens the reply with the settler's copy; CONFIRM_AFTER later it still holds the payment
        net.advance(TTL.plus(DELTA.multipliedBy(3)).plus(CONFIRM_AFTER));
        assertThat(c.events(AppEvent.ReplyOpened.class)).hasSize(1);
        assertThat(net.settlerRequests(SettlerRequest.ConfirmJob.class)).isEmpty();
        assertThat(net.ledger.locked(c.account)).isEqualTo(PRICE);

        assertThat(net.settler.resolveDispute(replyHash(), true)).isEqualTo(new SettlerResponse.Done(0));
        net.runUntilQuiet();
        assertThat(c.events().getLast()).isEqualTo(new AppEvent.JobSettled(job, PRICE));
        assertThat(w.events().getLast()).isEqualTo(new AppEvent.JobPaymentReceived(replyHash(), PRICE));
        assertConserved();
    }

    // ---- found by the simulator's fault injection (FaultInjectionTest): a hop down past its expiry ----

    @Test
    void aJobPaymentReleasedBeforeThePreimageCameBackMakesTheCustomerFetchIt() {
        disputeWindow = Duration.ofMinutes(1); // closes long before M1's invoice expires
        Hash32 hash = payWithM1DownAsThePreimageRipples(b -> b);
        assertThat(c.events(AppEvent.ReplyOpened.class)).isEmpty();

        // the settler releases the job payment; C learns it and fetches the preimage at once
        net.advance(disputeWindow);
        assertThat(c.events(AppEvent.JobSettled.class)).hasSize(1);
        assertThat(net.settlerCalls.getLast().caller()).isSameAs(c);
        assertThat(net.settlerCalls.getLast().request()).isInstanceOfSatisfying(SettlerRequest.FetchPreimage.class,
                f -> assertThat(f.paymentHash()).isEqualTo(hash));
        assertReplyOpened();

        // M1 never comes back: it loses what it paid M2; C pays the job and no network fee
        net.advance(TTL.plus(DELTA.multipliedBy(3)));
        assertM1LostWhatItPaid();
    }

    @Test
    void aJobPaymentRefundedWhileAHopHoldsThePreimageDoesNotStopTheCustomerOpeningTheReply() {
        // W's job invoice outlives the dispute window and deadline (issue 17), so it no longer lapses first:
        // a dispute resolved for C is what gives the job payment back before the preimage reaches C
        Hash32 hash = payWithM1DownAsThePreimageRipples(b -> b);
        c.engine.openDispute(job, "no word from the driver");
        net.runUntilQuiet();
        assertThat(net.settler.resolveDispute(replyHash(), false)).isEqualTo(new SettlerResponse.Done(0));
        net.runUntilQuiet();

        // C's job payment comes back, and the job is over for C
        assertThat(c.events()).contains(new AppEvent.PaymentFailed(replyHash(), Ledger.CANCELLED_BY_ISSUER));
        assertThat(c.events()).contains(new AppEvent.JobRefunded(job, 1, PRICE, Ledger.CANCELLED_BY_ISSUER));
        assertThat(c.events(AppEvent.ReplyOpened.class)).isEmpty();

        // M1 is back and settles: the preimage C paid its network fee for reaches it, and C opens the reply
        net.up(m1, true);
        net.runUntilQuiet();
        assertThat(m1.events().getLast()).isEqualTo(new AppEvent.FeeEarned(hash, M1_FEE));
        assertReplyOpened();

        net.advance(DISPUTE_WINDOW);
        assertBalances(FUNDS - NETWORK_FEE, FUNDS + SETTLER_FEE, FUNDS + M1_FEE, FUNDS + M2_FEE, FUNDS + W_FEE);
        assertThat(net.ledger.liveInvoices()).isZero();
        assertConserved();
    }

    @Test
    void aNetworkPaymentCancelledBeforeItsExpiryMakesTheCustomerFetchThePreimage() {
        Hash32 hash = payWithHopDownAsThePreimageRipples(b -> b, 2);

        // M2's invoice expires unsettled: M1's payment comes back and M1 cancels its own invoice, so C's
        // network payment fails one delta before its invoice would expire, before C's own fetch is due
        Instant m2Expiry = T0.plus(TTL).plus(DELTA.multipliedBy(2));
        net.advanceTo(m2Expiry);
        assertThat(c.events()).contains(new AppEvent.PaymentFailed(hash, Ledger.CANCELLED_BY_ISSUER));
        assertThat(net.settlerCalls.getLast().caller()).isSameAs(c);
        assertReplyOpened();

        net.advance(DISPUTE_WINDOW);
        assertThat(c.events().getLast()).isEqualTo(new AppEvent.JobSettled(job, PRICE));
        assertBalances(FUNDS - PRICE, FUNDS + SETTLER_FEE, FUNDS, FUNDS - (SETTLER_FEE + W_FEE), FUNDS + PRICE + W_FEE);
        assertThat(net.ledger.liveInvoices()).isZero();
        assertConserved();
    }

    // ---- a payment that fails (issue 15) ----

    static final String NO_LINK = "no link to the settler node 3a9f22319faf";

    @Test
    void aPaymentThatFailsLeavesTheOfferWithItsReasonAndTakingItAgainPaysOnlyWhatFailed() {
        start(b -> b.autoChoose(false));
        postAndCollect();
        net.failNextPays(c, 1, NO_LINK); // the network invoice's Pay fails; the job invoice's goes through
        c.command(e -> e.acceptOffer(job, 1));
        net.runUntilQuiet();

        assertThat(c.events(AppEvent.OfferFailed.class)).containsExactly(new AppEvent.OfferFailed(job, 1, NO_LINK));
        assertThat(c.events(AppEvent.JobPaid.class)).isEmpty();
        assertThat(c.events(AppEvent.JobExpired.class)).isEmpty();
        assertThat(c.events(AppEvent.OfferExpired.class)).isEmpty();
        assertThat(c.engine.offers(job)).extracting(Offer::number).containsExactly(1);
        assertThat(net.ledger.locked(c.account)).isEqualTo(PRICE);
        assertThat(net.published).isEmpty();

        // taken again: only the network invoice is paid again, and the ride goes through
        c.command(e -> e.acceptOffer(job, 1));
        net.runUntilQuiet();
        List<WalletRequest.Pay> pays = net.walletRequests(c).stream().filter(r -> r instanceof WalletRequest.Pay)
                .map(r -> (WalletRequest.Pay) r).toList();
        assertThat(pays).hasSize(3);
        assertThat(Bolt11.decode(pays.get(2).bolt11()).orElseThrow().paymentHash()).isEqualTo(networkHash());
        assertThat(c.events(AppEvent.JobPaid.class)).containsExactly(
                new AppEvent.JobPaid(job, 1, NETWORK_FEE, PRICE));
        assertReplyOpened();
        net.advance(DISPUTE_WINDOW);
        assertEveryonePaidInFull();
        assertNoPeerBlamed();
    }

    @Test
    void aPaymentThatFailsLetsTheCustomerTakeAnotherOffer() {
        start(b -> b.autoChoose(false));
        long cheaper = PRICE - 10_000;
        Node w2 = net.node("W2", EngineConfig.builder().fanout(4).powDifficulty(16).replyFeeMsat(W_FEE)
                .settler(net.settler.id()).workerPolicy((topic, now) -> Optional.of(new WorkerPolicy.Bid(cheaper,
                        MESSAGE.getBytes(StandardCharsets.UTF_8)))).build());
        HandNetwork.link(m2, w2);
        postAndCollect();
        List<Offer> offers = c.engine.offers(job);
        assertThat(offers).extracting(Offer::jobPriceMsat).containsExactlyInAnyOrder(PRICE, cheaper);
        int dear = offers.stream().filter(o -> o.jobPriceMsat() == PRICE).findFirst().orElseThrow().number();
        int cheap = offers.stream().filter(o -> o.jobPriceMsat() == cheaper).findFirst().orElseThrow().number();

        net.failNextPays(c, 2, NO_LINK); // both invoices of W's offer fail
        c.command(e -> e.acceptOffer(job, dear));
        net.runUntilQuiet();
        assertThat(c.events(AppEvent.OfferFailed.class)).containsExactly(new AppEvent.OfferFailed(job, dear, NO_LINK));
        assertThat(net.ledger.locked(c.account)).isZero();

        c.command(e -> e.acceptOffer(job, cheap));
        net.runUntilQuiet();
        assertThat(c.events(AppEvent.JobPaid.class)).containsExactly(
                new AppEvent.JobPaid(job, cheap, NETWORK_FEE, cheaper));
        assertThat(c.events()).contains(new AppEvent.OfferExpired(job, dear));
        AppEvent.ReplyOpened opened = c.events(AppEvent.ReplyOpened.class).getFirst();
        assertThat(opened.worker()).isEqualTo(w2.id());

        net.advance(DISPUTE_WINDOW);
        assertThat(net.balances()).isEqualTo(Map.of("C", FUNDS - NETWORK_FEE - cheaper, "settler",
                FUNDS + SETTLER_FEE, "M1", FUNDS + M1_FEE, "M2", FUNDS + M2_FEE, "W", FUNDS,
                "W2", FUNDS + cheaper + W_FEE));
        assertThat(net.ledger.locked(c.account)).isZero();
        assertConserved();
    }

    @Test
    void aPaymentThatFailsAfterEveryOfferLapsedEndsTheJob() {
        start(b -> b.autoChoose(false));
        postAndCollect();
        net.failNextPays(c, 2, NO_LINK);
        net.advanceTo(c.engine.offers(job).getFirst().expiresAt().minusMillis(1));
        c.command(e -> e.acceptOffer(job, 1));
        net.clock.advance(Duration.ofMillis(1)); // the failures come back once the offer has lapsed
        net.runUntilQuiet();
        assertThat(c.events()).containsSubsequence(new AppEvent.OfferFailed(job, 1, NO_LINK),
                new AppEvent.OfferExpired(job, 1), new AppEvent.JobExpired(job, "payment failed: " + NO_LINK
                        + "; no offer left"));
        assertThatThrownBy(() -> c.engine.acceptOffer(job, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The network payment of an offer fails while its job payment was accepted: that half stays
     * locked so that taking the offer again pays only what failed. Once the customer takes another
     * offer instead, the failed offer is abandoned: its node calls its gig off at the settler
     * (CancelGig, seed 000: the settler holds the preimages and may cancel before the reveal), the
     * worker is told and cancels its job invoice, and the locked half comes back at once, not when
     * that invoice lapses.
     */
    @Test
    void theAcceptedJobHalfOfAFailedOfferComesBackAsSoonAsTheCustomerTakesAnotherOffer() {
        takeAnotherOfferAfterHalfAPaymentFailed(true);
    }

    /**
     * The same with the job payment failed and the network payment accepted through the hops: the
     * settler cancels its network invoice, and each hop, its own payment failed, cancels its
     * invoice, back to the customer.
     */
    @Test
    void theAcceptedNetworkHalfOfAFailedOfferComesBackThroughTheHopsAsSoonAsTheCustomerTakesAnotherOffer() {
        takeAnotherOfferAfterHalfAPaymentFailed(false);
    }

    private void takeAnotherOfferAfterHalfAPaymentFailed(boolean networkFails) {
        start(b -> b.autoChoose(false));
        long cheaper = PRICE - 10_000;
        Node w2 = net.node("W2", EngineConfig.builder().fanout(4).powDifficulty(16).replyFeeMsat(W_FEE)
                .settler(net.settler.id()).workerPolicy((topic, now) -> Optional.of(new WorkerPolicy.Bid(cheaper,
                        MESSAGE.getBytes(StandardCharsets.UTF_8)))).build());
        HandNetwork.link(m2, w2);
        postAndCollect();
        List<Offer> offers = c.engine.offers(job);
        int dear = offers.stream().filter(o -> o.jobPriceMsat() == PRICE).findFirst().orElseThrow().number();
        int cheap = offers.stream().filter(o -> o.jobPriceMsat() == cheaper).findFirst().orElseThrow().number();

        if (networkFails) {
            net.failNextPays(c, 1, NO_LINK); // the network invoice's Pay fails; the job invoice's goes through
        } else {
            net.failSecondPay(c, NO_LINK); // the network invoice's Pay goes through; the job invoice's fails
        }
        c.command(e -> e.acceptOffer(job, dear));
        net.runUntilQuiet();
        assertThat(c.events(AppEvent.OfferFailed.class)).containsExactly(new AppEvent.OfferFailed(job, dear, NO_LINK));
        assertThat(net.ledger.locked(c.account)).isEqualTo(networkFails ? PRICE : NETWORK_FEE);

        Instant tookAnother = net.clock.instant();
        c.command(e -> e.acceptOffer(job, cheap));
        net.runUntilQuiet();
        assertThat(net.clock.instant()).as("no invoice lapsed meanwhile").isEqualTo(tookAnother);
        assertThat(net.ledger.locked(c.account)).as("only the ride taken is locked").isEqualTo(cheaper);
        assertThat(c.events(AppEvent.JobPaid.class)).containsExactly(
                new AppEvent.JobPaid(job, cheap, NETWORK_FEE, cheaper));
        assertThat(c.events(AppEvent.SettlerRefused.class)).isEmpty();

        net.advance(DISPUTE_WINDOW);
        assertThat(net.balances()).isEqualTo(Map.of("C", FUNDS - NETWORK_FEE - cheaper, "settler",
                FUNDS + SETTLER_FEE, "M1", FUNDS + M1_FEE, "M2", FUNDS + M2_FEE, "W", FUNDS,
                "W2", FUNDS + cheaper + W_FEE));
        assertThat(net.ledger.locked(c.account)).isZero();
        assertThat(net.ledger.liveInvoices()).isZero();
        assertConserved();
    }

    // ---- cancelling (docs/operations.md, "Cancelling") ----

    static final long CHEAPER = PRICE - 10_000;
    static final long CHEAPEST = PRICE - 20_000;

    Node w2;
    Node w3;

    /** The line C - M1 - M2 - W, with W2 and W3 beside W, each bidding less; three offers for C to choose from. */
    void startWithThreeWorkers() {
        startWithThreeWorkers(null);
    }

    /** The same, with {@code extra} (if any) beside W as well. */
    void startWithThreeWorkers(java.util.function.Function<HandNetwork, Node> extra) {
        start(b -> b.autoChoose(false));
        w2 = worker("W2", CHEAPER);
        w3 = worker("W3", CHEAPEST);
        HandNetwork.link(m2, w2);
        HandNetwork.link(m2, w3);
        if (extra != null) {
            HandNetwork.link(m2, extra.apply(net));
        }
        postAndCollect();
        assertThat(c.engine.offers(job)).extracting(Offer::jobPriceMsat)
                .containsExactlyInAnyOrder(PRICE, CHEAPER, CHEAPEST);
    }

    Node worker(String name, long price) {
        return net.node(name, EngineConfig.builder().fanout(4).powDifficulty(16).replyFeeMsat(W_FEE)
                .settler(net.settler.id()).workerPolicy((topic, now) -> Optional.of(new WorkerPolicy.Bid(price,
                        MESSAGE.getBytes(StandardCharsets.UTF_8)))).build());
    }

    int offerAt(long price) {
        return c.engine.offers(job).stream().filter(o -> o.jobPriceMsat() == price).findFirst().orElseThrow()
                .number();
    }

    /** The job payment hash of the offer {@code worker} sent. */
    static Hash32 replyHashOf(Node worker) {
        return worker.events(AppEvent.ReplySent.class).getFirst().replyPaymentHash();
    }

    /** {@code worker}'s offer is over at once: its gig is gone from the settler, its job invoice cancelled. */
    void assertCalledOff(Node worker) {
        Hash32 hash = replyHashOf(worker);
        assertThat(net.settler.gig(hash)).as(worker.name + "'s gig").isEmpty();
        assertThat(net.walletRequests(worker)).as(worker.name + " cancels its job invoice")
                .contains(new WalletRequest.Cancel(((WalletRequest.Cancel) net.walletRequests(worker).stream()
                        .filter(r -> r instanceof WalletRequest.Cancel).findFirst().orElseThrow()).callId(), hash));
        assertThat(net.ledger.invoice(worker.account, hash)).as(worker.name + "'s job invoice is no longer live")
                .isEmpty();
        assertThat(worker.events(AppEvent.JobPaymentCancelled.class)).extracting(AppEvent.JobPaymentCancelled::replyPaymentHash)
                .containsExactly(hash);
    }

    /** Once every invoice has lapsed: nobody gained or lost a msat but by {@code paid}, nothing is locked. */
    void assertNothingLeftLocked() {
        for (Node n : List.of(c, m1, m2, w, w2, w3)) {
            assertThat(net.ledger.locked(n.account)).as(n.name).isZero();
        }
        assertThat(net.ledger.liveInvoices()).isZero();
        assertConserved();
    }

    /**
     * The customer pays one of three offers: the two others are called off at their settler at once
     * (CancelGig), so their workers cancel their job invoices and see the offer was not taken. They
     * used to wait for the invoices to lapse, the workers' offers showing as pending till then.
     */
    @Test
    void payingAnOfferCallsTheOthersOffAtOnce() {
        startWithThreeWorkers();
        Instant took = net.clock.instant();
        c.command(e -> e.acceptOffer(job, offerAt(CHEAPER)));
        net.runUntilQuiet();
        assertThat(net.clock.instant()).as("no invoice lapsed meanwhile").isEqualTo(took);
        assertThat(c.events(AppEvent.JobPaid.class)).containsExactly(
                new AppEvent.JobPaid(job, offerAt(CHEAPER), NETWORK_FEE, CHEAPER));
        assertThat(net.settlerRequests(SettlerRequest.CancelGig.class)).extracting(SettlerRequest.CancelGig::replyPaymentHash)
                .containsExactlyInAnyOrder(replyHashOf(w), replyHashOf(w3));
        assertCalledOff(w);
        assertCalledOff(w3);
        assertThat(w2.events(AppEvent.JobPaymentCancelled.class)).isEmpty();
        assertThat(c.events(AppEvent.SettlerRefused.class)).isEmpty();

        net.advance(DISPUTE_WINDOW);
        assertThat(net.balances()).isEqualTo(Map.of("C", FUNDS - NETWORK_FEE - CHEAPER, "settler",
                FUNDS + SETTLER_FEE, "M1", FUNDS + M1_FEE, "M2", FUNDS + M2_FEE, "W", FUNDS,
                "W2", FUNDS + CHEAPER + W_FEE, "W3", FUNDS));
        net.advance(TTL);
        assertNothingLeftLocked();
    }

    /**
     * The customer cancels a job none of whose offers it paid: the job is cancelled, every offer's gig
     * called off at once, no offer may be taken, and a later offer is refused (nothing is paid).
     */
    @Test
    void aCancelledJobCallsItsOffersOffAndRefusesLaterOnes() {
        // a fourth worker that answers from its app, after the cancel
        Node[] lateNode = new Node[1];
        startWithThreeWorkers(n -> lateNode[0] = n.node("W4", EngineConfig.builder().fanout(4).powDifficulty(16)
                .replyFeeMsat(W_FEE).settler(n.settler.id()).appReplyWindow(Duration.ofMinutes(5)).build()));
        Node late = lateNode[0];
        c.command(e -> e.postJob(TOPIC)); // another job, not cancelled: it is not touched
        net.runUntilQuiet();
        PayloadId other = c.events(AppEvent.JobPosted.class).get(1).job();
        int otherOffers = c.engine.offers(other).size();
        assertThat(otherOffers).isEqualTo(3);

        c.command(e -> e.cancelJob(job));
        net.runUntilQuiet();
        assertThat(c.events()).contains(new AppEvent.JobCancelled(job));
        assertCalledOff(w);
        assertCalledOff(w2);
        assertCalledOff(w3);
        assertThat(net.settlerRequests(SettlerRequest.CancelGig.class)).as("only the cancelled job's offers")
                .hasSize(3);
        assertThat(c.engine.offers(other)).hasSize(otherOffers);
        assertThatThrownBy(() -> c.engine.acceptOffer(job, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.engine.cancelJob(job)).isInstanceOf(IllegalArgumentException.class);

        late.command(e -> e.reply(job, new WorkerPolicy.Bid(PRICE - 30_000, MESSAGE.getBytes(StandardCharsets.UTF_8))));
        net.runUntilQuiet();
        assertThat(c.events(AppEvent.OfferRejected.class)).extracting(AppEvent.OfferRejected::job).contains((PayloadId) null);
        assertThat(net.walletRequests(c)).noneMatch(r -> r instanceof WalletRequest.Pay);
        assertNoPeerBlamed();

        net.advance(TTL.multipliedBy(2)); // every hop's invoice of every chain has lapsed
        assertThat(net.balances()).allSatisfy((who, balance) -> assertThat(balance).as(who).isEqualTo(FUNDS));
        for (Node n : List.of(c, m1, m2, w, w2, w3, late)) {
            assertThat(net.ledger.locked(n.account)).as(n.name).isZero();
        }
        assertThat(net.ledger.liveInvoices()).isZero();
        assertConserved();
    }

    /** A job being paid, paid or ended is not cancelled: the engine says why, and nothing changes. */
    @Test
    void aPaidJobIsNotCancelled() {
        start(b -> b.autoChoose(false));
        postAndCollect();
        net.failNextPays(c, 1, NO_LINK); // keeps the job PAYING until the failure is delivered
        c.command(e -> e.acceptOffer(job, 1));
        assertThatThrownBy(() -> c.engine.cancelJob(job)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is being paid");
        net.runUntilQuiet();
        c.command(e -> e.acceptOffer(job, 1)); // pays only what failed
        net.runUntilQuiet();
        assertThat(c.events(AppEvent.JobPaid.class)).hasSize(1);
        assertThatThrownBy(() -> c.engine.cancelJob(job)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is paid");
        assertThat(c.events(AppEvent.JobCancelled.class)).isEmpty();
        net.advance(DISPUTE_WINDOW);
        assertEveryonePaidInFull();
        assertThatThrownBy(() -> c.engine.cancelJob(PayloadId.random(net.random)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A job cancelled while half of a failed offer's payment is locked: the gig is called off and the
     * half comes back at once; a crash before it does keeps the job cancelled (the snapshot), and the
     * restored engine tells the app again and calls the gig off again.
     */
    @Test
    void aCancelledJobWithAHalfPaymentLockedSurvivesACrashAndGetsItBack() {
        start(b -> b.autoChoose(false));
        net.durable = true;
        postAndCollect();
        net.failNextPays(c, 1, NO_LINK); // the network Pay fails, the job Pay is accepted
        c.command(e -> e.acceptOffer(job, 1));
        net.runUntilQuiet();
        assertThat(net.ledger.locked(c.account)).isEqualTo(PRICE);

        c.command(e -> e.cancelJob(job));
        net.crash(c, o -> false, false); // the CancelGig is lost with the process
        assertThat(c.events()).containsSubsequence(new AppEvent.JobCancelled(job), new AppEvent.JobPosted(job, TOPIC),
                new AppEvent.JobCancelled(job));
        assertThat(net.settler.gig(replyHash())).as("the first CancelGig never ran").isPresent();
        net.runUntilQuiet();
        assertThat(net.settlerRequests(SettlerRequest.CancelGig.class)).as("asked again after the restart")
                .hasSize(2);
        assertThat(net.ledger.locked(c.account)).as("the half came back at once").isZero();
        assertCalledOff(w);
        assertThat(c.events(AppEvent.JobRefunded.class)).isEmpty();
        assertThatThrownBy(() -> c.engine.acceptOffer(job, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(c.engine.snapshot().state().getJobsCount()).isZero();
        net.advance(TTL.multipliedBy(2)); // every hop's invoice of the chain has lapsed
        assertThat(net.balances()).allSatisfy((who, balance) -> assertThat(balance).as(who).isEqualTo(FUNDS));
        assertThat(net.ledger.liveInvoices()).isZero();
        assertConserved();
    }

    /**
     * A worker withdraws its offer before it is paid: its gig is called off and its job invoice
     * cancelled, the customer is told by the settler and cannot take the offer; the customer takes
     * another and nobody loses a msat.
     */
    @Test
    void aWorkerWithdrawsItsOfferAndTheCustomerCannotTakeIt() {
        startWithThreeWorkers();
        int withdrawn = offerAt(PRICE);
        w.command(e -> e.withdrawReply(replyHashOf(w)));
        net.runUntilQuiet();
        assertCalledOff(w);
        assertThat(c.events(AppEvent.OfferWithdrawn.class)).containsExactly(
                new AppEvent.OfferWithdrawn(job, withdrawn, org.giggossip.core.settler.Settler.WITHDRAWN));
        assertThatThrownBy(() -> c.engine.acceptOffer(job, withdrawn)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("withdrawn");
        assertThatThrownBy(() -> w.engine.withdrawReply(replyHashOf(w))).as("its invoice is gone")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.engine.withdrawReply(Hash32.of(new byte[32])))
                .isInstanceOf(IllegalArgumentException.class);

        c.command(e -> e.acceptOffer(job, offerAt(CHEAPEST)));
        net.runUntilQuiet();
        assertThat(c.events(AppEvent.JobPaid.class)).hasSize(1);
        // once paid, the worker cannot withdraw: the job goes on to its confirmation or dispute
        assertThatThrownBy(() -> w3.engine.withdrawReply(replyHashOf(w3))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already paid");
        assertCalledOff(w2);
        assertThat(net.settlerRequests(SettlerRequest.CancelGig.class)).as("W's own, and W2's by C")
                .hasSize(2);
        net.advance(DISPUTE_WINDOW);
        assertThat(net.balances()).isEqualTo(Map.of("C", FUNDS - NETWORK_FEE - CHEAPEST, "settler",
                FUNDS + SETTLER_FEE, "M1", FUNDS + M1_FEE, "M2", FUNDS + M2_FEE, "W", FUNDS, "W2", FUNDS,
                "W3", FUNDS + CHEAPEST + W_FEE));
        net.advance(TTL);
        assertNothingLeftLocked();
    }

    /**
     * The settler's notice of a withdrawal is lost (the customer was offline): paying the withdrawn
     * offer fails cleanly, each half coming back (the settler's network invoice is cancelled, and so,
     * hop by hop, every one before it; the worker's job invoice is cancelled), and the customer may
     * take another offer.
     */
    @Test
    void payingAnOfferWithdrawnUnbeknownFailsAndNobodyLosesMoney() {
        startWithThreeWorkers();
        int withdrawn = offerAt(PRICE);
        net.down(c);
        w.command(e -> e.withdrawReply(replyHashOf(w)));
        net.runUntilQuiet();
        net.up(c, false);
        assertThat(c.events(AppEvent.OfferWithdrawn.class)).isEmpty();

        c.command(e -> e.acceptOffer(job, withdrawn));
        net.runUntilQuiet();
        assertThat(c.events(AppEvent.OfferFailed.class)).extracting(AppEvent.OfferFailed::offer)
                .containsExactly(withdrawn);
        assertThat(c.events(AppEvent.JobPaid.class)).isEmpty();
        assertThat(net.ledger.locked(c.account)).isZero();
        assertThat(net.balances()).allSatisfy((who, balance) -> assertThat(balance).as(who).isEqualTo(FUNDS));

        c.command(e -> e.acceptOffer(job, offerAt(CHEAPER)));
        net.runUntilQuiet();
        assertThat(c.events(AppEvent.JobPaid.class)).hasSize(1);
        net.advance(DISPUTE_WINDOW);
        net.advance(TTL);
        assertThat(net.balances()).isEqualTo(Map.of("C", FUNDS - NETWORK_FEE - CHEAPER, "settler",
                FUNDS + SETTLER_FEE, "M1", FUNDS + M1_FEE, "M2", FUNDS + M2_FEE, "W", FUNDS,
                "W2", FUNDS + CHEAPER + W_FEE, "W3", FUNDS));
        assertNothingLeftLocked();
    }
}
