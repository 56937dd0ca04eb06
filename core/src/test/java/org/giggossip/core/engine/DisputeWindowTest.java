package org.giggossip.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.engine.HandNetwork.FUNDS;
import static org.giggossip.core.engine.HandNetwork.T0;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.giggossip.core.engine.HandNetwork.Node;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.ledger.Ledger;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.DisputeOutcome;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ReplyFrame;
import org.giggossip.core.wire.SettlementPromise;
import org.giggossip.core.wire.SettlementPromiseBody;
import org.junit.jupiter.api.Test;

/**
 * The job payment at the real {@code gg settler} defaults (issue 17; docs/settler.md, "Dispute window and
 * invoice lifetimes"): a 24 h dispute window, a 3 day dispute deadline, the worker paid when a dispute is
 * never ruled on. The worker's job invoice must outlive all of it, or the ledger cancels it at its expiry
 * and the customer is refunded whatever the settler decides. A customer C, a middleman M and a worker W
 * on a {@link HandNetwork} with a fake clock, stepped through days.
 */
class DisputeWindowTest {
    static final long PRICE = 40_000;
    static final long M_FEE = 1_000;
    static final long W_FEE = 2_000;
    static final TaxiTopic TOPIC = new TaxiTopic("r3gx2g5", "r3gx2u", T0.plus(Duration.ofMinutes(5)),
            T0.plus(Duration.ofMinutes(20)));
    /** {@code gg settler}'s defaults (node/config/SettlerFile): network fee, invoice lifetime, dispute window. */
    static final long SETTLER_FEE = SettlerConfig.DEFAULT_NETWORK_FEE_MSAT;
    static final Duration WINDOW = SettlerConfig.DEFAULT_DISPUTE_WINDOW;
    static final Duration DEADLINE = SettlerConfig.DEFAULT_DISPUTE_DEADLINE;
    static final long NETWORK_FEE = SETTLER_FEE + M_FEE + W_FEE;

    HandNetwork net;
    Node c;
    Node m;
    Node w;
    PayloadId job;
    /** When the settler revealed the network preimage: the dispute window starts. */
    Instant revealed;

    /** The line C - M - W at the settler's defaults; {@code worker} adjusts W's policy. */
    void start(UnaryOperator<EngineConfig.Builder> worker) {
        net = new HandNetwork(17, SettlerConfig.defaults());
        EngineConfig base = EngineConfig.builder().fanout(4).powDifficulty(16).build();
        c = net.node("C", base);
        m = net.node("M", base.toBuilder().replyFeeMsat(M_FEE).build());
        w = net.node("W", worker.apply(base.toBuilder().replyFeeMsat(W_FEE).settler(net.settler.id())
                .workerPolicy((topic, now) -> Optional.of(new WorkerPolicy.Bid(PRICE,
                        "on my way".getBytes(StandardCharsets.UTF_8))))).build());
        HandNetwork.line(c, m, w);
    }

    /** C posts a job, W answers, C pays at the end of the offer window and opens the reply. */
    void payForAJob() {
        start(b -> b);
        job = c.engine.postJob(TOPIC);
        net.runUntilQuiet();
        Instant invoiceMade = net.clock.instant();
        // W sized its job invoice from the settler's terms: they, and its margin, from when it made it
        assertThat(Bolt11.decode(promise().replyInvoice()).orElseThrow().expiresAt()).isEqualTo(invoiceMade
                .plus(SettlerConfig.defaults().settlementSpan()).plus(EngineConfig.defaults().jobInvoiceMargin()));
        net.advance(EngineConfig.defaults().offerWindow());
        assertThat(c.events(AppEvent.ReplyOpened.class)).hasSize(1);
        revealed = net.clock.instant();
        assertThat(net.ledger.locked(c.account)).as("the job payment is held").isEqualTo(PRICE);
    }

    SettlementPromiseBody promise() {
        return net.frames(w, m, ReplyFrame.class).getFirst().settlementPromise().body();
    }

    Hash32 replyHash() {
        return promise().replyPaymentHash();
    }

    void assertWorkerPaid() {
        assertThat(w.events().getLast()).isEqualTo(new AppEvent.JobPaymentReceived(replyHash(), PRICE));
        assertThat(c.events().getLast()).isEqualTo(new AppEvent.JobSettled(job, PRICE));
        assertThat(net.balances()).isEqualTo(Map.of("settler", FUNDS + SETTLER_FEE, "C", FUNDS - NETWORK_FEE - PRICE,
                "M", FUNDS + M_FEE, "W", FUNDS + W_FEE + PRICE));
        assertSettled();
    }

    void assertCustomerRefunded(String reason) {
        assertThat(c.events()).contains(new AppEvent.JobRefunded(job, 1, PRICE, reason));
        assertThat(w.events(AppEvent.JobPaymentReceived.class)).isEmpty();
        assertThat(net.balances()).isEqualTo(Map.of("settler", FUNDS + SETTLER_FEE, "C", FUNDS - NETWORK_FEE,
                "M", FUNDS + M_FEE, "W", FUNDS + W_FEE));
        assertSettled();
    }

    void assertSettled() {
        assertThat(net.ledger.locked(c.account)).isZero();
        assertThat(net.ledger.liveInvoices()).isZero();
        var report = net.ledger.checkConservation();
        assertThat(report.holds()).as(report.toString()).isTrue();
        assertThat(net.settler.liveGigs()).isZero();
    }

    @Test
    void nobodyConfirmsAndTheWorkerIsPaidAtTheEndOfTheWindow() {
        payForAJob();
        net.advanceTo(revealed.plus(WINDOW).minusMillis(1));
        assertThat(net.ledger.locked(c.account)).as("still held a moment before the window closes").isEqualTo(PRICE);
        assertThat(c.events(AppEvent.JobRefunded.class)).isEmpty();

        net.advance(Duration.ofMillis(1));
        assertWorkerPaid();
    }

    @Test
    void aDisputeResolvedForTheCustomerRefundsTheJobPayment() {
        payForAJob();
        net.advance(Duration.ofHours(1));
        c.engine.openDispute(job, "the driver never came");
        net.runUntilQuiet();

        // past the window and most of a day more: the payment is still held for the administrator
        net.advance(WINDOW.plus(Duration.ofHours(20)));
        assertThat(net.ledger.locked(c.account)).as("held until the administrator rules").isEqualTo(PRICE);
        assertThat(c.events(AppEvent.JobRefunded.class)).isEmpty();

        assertThat(net.settler.resolveDispute(replyHash(), false, "no pickup")).isEqualTo(new SettlerResponse.Done(0));
        net.runUntilQuiet();
        assertThat(w.events())
                .contains(new AppEvent.JobPaymentCancelled(replyHash(), Ledger.CANCELLED_BY_ISSUER));
        assertCustomerRefunded(Ledger.CANCELLED_BY_ISSUER);
    }

    @Test
    void aDisputeNeverResolvedEndsInTheStatedDefaultAtItsDeadline() {
        payForAJob();
        net.advance(Duration.ofHours(1));
        Instant opened = net.clock.instant();
        c.engine.openDispute(job, "the driver was rude");
        net.runUntilQuiet();

        net.advanceTo(opened.plus(DEADLINE).minusMillis(1));
        assertThat(net.ledger.locked(c.account)).as("held until the deadline").isEqualTo(PRICE);
        assertThat(net.settler.disputes()).hasSize(1);

        net.advance(Duration.ofMillis(1));
        // the default stated in the promise: the worker is paid
        assertThat(promise().disputeDefault()).isEqualTo(SettlerConfig.DEFAULT_DISPUTE_OUTCOME);
        assertWorkerPaid();
        assertThat(net.settler.disputes()).isEmpty();
    }

    @Test
    void theWorkerRefusesASettlerThatWouldHoldItsInvoiceLongerThanItsMaximum() {
        start(b -> b.maxSettlementSpan(Duration.ofDays(2)));
        job = c.engine.postJob(TOPIC);
        net.runUntilQuiet();
        assertThat(w.events(AppEvent.ReplyFailed.class)).singleElement().satisfies(f -> assertThat(f.reason())
                .isEqualTo("the settler's invoice lifetime, dispute window and dispute deadline ("
                        + SettlerConfig.defaults().settlementSpan() + ") exceed our maximum PT48H"));
        assertThat(net.walletRequests(w)).isEmpty();
        assertThat(c.events(AppEvent.OfferReceived.class)).isEmpty();
    }

    /** The settler signs a promise with other dispute terms than W sized its job invoice for; C must refuse it. */
    void assertOfferRefused(UnaryOperator<SettlementPromiseBody> terms, String reason) {
        start(b -> b);
        net.tamperNext(m, c, ReplyFrame.class, f -> new ReplyFrame(f.encryptedReplyPayload(),
                SettlementPromise.sign(terms.apply(f.settlementPromise().body()), net.settlerSigner),
                f.forwardOnion(), f.networkInvoice()));
        job = c.engine.postJob(TOPIC);
        net.runUntilQuiet();
        assertThat(c.events(AppEvent.OfferRejected.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains(reason));
        assertThat(c.events(AppEvent.OfferReceived.class)).isEmpty();
        net.advance(EngineConfig.defaults().offerWindow());
        assertThat(net.walletRequests(c)).isEmpty();
    }

    static SettlementPromiseBody withTerms(SettlementPromiseBody b, Duration window, Duration deadline,
            DisputeOutcome outcome) {
        return new SettlementPromiseBody(b.settlerCertificate(), b.networkPaymentHash(),
                b.hashOfEncryptedReplyPayload(), b.replyPaymentHash(), b.networkAmountMsat(), b.replyAmountMsat(),
                b.expiresAt(), b.replyInvoice(), window, deadline, outcome);
    }

    @Test
    void theCustomerRefusesAPromiseThatStatesNoDisputeWindow() {
        assertOfferRefused(b -> new SettlementPromiseBody(b.settlerCertificate(), b.networkPaymentHash(),
                b.hashOfEncryptedReplyPayload(), b.replyPaymentHash(), b.networkAmountMsat(), b.replyAmountMsat(),
                b.expiresAt(), b.replyInvoice()), "the promise states no dispute window");
    }

    @Test
    void theCustomerRefusesAJobInvoiceThatExpiresBeforeTheStatedWindowAndDeadlineEnd() {
        // W's invoice covers 3 days of deadline; the promise states 4
        assertOfferRefused(b -> withTerms(b, WINDOW, Duration.ofDays(4), DisputeOutcome.PAY_WORKER),
                "before the dispute window and deadline end");
    }

    @Test
    void theCustomerRefusesASettlerThatWouldHoldItsPaymentLongerThanItsMaximum() {
        assertOfferRefused(b -> withTerms(b, Duration.ofDays(10), Duration.ofDays(10), DisputeOutcome.PAY_WORKER),
                "above our maximum PT336H");
    }
}
