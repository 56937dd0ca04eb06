package org.giggossip.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.giggossip.core.engine.HandNetwork.FUNDS;
import static org.giggossip.core.engine.HandNetwork.T0;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.giggossip.core.engine.HandNetwork.Node;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.AskDeclinedFrame;
import org.giggossip.core.wire.DeclineReason;
import org.giggossip.core.wire.POWBroadcastFrame;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ReplyFrame;
import org.junit.jupiter.api.Test;

/**
 * More than one route per job (seed 000, 3.6: "it is beneficiary for the network to build multiple
 * routes that will provide the customer with a way to choose the one that has the minimal network
 * fee"): a worker answers up to {@link EngineConfig#repliesPerTopic()} copies of one topic, each
 * arriving over another route, each reply with its own network invoice; a middleman carries as many
 * routes of one topic as its {@link EngineConfig#multibroadcast()}. Both are bounds a flood of
 * copies cannot raise, and the customer pays one offer only, so the worker is paid once.
 */
class EngineRoutesTest {
    static final long SETTLER_FEE = 500;
    static final long W_FEE = 3_000;
    static final long CHEAP_FEE = 1_000;
    static final long DEAR_FEE = 2_000;
    static final long PRICE = 50_000;
    static final Duration TTL = Duration.ofMinutes(10);
    static final Duration CONFIRM_AFTER = Duration.ofMinutes(5);
    static final TaxiTopic TOPIC = new TaxiTopic("r3gx2g5", "r3gx2u", T0.plus(Duration.ofMinutes(5)),
            T0.plus(Duration.ofMinutes(20)));

    HandNetwork net = new HandNetwork(11, SettlerConfig.of(SETTLER_FEE, TTL, Duration.ofHours(1)));
    EngineConfig base = EngineConfig.builder().fanout(8).powDifficulty(16).build();

    Node customer() {
        return net.node("C", base.toBuilder().autoConfirmAfter(CONFIRM_AFTER).build());
    }

    Node middleman(String name, long fee) {
        return net.node(name, base.toBuilder().replyFeeMsat(fee).build());
    }

    Node worker(UnaryOperator<EngineConfig.Builder> adjust) {
        return net.node("W", adjust.apply(base.toBuilder().replyFeeMsat(W_FEE).settler(net.settler.id())
                .workerPolicy((topic, now) -> Optional.of(new WorkerPolicy.Bid(PRICE,
                        "on my way".getBytes(StandardCharsets.UTF_8))))).build());
    }

    static List<Long> networkFees(Node customer) {
        return customer.events(AppEvent.OfferReceived.class).stream().map(AppEvent.OfferReceived::networkFeeMsat)
                .sorted().toList();
    }

    /** C - M1 - W and C - M2 - W: two routes of different fees from the customer to the worker. */
    record Diamond(Node c, Node m1, Node m2, Node w) {}

    Diamond diamond(UnaryOperator<EngineConfig.Builder> workerConfig) {
        Node c = customer();
        Node m1 = middleman("M1", CHEAP_FEE);
        Node m2 = middleman("M2", DEAR_FEE);
        Node w = worker(workerConfig);
        HandNetwork.link(c, m1);
        HandNetwork.link(c, m2);
        HandNetwork.link(m1, w);
        HandNetwork.link(m2, w);
        return new Diamond(c, m1, m2, w);
    }

    @Test
    void aWorkerAnswersTheTopicOnEveryRouteUpToItsLimitAndTheCustomerSeesEachFee() {
        Diamond d = diamond(b -> b);
        assertThat(d.w.config.repliesPerTopic()).as("the default").isEqualTo(2);
        PayloadId job = d.c.engine.postJob(TOPIC);
        net.runUntilQuiet();

        assertThat(d.w.events(AppEvent.ReplySent.class)).hasSize(2);
        assertThat(net.settlerCalls).filteredOn(call -> call.caller() == d.w
                && call.request() instanceof SettlerRequest.IssueReplyHash).hasSize(2);
        // one offer per route, each with its own network invoice (its own payment hash) and fee
        assertThat(d.c.events(AppEvent.OfferReceived.class)).allMatch(o -> o.job().equals(job)).hasSize(2)
                .extracting(AppEvent.OfferReceived::networkPaymentHash).doesNotHaveDuplicates();
        assertThat(networkFees(d.c)).containsExactly(SETTLER_FEE + W_FEE + CHEAP_FEE, SETTLER_FEE + W_FEE + DEAR_FEE);
        assertThat(d.m1.events(AppEvent.ReplyForwarded.class)).hasSize(1);
        assertThat(d.m2.events(AppEvent.ReplyForwarded.class)).hasSize(1);
    }

    @Test
    void oneReplyPerTopicKeepsOneOffer() {
        Diamond d = diamond(b -> b.repliesPerTopic(1));
        d.c.engine.postJob(TOPIC);
        net.runUntilQuiet();

        assertThat(d.w.events(AppEvent.ReplySent.class)).hasSize(1);
        assertThat(d.c.events(AppEvent.OfferReceived.class)).hasSize(1);
    }

    @Test
    void aCopyAskedForAfterTheLimitIsDeclinedBeforeAnyProofOfWork() {
        // C - M1 - W and C - M2 - M3 - W: the copy over M3 comes later, when W answered the first
        Node c = customer();
        Node m1 = middleman("M1", CHEAP_FEE);
        Node m2 = middleman("M2", DEAR_FEE);
        Node m3 = middleman("M3", DEAR_FEE);
        Node w = worker(b -> b.repliesPerTopic(1));
        HandNetwork.link(c, m1);
        HandNetwork.link(c, m2);
        HandNetwork.link(m1, w);
        HandNetwork.link(m2, m3);
        HandNetwork.link(m3, w);
        c.engine.postJob(TOPIC);
        net.runUntilQuiet();

        assertThat(net.frames(w, m3, AskDeclinedFrame.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo(DeclineReason.ALREADY_BROADCAST));
        assertThat(net.frames(m3, w, POWBroadcastFrame.class)).isEmpty();
        assertThat(c.events(AppEvent.OfferReceived.class)).hasSize(1);
    }

    /** C - A - M, C - B - M, M - W: both routes go through M; W has no other peer. */
    List<Node> throughOneMiddleman(int routesPerMiddleman) {
        Node c = customer();
        Node a = middleman("A", CHEAP_FEE);
        Node b = middleman("B", DEAR_FEE);
        Node m = net.node("M", base.toBuilder().replyFeeMsat(CHEAP_FEE).multibroadcast(routesPerMiddleman).build());
        Node w = worker(b2 -> b2);
        HandNetwork.link(c, a);
        HandNetwork.link(c, b);
        HandNetwork.link(a, m);
        HandNetwork.link(b, m);
        HandNetwork.link(m, w);
        return List.of(c, a, b, m, w);
    }

    @Test
    void aMiddlemanCarriesAsManyRoutesOfOneTopicAsItsMultibroadcast() {
        List<Node> n = throughOneMiddleman(2);
        Node c = n.get(0);
        Node m = n.get(3);
        Node w = n.get(4);
        c.engine.postJob(TOPIC);
        net.runUntilQuiet();

        assertThat(net.frames(m, w, POWBroadcastFrame.class)).hasSize(2);
        assertThat(w.events(AppEvent.ReplySent.class)).hasSize(2);
        assertThat(m.events(AppEvent.ReplyForwarded.class)).as("two chains of one topic through M").hasSize(2);
        assertThat(m.events(AppEvent.ForwardFailed.class)).isEmpty();
        assertThat(networkFees(c)).containsExactly(SETTLER_FEE + W_FEE + 2 * CHEAP_FEE,
                SETTLER_FEE + W_FEE + CHEAP_FEE + DEAR_FEE);
    }

    @Test
    void aMiddlemanWithMultibroadcastOneCarriesOneRoute() {
        List<Node> n = throughOneMiddleman(1);
        Node c = n.get(0);
        Node m = n.get(3);
        Node w = n.get(4);
        c.engine.postJob(TOPIC);
        net.runUntilQuiet();

        assertThat(net.frames(m, w, POWBroadcastFrame.class)).hasSize(1);
        assertThat(m.events(AppEvent.ReplyForwarded.class)).hasSize(1);
        assertThat(c.events(AppEvent.OfferReceived.class)).hasSize(1);
    }

    @Test
    void aFloodOfCopiesDoesNotRaiseTheNumberOfReplies() {
        Node c = customer();
        Node w = worker(b -> b.repliesPerTopic(3));
        List<Node> middlemen = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Node m = middleman("M" + i, CHEAP_FEE + i);
            HandNetwork.link(c, m);
            HandNetwork.link(m, w);
            middlemen.add(m);
        }
        c.engine.postJob(TOPIC);
        net.runUntilQuiet();

        int copies = 0;
        for (Node m : middlemen) {
            copies += net.frames(m, w, POWBroadcastFrame.class).size();
        }
        // the seven asks came together, before W had any copy: each got conditions
        assertThat(copies).as("copies sent to W").isEqualTo(7);
        assertThat(w.events(AppEvent.FrameIgnored.class)).as("copies beyond the limit")
                .filteredOn(f -> f.kind() == org.giggossip.core.wire.FrameKind.POW_BROADCAST).hasSize(4);
        assertThat(w.events(AppEvent.ReplySent.class)).hasSize(3);
        assertThat(net.settlerCalls).filteredOn(call -> call.caller() == w
                && call.request() instanceof SettlerRequest.IssueReplyHash).hasSize(3);
        assertThat(c.events(AppEvent.OfferReceived.class)).hasSize(3);
        // what W holds of the topic is gone once its invoices lapse and the id is forgotten
        net.advance(base.maxSettlementSpan().plus(base.seenRetention()));
        assertThat(w.engine.stateSize()).isZero();
    }

    @Test
    void repliesPerTopicIsBounded() {
        assertThatThrownBy(() -> EngineConfig.builder().repliesPerTopic(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repliesPerTopic");
        assertThatThrownBy(() -> EngineConfig.builder().repliesPerTopic(EngineConfig.MAX_REPLIES_PER_TOPIC + 1)
                .build()).isInstanceOf(IllegalArgumentException.class);
        assertThat(EngineConfig.builder().repliesPerTopic(EngineConfig.MAX_REPLIES_PER_TOPIC).build()
                .repliesPerTopic()).isEqualTo(EngineConfig.MAX_REPLIES_PER_TOPIC);
    }

    @Test
    void theCustomerPaysTheCheapestOfTheWorkersOffersAndTheWorkerIsPaidOnce() {
        Diamond d = diamond(b -> b);
        PayloadId job = d.c.engine.postJob(TOPIC);
        net.runUntilQuiet();
        net.advance(base.offerWindow());
        net.advance(CONFIRM_AFTER);
        net.runUntilQuiet();

        long fee = SETTLER_FEE + W_FEE + CHEAP_FEE;
        assertThat(d.c.events(AppEvent.JobPaid.class)).singleElement()
                .satisfies(p -> assertThat(p.networkMsat()).isEqualTo(fee));
        assertThat(d.c.events(AppEvent.ReplyOpened.class)).singleElement()
                .satisfies(o -> assertThat(o.worker()).isEqualTo(d.w.id()));
        assertThat(d.w.events(AppEvent.JobPaymentAccepted.class)).hasSize(1);
        assertThat(d.w.events(AppEvent.JobPaymentReceived.class)).hasSize(1);
        assertThat(net.balances()).containsEntry("C", FUNDS - fee - PRICE).containsEntry("W", FUNDS + PRICE + W_FEE)
                .containsEntry("M1", FUNDS + CHEAP_FEE).containsEntry("M2", FUNDS);
        assertThat(d.c.events(AppEvent.OfferReceived.class)).hasSize(2);
        // the offer not taken lapses: its invoices are cancelled, nothing stays locked
        net.advance(base.maxSettlementSpan());
        for (Node n : List.of(d.c, d.m1, d.m2, d.w)) {
            assertThat(net.ledger.locked(n.account)).as(n.name).isZero();
        }
        assertThat(net.ledger.checkConservation().holds()).isTrue();
    }

    /** The worker's two job invoices, one per route, as the customer received them. */
    List<String> jobInvoices(Diamond d) {
        List<String> invoices = new java.util.ArrayList<>();
        for (Node m : List.of(d.m1, d.m2)) {
            invoices.add(net.frames(m, d.c, ReplyFrame.class).getFirst().settlementPromise().body().replyInvoice());
        }
        return invoices;
    }

    /** A customer (not our engine: it pays one offer) pays a job invoice by itself. */
    void payDirectly(Node payer, String bolt11, long callId) {
        long amount = Bolt11.decode(bolt11).orElseThrow().amountMsat().getAsLong();
        net.ledger.execute(payer.account, new WalletRequest.Pay(callId, bolt11, amount));
    }

    @Test
    void aWorkerNeverHoldsTwoAcceptedJobsForOneTopic() {
        Diamond d = diamond(b -> b);
        d.c.engine.postJob(TOPIC);
        net.runUntilQuiet();
        List<String> invoices = jobInvoices(d);
        payDirectly(d.c, invoices.get(0), 1_000_000);
        payDirectly(d.c, invoices.get(1), 1_000_001);
        net.runUntilQuiet();

        assertThat(d.w.events(AppEvent.JobPaymentAccepted.class)).hasSize(1);
        assertThat(d.w.events(AppEvent.JobPaymentCancelled.class)).hasSize(1);
        assertThat(net.ledger.locked(d.c.account)).as("the second payment came back").isEqualTo(PRICE);
        assertThat(net.settlerCalls).filteredOn(call -> call.caller() == d.w
                && call.request() instanceof SettlerRequest.ReplyInvoiceAccepted).hasSize(1);
    }

    @Test
    void theTopicOfAJobInvoiceSurvivesARestart() {
        net.durable = true;
        Diamond d = diamond(b -> b);
        d.c.engine.postJob(TOPIC);
        net.runUntilQuiet();
        List<String> invoices = jobInvoices(d);
        payDirectly(d.c, invoices.get(0), 1_000_000);
        net.runUntilQuiet();
        net.crash(d.w, out -> false, false);
        payDirectly(d.c, invoices.get(1), 1_000_001);
        net.runUntilQuiet();

        assertThat(d.w.events(AppEvent.JobPaymentAccepted.class)).hasSize(1);
        assertThat(d.w.events(AppEvent.JobPaymentCancelled.class)).hasSize(1);
        assertThat(net.ledger.locked(d.c.account)).isEqualTo(PRICE);
    }
}
