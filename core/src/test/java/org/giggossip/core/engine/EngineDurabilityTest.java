package org.giggossip.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.engine.EngineLifecycleTest.DELTA;
import static org.giggossip.core.engine.EngineLifecycleTest.DISPUTE_WINDOW;
import static org.giggossip.core.engine.EngineLifecycleTest.M1_FEE;
import static org.giggossip.core.engine.EngineLifecycleTest.M2_FEE;
import static org.giggossip.core.engine.EngineLifecycleTest.MESSAGE;
import static org.giggossip.core.engine.EngineLifecycleTest.NETWORK_FEE;
import static org.giggossip.core.engine.EngineLifecycleTest.OFFER_WINDOW;
import static org.giggossip.core.engine.EngineLifecycleTest.PRICE;
import static org.giggossip.core.engine.EngineLifecycleTest.SETTLER_FEE;
import static org.giggossip.core.engine.EngineLifecycleTest.TOPIC;
import static org.giggossip.core.engine.EngineLifecycleTest.TTL;
import static org.giggossip.core.engine.EngineLifecycleTest.W_FEE;
import static org.giggossip.core.engine.HandNetwork.FUNDS;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.giggossip.core.engine.HandNetwork.Node;
import org.giggossip.core.ledger.InvoiceState;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.testing.TestRandom;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ReplyFrame;
import org.junit.jupiter.api.Test;

/**
 * Durable state (issue 4, deliverable 3): nodes killed at chosen or random
 * points of a job and restarted from their last stored snapshot, on a
 * {@link HandNetwork} that follows the write-ahead contract of
 * {@link Engine#snapshot()}. The line C - M1 - M2 - W of {@link EngineLifecycleTest}.
 */
class EngineDurabilityTest {
    static final Duration CONFIRM_AFTER = Duration.ofMinutes(5);
    static final Predicate<Output> LOSE = o -> false;
    static final Predicate<Output> KEEP = o -> true;

    HandNetwork net;
    Node c;
    Node m1;
    Node m2;
    Node w;
    PayloadId job;

    void start(long seed, int powDifficulty) {
        net = new HandNetwork(seed, SettlerConfig.of(SETTLER_FEE, TTL, DISPUTE_WINDOW));
        net.durable = true;
        EngineConfig base = EngineConfig.builder().fanout(4).powDifficulty(powDifficulty).build();
        c = net.node("C", base.toBuilder().autoConfirmAfter(CONFIRM_AFTER).build());
        m1 = net.node("M1", base.toBuilder().replyFeeMsat(M1_FEE).build());
        m2 = net.node("M2", base.toBuilder().replyFeeMsat(M2_FEE).build());
        w = net.node("W", base.toBuilder().replyFeeMsat(W_FEE).settler(net.settler.id())
                .workerPolicy((topic, now) -> Optional.of(new WorkerPolicy.Bid(PRICE,
                        MESSAGE.getBytes(StandardCharsets.UTF_8))))
                .build());
        HandNetwork.line(c, m1, m2, w);
    }

    /** C posts the job and the reply comes back; the offer window then closes, and nothing more is run. */
    void collectAndCloseTheOfferWindow() {
        start(7, 16);
        c.command(e -> job = e.postJob(TOPIC));
        net.runUntilQuiet();
        net.advance(OFFER_WINDOW.minusMillis(1));
        net.tick(Duration.ofMillis(1));
    }

    void stepUntil(BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            assertThat(net.step()).as("the queue ran dry first").isTrue();
        }
    }

    Hash32 networkHash() {
        return net.frames(w, m2, ReplyFrame.class).getFirst().settlementPromise().body().networkPaymentHash();
    }

    Hash32 replyHash() {
        return net.frames(w, m2, ReplyFrame.class).getFirst().settlementPromise().body().replyPaymentHash();
    }

    <R extends WalletRequest> List<R> wallet(Node n, Class<R> kind) {
        return net.walletRequests(n).stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <R extends SettlerRequest> long settlerCalls(Node n, Class<R> kind) {
        return net.settlerCalls.stream().filter(call -> call.caller() == n && kind.isInstance(call.request())).count();
    }

    boolean invoiceIs(Node issuer, Hash32 hash, InvoiceState state) {
        return net.ledger.invoice(issuer.account, hash).map(i -> i.state() == state).orElse(false);
    }

    /** Runs past the confirmation, the dispute window and every expiry. */
    void finish() {
        net.advance(DISPUTE_WINDOW.plus(TTL).plus(DELTA.multipliedBy(4)));
    }

    void assertEveryonePaidInFull() {
        assertThat(net.balances()).isEqualTo(Map.of("C", FUNDS - NETWORK_FEE - PRICE, "settler", FUNDS + SETTLER_FEE,
                "M1", FUNDS + M1_FEE, "M2", FUNDS + M2_FEE, "W", FUNDS + PRICE + W_FEE));
        for (Node n : List.of(c, m1, m2, w)) {
            assertThat(net.ledger.locked(n.account)).as(n.name).isZero();
            assertThat(n.engine.snapshot()).as(n.name + " keeps nothing durable").isEqualTo(
                    new EngineSnapshot(EngineSnapshot.empty().state().toBuilder().setNextId(
                            n.engine.snapshot().nextId()).build()));
        }
        assertThat(net.ledger.liveInvoices()).isZero();
        var report = net.ledger.checkConservation();
        assertThat(report.holds()).as(report.toString()).isTrue();
    }

    void assertReplyOpened() {
        assertThat(c.events(AppEvent.ReplyOpened.class)).isNotEmpty().allSatisfy(o -> {
            assertThat(o.job()).isEqualTo(job);
            assertThat(o.worker()).isEqualTo(w.id());
            assertThat(new String(o.message(), StandardCharsets.UTF_8)).isEqualTo(MESSAGE);
        });
    }

    @Test
    void idsAreReservedInBlocksSoARelayingNodeStoresOnlyWhenItHoldsMoney() {
        collectAndCloseTheOfferWindow();
        // M1 relayed the broadcast (asks and a proof of work: ids of the first block) and forwarded the reply
        assertThat(wallet(m1, WalletRequest.CreateHoldInvoice.class)).hasSize(1);
        assertThat(m1.writes).as("its first id block, then its OPEN invoice").isEqualTo(2);
        long ceiling = EngineSnapshot.decode(m1.stored).orElseThrow().nextId();
        assertThat(ceiling).isEqualTo(1 + NodeContext.ID_BLOCK);
        net.crash(m1, LOSE, false);
        stepUntil(() -> !wallet(m1, WalletRequest.Pay.class).isEmpty());
        assertThat(wallet(m1, WalletRequest.Pay.class).getFirst().callId()).as("the restored engine's first id")
                .isEqualTo(ceiling);
        assertThat(EngineSnapshot.decode(m1.stored).orElseThrow().nextId()).as("and a new block")
                .isEqualTo(ceiling + NodeContext.ID_BLOCK);
    }

    // ---- a middleman ----

    @Test
    void aMiddlemanKilledBeforeItsPayReachedTheWalletPaysOnceWhenRestartedAndEarnsItsFee() {
        collectAndCloseTheOfferWindow();
        Hash32 hash = networkHash();
        stepUntil(() -> !wallet(m1, WalletRequest.Pay.class).isEmpty());
        assertThat(invoiceIs(m1, hash, InvoiceState.ACCEPTED)).isTrue();
        net.crash(m1, LOSE, false);
        assertThat(invoiceIs(m2, hash, InvoiceState.OPEN)).as("M1's first Pay never ran").isTrue();
        assertThat(EngineSnapshot.decode(m1.stored).orElseThrow().hops()).as("M1's chain, PAYING").isEqualTo(1);

        finish();
        assertThat(wallet(m1, WalletRequest.Pay.class)).hasSize(2).extracting(WalletRequest.Pay::bolt11)
                .containsOnly(net.frames(m2, m1, ReplyFrame.class).getFirst().networkInvoice());
        assertThat(wallet(m1, WalletRequest.Cancel.class)).isEmpty();
        assertThat(m1.events(AppEvent.FeeEarned.class)).containsExactly(new AppEvent.FeeEarned(hash, M1_FEE));
        assertReplyOpened();
        assertEveryonePaidInFull();
    }

    @Test
    void aMiddlemanKilledAfterPayingIsRefusedASecondPaymentAndDoesNotCancelItsInvoice() {
        collectAndCloseTheOfferWindow();
        Hash32 hash = networkHash();
        stepUntil(() -> invoiceIs(m2, hash, InvoiceState.ACCEPTED));
        long refusedBefore = net.ledger.stats().paymentsRefused();
        net.crash(m1, KEEP, true);

        finish();
        assertThat(wallet(m1, WalletRequest.Pay.class)).hasSize(2);
        assertThat(net.ledger.stats().paymentsRefused()).as("the second Pay, as already paid")
                .isEqualTo(refusedBefore + 1);
        assertThat(wallet(m1, WalletRequest.Cancel.class)).as("the refusal cancels nothing").isEmpty();
        assertThat(settlerCalls(m1, SettlerRequest.FetchPreimage.class)).as("asked on restart").isEqualTo(1);
        assertThat(m1.events(AppEvent.FeeEarned.class)).containsExactly(new AppEvent.FeeEarned(hash, M1_FEE));
        assertReplyOpened();
        assertEveryonePaidInFull();
    }

    @Test
    void aMiddlemanKilledBeforeItsSettleRanSettlesWhenRestarted() {
        collectAndCloseTheOfferWindow();
        Hash32 hash = networkHash();
        stepUntil(() -> !wallet(m1, WalletRequest.Settle.class).isEmpty());
        net.crash(m1, LOSE, true);
        assertThat(invoiceIs(m1, hash, InvoiceState.ACCEPTED)).as("M1's first Settle never ran").isTrue();

        finish();
        assertThat(wallet(m1, WalletRequest.Settle.class)).hasSize(2);
        assertThat(m1.events(AppEvent.FeeEarned.class)).containsExactly(new AppEvent.FeeEarned(hash, M1_FEE));
        assertEveryonePaidInFull();
    }

    // ---- the customer ----

    @Test
    void aCustomerKilledBeforeItsPaysRanPaysOnceWhenRestartedAndOpensTheReply() {
        collectAndCloseTheOfferWindow();
        stepUntil(() -> wallet(c, WalletRequest.Pay.class).size() == 2);
        net.crash(c, LOSE, false);
        assertThat(EngineSnapshot.decode(c.stored).orElseThrow().jobs()).isEqualTo(1);

        finish();
        // the app is told the job again (its view may have died too): posted, offered, chosen; paid once
        assertThat(c.events(AppEvent.JobPosted.class)).hasSize(2).allMatch(p -> p.job().equals(job));
        // the offer window's policy chose it, and the restored engine still says so
        assertThat(c.events(AppEvent.OfferChosen.class)).hasSize(2).allMatch(AppEvent.OfferChosen::byPolicy);
        assertThat(c.events(AppEvent.JobPaid.class)).hasSize(1);
        assertThat(wallet(c, WalletRequest.Pay.class)).hasSize(4);
        assertThat(c.events(AppEvent.PaymentFailed.class)).isEmpty();
        assertReplyOpened();
        assertThat(c.events(AppEvent.JobSettled.class)).containsExactly(new AppEvent.JobSettled(job, PRICE));
        assertEveryonePaidInFull();
    }

    @Test
    void aCustomerKilledAfterPayingOpensTheReplyWhenThePreimageArrivesAndConfirms() {
        collectAndCloseTheOfferWindow();
        stepUntil(() -> !c.events(AppEvent.JobPaid.class).isEmpty());
        net.crash(c, KEEP, true);
        assertThat(c.events(AppEvent.ReplyOpened.class)).isEmpty();
        assertThat(c.events(AppEvent.JobPaid.class)).as("paid, told again on restore").hasSize(2);

        finish();
        assertReplyOpened();
        assertThat(settlerCalls(c, SettlerRequest.ConfirmJob.class)).isEqualTo(1);
        assertThat(c.events(AppEvent.JobSettled.class)).containsExactly(new AppEvent.JobSettled(job, PRICE));
        assertEveryonePaidInFull();
    }

    @Test
    void aCustomerKilledAfterOpeningTheReplyIsToldItAgainAndStillConfirms() {
        collectAndCloseTheOfferWindow();
        stepUntil(() -> !c.events(AppEvent.ReplyOpened.class).isEmpty());
        net.runUntilQuiet();
        net.crash(c, LOSE, false);
        assertThat(c.events(AppEvent.ReplyOpened.class)).as("told again by the restored engine").hasSize(2);
        assertReplyOpened();

        net.advance(CONFIRM_AFTER);
        assertThat(settlerCalls(c, SettlerRequest.ConfirmJob.class)).isEqualTo(1);
        assertThat(c.events(AppEvent.JobSettled.class)).containsExactly(new AppEvent.JobSettled(job, PRICE));
        finish();
        assertEveryonePaidInFull();
    }

    @Test
    void aDisputeWhoseRequestDiedWithTheCustomerIsMadeAgainAndHoldsThePayment() {
        collectAndCloseTheOfferWindow();
        stepUntil(() -> !c.events(AppEvent.ReplyOpened.class).isEmpty());
        net.runUntilQuiet();
        c.command(e -> e.openDispute(job, "no car came"));
        net.crash(c, LOSE, false); // the OpenDispute never left
        assertThat(settlerCalls(c, SettlerRequest.OpenDispute.class)).as("the lost one and the one made again")
                .isEqualTo(2);

        net.advance(DISPUTE_WINDOW.plus(CONFIRM_AFTER));
        assertThat(settlerCalls(c, SettlerRequest.ConfirmJob.class)).as("no automatic confirmation").isZero();
        assertThat(net.ledger.locked(c.account)).as("the settler holds the job payment").isEqualTo(PRICE);
        assertThat(w.events(AppEvent.JobPaymentReceived.class)).isEmpty();
        var report = net.ledger.checkConservation();
        assertThat(report.holds()).as(report.toString()).isTrue();
    }

    // ---- the worker ----

    @Test
    void aWorkerKilledAfterItsJobInvoiceWasAcceptedIsStillPaid() {
        collectAndCloseTheOfferWindow();
        stepUntil(() -> settlerCalls(w, SettlerRequest.ReplyInvoiceAccepted.class) == 1);
        net.crash(w, LOSE, false);

        finish();
        assertThat(settlerCalls(w, SettlerRequest.ReplyInvoiceAccepted.class)).as("told the settler again")
                .isEqualTo(2);
        assertThat(w.events(AppEvent.JobPaymentReceived.class)).containsExactly(
                new AppEvent.JobPaymentReceived(replyHash(), PRICE));
        assertEveryonePaidInFull();
    }

    @Test
    void aWorkerKilledAsTheSettlerReleasedItsPaymentFetchesTheJobPreimage() {
        collectAndCloseTheOfferWindow();
        net.runUntilQuiet();
        net.advance(CONFIRM_AFTER.minusMillis(1));
        net.tick(Duration.ofMillis(1));
        Hash32 reply = replyHash();
        stepUntil(() -> net.published.stream().anyMatch(p -> p.paymentHash().equals(reply)));
        net.crash(w, KEEP, false); // the settler's notice to W dies with the process

        finish();
        assertThat(settlerCalls(w, SettlerRequest.FetchPreimage.class)).isEqualTo(1);
        assertThat(w.events(AppEvent.JobPaymentReceived.class)).containsExactly(
                new AppEvent.JobPaymentReceived(reply, PRICE));
        assertEveryonePaidInFull();
    }

    // ---- anywhere ----

    /**
     * A few hundred jobs, each with one to three nodes killed at random deliveries,
     * losing a random part of their outputs not yet run and sometimes handling their
     * last wallet notice twice. Always: money is conserved, nothing stays locked or
     * held by an engine, and a job whose offer was chosen is paid in full and its
     * reply opened; a job without one moved no money. (The host also checks, after
     * every input, that the durable state never changed without its version.)
     */
    @Test
    void killedAnywhereNoMoneyIsLostAndNoAcceptedJobIsLost() {
        int chosen = 0;
        int crashes = 0;
        int[] whilePaying = {0};
        // -Ddurability.runs=FROM,TO runs other seeds (a longer soak: 0,5000)
        String[] range = System.getProperty("durability.runs", "0,200").split(",");
        for (int run = Integer.parseInt(range[0]); run < Integer.parseInt(range[1]); run++) {
            start(1_000 + run, 4);
            SecureRandom r = TestRandom.seeded(run);
            Map<Integer, List<Node>> schedule = new HashMap<>();
            List<Node> nodes = List.of(c, m1, m2, w);
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                schedule.computeIfAbsent(r.nextInt(90), k -> new ArrayList<>()).add(nodes.get(r.nextInt(4)));
            }
            net.beforeStep = k -> {
                for (Node victim : schedule.getOrDefault(k, List.of())) {
                    if (!c.events(AppEvent.OfferChosen.class).isEmpty() && w.events(
                            AppEvent.JobPaymentReceived.class).isEmpty()) {
                        whilePaying[0]++;
                    }
                    net.crash(victim, o -> r.nextBoolean(), r.nextBoolean());
                }
            };
            c.command(e -> job = e.postJob(TOPIC));
            net.runUntilQuiet();
            finish();
            finish();
            // a job invoice W made before a crash lost its reply is never offered: it expires unpaid at the end
            // of its lifetime, the settler's terms and W's margin (issue 17)
            net.advance(SettlerConfig.of(SETTLER_FEE, TTL, DISPUTE_WINDOW).settlementSpan()
                    .plus(EngineConfig.defaults().jobInvoiceMargin()));

            String context = "run " + run + ", crashes at " + schedule;
            var report = net.ledger.checkConservation();
            assertThat(report.holds()).as(context + ": " + report).isTrue();
            if (c.events(AppEvent.OfferChosen.class).isEmpty()) {
                assertThat(net.balances().values()).as(context).allMatch(b -> b == FUNDS);
            } else {
                chosen++;
                assertThat(c.events(AppEvent.ReplyOpened.class)).as(context).isNotEmpty();
                assertThat(net.balances()).as(context).isEqualTo(Map.of("C", FUNDS - NETWORK_FEE - PRICE,
                        "settler", FUNDS + SETTLER_FEE, "M1", FUNDS + M1_FEE, "M2", FUNDS + M2_FEE,
                        "W", FUNDS + PRICE + W_FEE));
            }
            assertThat(net.ledger.liveInvoices()).as(context).isZero();
            for (Node node : nodes) {
                assertThat(net.ledger.locked(node.account)).as(context + " " + node.name).isZero();
                EngineSnapshot s = node.engine.snapshot();
                assertThat(s.hops() + s.jobInvoices() + s.jobs()).as(context + " " + node.name).isZero();
                crashes += node.crashes;
            }
        }
        int runs = Integer.parseInt(range[1]) - Integer.parseInt(range[0]);
        assertThat(crashes).isGreaterThan(runs);
        assertThat(chosen).as("runs whose job was accepted (and survived crashes)").isGreaterThan(runs / 4);
        assertThat(whilePaying[0]).as("crashes between the choice and the worker's payment").isGreaterThan(runs / 4);
    }
}
