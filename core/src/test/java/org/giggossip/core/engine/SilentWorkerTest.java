package org.giggossip.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.engine.HandNetwork.FUNDS;
import static org.giggossip.core.engine.HandNetwork.T0;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.giggossip.core.engine.HandNetwork.Node;
import org.giggossip.core.settler.NetworkSettlement;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ReplyFrame;
import org.junit.jupiter.api.Test;

/**
 * The silent worker (seed 000, table 2 "Silent", section 4.2; issue 17; docs/settler.md, "Network
 * settlement: on reveal or on job done"): W takes the job and never serves, the customer C disputes and
 * the administrator rules for it. A customer C, a middleman M and a worker W on a {@link HandNetwork} with
 * a fake clock, at {@code gg settler}'s dispute terms.
 */
class SilentWorkerTest {
    static final long PRICE = 40_000;
    static final long M_FEE = 1_000;
    static final long W_FEE = 2_000;
    static final long SETTLER_FEE = SettlerConfig.DEFAULT_NETWORK_FEE_MSAT;
    static final long NETWORK_FEE = SETTLER_FEE + M_FEE + W_FEE;
    static final TaxiTopic TOPIC = new TaxiTopic("r3gx2g5", "r3gx2u", T0.plus(Duration.ofMinutes(5)),
            T0.plus(Duration.ofMinutes(20)));

    HandNetwork net;
    Node c;
    Node m;
    Node w;
    PayloadId job;

    /** C posts a job on the line C - M - W, W answers, C pays at the end of the offer window and opens it. */
    void payForAJob(SettlerConfig settler) {
        net = new HandNetwork(17, settler);
        EngineConfig base = EngineConfig.builder().fanout(4).powDifficulty(16).build();
        c = net.node("C", base);
        m = net.node("M", base.toBuilder().replyFeeMsat(M_FEE).build());
        w = net.node("W", base.toBuilder().replyFeeMsat(W_FEE).settler(net.settler.id())
                .workerPolicy((topic, now) -> Optional.of(new WorkerPolicy.Bid(PRICE,
                        "on my way".getBytes(StandardCharsets.UTF_8)))).build());
        HandNetwork.line(c, m, w);
        job = c.engine.postJob(TOPIC);
        net.runUntilQuiet();
        net.advance(EngineConfig.defaults().offerWindow());
        assertThat(c.events(AppEvent.ReplyOpened.class)).as("the reply opens at once").hasSize(1);
        assertThat(net.ledger.locked(c.account)).as("the job payment is held").isGreaterThanOrEqualTo(PRICE);
    }

    /** The worker never comes: C disputes an hour later and the administrator rules for it. */
    void disputeWonByTheCustomer() {
        net.advance(Duration.ofHours(1));
        c.engine.openDispute(job, "the driver never came");
        net.runUntilQuiet();
        assertThat(net.settler.resolveDispute(replyHash(), false, "the driver never came")).isEqualTo(new SettlerResponse.Done(0));
        net.runUntilQuiet();
    }

    Hash32 replyHash() {
        return net.frames(w, m, ReplyFrame.class).getFirst().settlementPromise().body().replyPaymentHash();
    }

    void assertSettled() {
        assertThat(net.ledger.locked(c.account)).as("nothing locked").isZero();
        assertThat(net.ledger.liveInvoices()).isZero();
        var report = net.ledger.checkConservation();
        assertThat(report.holds()).as(report.toString()).isTrue();
        assertThat(net.settler.liveGigs()).isZero();
    }

    @Test
    void onRevealTheMiddlemenOfASilentWorkerArePaidAnyway() {
        payForAJob(SettlerConfig.defaults());
        disputeWonByTheCustomer();
        // only the job payment comes back: the customer pays the settler, M and W for routing a no-show
        assertThat(net.balances()).isEqualTo(Map.of("settler", FUNDS + SETTLER_FEE, "C", FUNDS - NETWORK_FEE,
                "M", FUNDS + M_FEE, "W", FUNDS + W_FEE));
        assertSettled();
    }

    @Test
    void onJobDoneTheWholeChainOfASilentWorkerIsRefunded() {
        payForAJob(onJobDone());
        disputeWonByTheCustomer();
        assertThat(net.balances()).isEqualTo(Map.of("settler", FUNDS, "C", FUNDS, "M", FUNDS, "W", FUNDS));
        assertSettled();
    }

    @Test
    void onJobDoneAConfirmedJobPaysEveryone() {
        payForAJob(onJobDone());
        net.advance(Duration.ofHours(1));
        c.engine.confirmJob(job);
        net.runUntilQuiet();
        assertThat(c.events().getLast()).isEqualTo(new AppEvent.JobSettled(job, PRICE));
        assertThat(net.balances()).isEqualTo(Map.of("settler", FUNDS + SETTLER_FEE, "C", FUNDS - NETWORK_FEE - PRICE,
                "M", FUNDS + M_FEE, "W", FUNDS + W_FEE + PRICE));
        assertSettled();
    }

    @Test
    void onJobDoneNobodyConfirmsAndEveryoneIsPaidWhenTheWindowCloses() {
        payForAJob(onJobDone());
        net.advance(SettlerConfig.DEFAULT_DISPUTE_WINDOW.plus(Duration.ofMinutes(1)));
        assertThat(net.balances()).isEqualTo(Map.of("settler", FUNDS + SETTLER_FEE, "C", FUNDS - NETWORK_FEE - PRICE,
                "M", FUNDS + M_FEE, "W", FUNDS + W_FEE + PRICE));
        assertSettled();
    }

    @Test
    void onJobDoneACustomerWhoseNoticeIsLostFetchesThePreimageAfterTheOffersDeadline() {
        HandNetwork lossy = new HandNetwork(17, onJobDone());
        // the customer's notice of the reveal is lost; the worker's of the release is not
        lossy.settlerResponseLost = r -> r.response() instanceof SettlerResponse.PreimageRevealed p
                && p.callId() == 0 && r.to().equals(c.id());
        net = lossy;
        EngineConfig base = EngineConfig.builder().fanout(4).powDifficulty(16).build();
        c = net.node("C", base);
        m = net.node("M", base.toBuilder().replyFeeMsat(M_FEE).build());
        w = net.node("W", base.toBuilder().replyFeeMsat(W_FEE).settler(net.settler.id())
                .workerPolicy((topic, now) -> Optional.of(new WorkerPolicy.Bid(PRICE,
                        "on my way".getBytes(StandardCharsets.UTF_8)))).build());
        HandNetwork.line(c, m, w);
        job = c.engine.postJob(TOPIC);
        net.runUntilQuiet();
        var promise = net.frames(w, m, ReplyFrame.class).getFirst().settlementPromise().body();
        net.advance(EngineConfig.defaults().offerWindow());
        assertThat(c.events(AppEvent.ReplyOpened.class)).as("the notice was lost").isEmpty();

        net.advanceTo(promise.expiresAt().plus(EngineConfig.defaults().invoiceExpiryDelta()).plusSeconds(1));
        assertThat(c.events(AppEvent.ReplyOpened.class)).as("fetched from the settler, for its customer only")
                .hasSize(1);
        c.engine.confirmJob(job);
        net.runUntilQuiet();
        assertThat(net.balances()).isEqualTo(Map.of("settler", FUNDS + SETTLER_FEE, "C", FUNDS - NETWORK_FEE - PRICE,
                "M", FUNDS + M_FEE, "W", FUNDS + W_FEE + PRICE));
        assertSettled();
    }

    @Test
    void aMiddlemanRefusesToLockItsPaymentBeyondItsMaximumSettlementSpan() {
        // a settler holding jobs 20 days, which C and W accept; M keeps the default 14 days
        SettlerConfig slow = SettlerConfig.of(SETTLER_FEE, SettlerConfig.DEFAULT_INVOICE_TTL, Duration.ofDays(19))
                .withNetworkSettlement(NetworkSettlement.ON_JOB_DONE);
        net = new HandNetwork(17, slow);
        EngineConfig patient = EngineConfig.builder().fanout(4).powDifficulty(16)
                .maxSettlementSpan(Duration.ofDays(30)).build();
        c = net.node("C", patient);
        m = net.node("M", EngineConfig.builder().fanout(4).powDifficulty(16).replyFeeMsat(M_FEE).build());
        w = net.node("W", patient.toBuilder().replyFeeMsat(W_FEE).settler(net.settler.id())
                .workerPolicy((topic, now) -> Optional.of(new WorkerPolicy.Bid(PRICE,
                        "on my way".getBytes(StandardCharsets.UTF_8)))).build());
        HandNetwork.line(c, m, w);
        job = c.engine.postJob(TOPIC);
        net.runUntilQuiet();
        assertThat(net.frames(w, m, ReplyFrame.class)).as("W answered").hasSize(1);
        assertThat(net.frames(m, c, ReplyFrame.class)).as("M did not forward").isEmpty();
        assertThat(c.events(AppEvent.OfferReceived.class)).isEmpty();
    }

    static SettlerConfig onJobDone() {
        return SettlerConfig.defaults().withNetworkSettlement(NetworkSettlement.ON_JOB_DONE);
    }
}
