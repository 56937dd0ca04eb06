package org.giggossip.core.settler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.settler.SettlerFixture.CUSTOMER;
import static org.giggossip.core.settler.SettlerFixture.FEE;
import static org.giggossip.core.settler.SettlerFixture.REPLIER;
import static org.giggossip.core.settler.SettlerFixture.STRANGER;
import static org.giggossip.core.settler.SettlerFixture.T0;
import static org.giggossip.core.settler.SettlerFixture.TTL;
import static org.giggossip.core.settler.SettlerFixture.WINDOW;
import static org.giggossip.core.settler.SettlerFixture.assertRefused;
import static org.giggossip.core.settler.SettlerFixture.published;
import static org.giggossip.core.settler.SettlerFixture.response;
import static org.giggossip.core.settler.SettlerFixture.responses;
import static org.giggossip.core.settler.SettlerFixture.walletRequests;

import java.time.Duration;
import java.util.List;
import org.giggossip.core.crypto.SymmetricBox;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.ReplyPayload;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the settler reveals the network preimage and releases the job payment
 * (seed 000, 3.8, 3.9, 2.1): both acceptances first, never after the network
 * invoice failed, the dispute window, disputes, FetchPreimage and deadlines.
 * The settler's wallet is played by hand.
 */
class SettlerPaymentsTest {
    SettlerFixture f;

    /** A sealed gig. */
    record Sealed(Hash32 replyHash, SettlerResponse.ReplySealed reply) {
        Hash32 networkHash() {
            return reply.promise().body().networkPaymentHash();
        }
    }

    @BeforeEach
    void setUp() {
        f = new SettlerFixture();
    }

    Sealed sealedGig() {
        Hash32 replyHash = f.issue();
        return new Sealed(replyHash, f.sealed(replyHash, f.callId()));
    }

    List<SettlerOutput> networkAccepted(Sealed g) {
        return f.wallet(new WalletEvent.InvoiceAccepted(g.networkHash(), FEE));
    }

    List<SettlerOutput> replyAccepted(Sealed g, long callId) {
        return f.request(REPLIER, new SettlerRequest.ReplyInvoiceAccepted(callId, g.replyHash()));
    }

    static WalletRequest.Settle onlySettle(List<SettlerOutput> out) {
        List<WalletRequest> wallet = walletRequests(out);
        assertThat(wallet).hasSize(1);
        assertThat(wallet.getFirst()).isInstanceOf(WalletRequest.Settle.class);
        return (WalletRequest.Settle) wallet.getFirst();
    }

    /** Both acceptances, then the wallet confirms the settlement; returns the network preimage. */
    Preimage reveal(Sealed g) {
        networkAccepted(g);
        WalletRequest.Settle settle = onlySettle(replyAccepted(g, f.callId()));
        List<SettlerOutput> out = f.wallet(new WalletEvent.InvoiceSettled(g.networkHash(), FEE));
        assertThat(published(out)).containsExactly(new SettlerOutput.Publish(g.networkHash(), settle.preimage()));
        return settle.preimage();
    }

    static void assertNoReveal(List<SettlerOutput> out) {
        assertThat(walletRequests(out)).noneMatch(r -> r instanceof WalletRequest.Settle);
        assertThat(published(out)).isEmpty();
    }

    // --- the reveal rule (3.8, issue 2)

    @Test
    void theNetworkInvoiceAcceptedAloneRevealsNothing() {
        Sealed g = sealedGig();
        List<SettlerOutput> out = networkAccepted(g);
        assertThat(out).isEmpty();
    }

    @Test
    void theReplyInvoiceAcceptedAloneRevealsNothing() {
        Sealed g = sealedGig();
        List<SettlerOutput> out = replyAccepted(g, 4);
        assertThat(response(out, REPLIER)).isEqualTo(new SettlerResponse.Done(4));
        assertNoReveal(out);
    }

    @Test
    void bothAcceptancesSettleTheNetworkInvoiceAndTheConfirmationPublishesThePreimage() {
        Sealed g = sealedGig();
        networkAccepted(g);
        List<SettlerOutput> out = replyAccepted(g, 4);
        assertThat(response(out, REPLIER)).isEqualTo(new SettlerResponse.Done(4));
        WalletRequest.Settle settle = onlySettle(out);
        assertThat(settle.paymentHash()).isEqualTo(g.networkHash());
        assertThat(settle.preimage().matches(g.networkHash())).isTrue();
        assertThat(published(out)).as("published only once the wallet confirms").isEmpty();

        out = f.wallet(new WalletEvent.InvoiceSettled(g.networkHash(), FEE));
        assertThat(published(out)).containsExactly(new SettlerOutput.Publish(g.networkHash(), settle.preimage()));
        // the preimage is the key of the reply payload (3.8: preimage = key)
        byte[] opened = SymmetricBox.open(settle.preimage().replyKey(), g.reply().encryptedReplyPayload())
                .orElseThrow();
        assertThat(ReplyPayload.decode(opened).orElseThrow().replierCertificate()).isEqualTo(f.replierCertificate);
    }

    @Test
    void aClaimTheSettlersLedgerDoesNotBearOutRevealsNothingUntilTheJobInvoiceIsHeld() {
        Sealed g = sealedGig();
        networkAccepted(g);
        f.jobInvoiceHeld = false; // the worker claims, but the customer has not paid the job invoice
        List<SettlerOutput> out = replyAccepted(g, 4);
        assertThat(response(out, REPLIER)).isEqualTo(new SettlerResponse.Done(4));
        assertNoReveal(out);
        assertThat(f.settler.gig(g.replyHash()).orElseThrow().replyAccepted()).as("the claim is forgotten").isFalse();
        f.jobInvoiceHeld = true; // the customer paid after all: the worker's next claim is borne out
        assertThat(onlySettle(replyAccepted(g, 5)).paymentHash()).isEqualTo(g.networkHash());
    }

    @Test
    void theOrderOfTheAcceptancesDoesNotMatter() {
        Sealed g = sealedGig();
        assertNoReveal(replyAccepted(g, 4));
        assertThat(onlySettle(networkAccepted(g)).paymentHash()).isEqualTo(g.networkHash());
        assertThat(walletRequests(replyAccepted(g, 5))).as("no second settlement").isEmpty();
    }

    @Test
    void nothingIsRevealedAfterTheNetworkInvoiceIsCancelled() {
        Sealed g = sealedGig();
        assertNoReveal(replyAccepted(g, 4));
        List<SettlerOutput> out = f.wallet(new WalletEvent.InvoiceCancelled(g.networkHash(), "expired"));
        assertThat(response(out, REPLIER)).isEqualTo(new SettlerResponse.ReplyCancelled(0, g.replyHash(),
                "the network invoice was cancelled: expired"));
        assertNoReveal(out);
        assertNoReveal(networkAccepted(g));
        assertRefused(replyAccepted(g, 5), REPLIER, 5, "unknown gig");
        assertThat(f.settler.liveGigs()).isZero();
    }

    @Test
    void nothingIsRevealedOnceTheNetworkInvoiceIsDue() {
        Sealed g = sealedGig();
        networkAccepted(g);
        f.clock.set(T0.plus(TTL)); // due, but the host has not woken the settler yet
        assertNoReveal(replyAccepted(g, 4));
        List<SettlerOutput> out = f.wakeAt(T0.plus(TTL));
        assertThat(walletRequests(out)).containsExactly(new WalletRequest.Cancel(
                ((WalletRequest.Cancel) walletRequests(out).getFirst()).callId(), g.networkHash()));
        assertThat(response(out, REPLIER)).isInstanceOf(SettlerResponse.ReplyCancelled.class);
        assertNoReveal(out);
    }

    @Test
    void aFailedSettlementPublishesNothingAndEndsTheGig() {
        Sealed g = sealedGig();
        networkAccepted(g);
        WalletRequest.Settle settle = onlySettle(replyAccepted(g, 4));
        List<SettlerOutput> out = f.wallet(new WalletEvent.CallFailed(settle.callId(), "invoice expired"));
        assertThat(published(out)).isEmpty();
        assertThat(response(out, REPLIER)).isInstanceOf(SettlerResponse.ReplyCancelled.class);
        assertThat(f.wallet(new WalletEvent.InvoiceSettled(g.networkHash(), FEE))).isEmpty();
        assertThat(f.settler.liveGigs()).isZero();
    }

    // --- the job payment (2.1)

    @Test
    void theJobPaymentIsReleasedWhenTheDisputeWindowCloses() {
        Sealed g = sealedGig();
        reveal(g);
        // the host was asked to wake at the earlier deadline; then the settler asks for the window's end
        assertThat(f.wakeAt(T0.plus(TTL))).containsExactly(new SettlerOutput.WakeUp(T0.plus(WINDOW)));
        assertThat(f.wakeAt(T0.plus(WINDOW).minusMillis(1))).isEmpty();
        List<SettlerOutput> out = f.wakeAt(T0.plus(WINDOW));
        SettlerResponse r = response(out, REPLIER);
        assertThat(r).isInstanceOfSatisfying(SettlerResponse.PreimageRevealed.class, p -> {
            assertThat(p.callId()).isZero();
            assertThat(p.paymentHash()).isEqualTo(g.replyHash());
            assertThat(p.preimage().matches(g.replyHash())).isTrue();
            assertThat(published(out)).containsExactly(new SettlerOutput.Publish(g.replyHash(), p.preimage()));
        });
        assertThat(f.settler.liveGigs()).isZero();
    }

    @Test
    void theCustomerMayConfirmTheJobEarly() {
        Sealed g = sealedGig();
        assertRefused(f.request(CUSTOMER, new SettlerRequest.ConfirmJob(1, g.replyHash())), CUSTOMER, 1,
                "not settled yet");
        reveal(g);
        assertRefused(f.request(REPLIER, new SettlerRequest.ConfirmJob(2, g.replyHash())), REPLIER, 2,
                Settler.NOT_YOUR_GIG);
        List<SettlerOutput> out = f.request(CUSTOMER, new SettlerRequest.ConfirmJob(3, g.replyHash()));
        assertThat(responses(out)).extracting(SettlerOutput.Respond::to, SettlerOutput.Respond::response)
                .first().isEqualTo(org.assertj.core.groups.Tuple.tuple(CUSTOMER, new SettlerResponse.Done(3)));
        assertThat(responses(out).get(1).response()).isInstanceOf(SettlerResponse.PreimageRevealed.class);
        assertThat(responses(out).get(1).to()).isEqualTo(REPLIER);
        assertThat(f.wakeAt(T0.plus(WINDOW))).as("released once").isEmpty();
    }

    @Test
    void aDisputeHoldsTheJobPaymentUntilResolvedForTheWorker() {
        Sealed g = sealedGig();
        assertRefused(f.request(CUSTOMER, new SettlerRequest.OpenDispute(1, g.replyHash(), "late")), CUSTOMER, 1,
                "nothing to dispute yet");
        reveal(g);
        assertRefused(f.request(STRANGER, new SettlerRequest.OpenDispute(2, g.replyHash(), "x")), STRANGER, 2,
                Settler.NOT_YOUR_GIG);
        assertRefused(f.request(REPLIER, new SettlerRequest.OpenDispute(3, g.replyHash(), "x")), REPLIER, 3,
                Settler.NOT_YOUR_GIG);
        assertThat(response(f.request(CUSTOMER, new SettlerRequest.OpenDispute(4, g.replyHash(), "driver late")),
                CUSTOMER)).isEqualTo(new SettlerResponse.Done(4));
        assertRefused(f.request(CUSTOMER, new SettlerRequest.OpenDispute(5, g.replyHash(), "again")), CUSTOMER, 5,
                "already open");
        assertThat(f.wakeAt(T0.plus(WINDOW).plus(WINDOW))).as("held past the window, until the dispute deadline")
                .containsExactly(new SettlerOutput.WakeUp(f.clock.instant().minus(WINDOW).minus(WINDOW)
                        .plus(SettlerConfig.DEFAULT_DISPUTE_DEADLINE)));
        assertRefused(f.request(STRANGER, new SettlerRequest.FetchPreimage(6, g.replyHash())), STRANGER, 6,
                "not revealed");

        List<SettlerOutput> out = f.during(() -> assertThat(f.settler.resolveDispute(g.replyHash(), true))
                .isEqualTo(new SettlerResponse.Done(0)));
        assertThat(response(out, REPLIER)).isInstanceOf(SettlerResponse.PreimageRevealed.class);
        assertThat(published(out)).hasSize(1);
        assertThat(f.settler.resolveDispute(g.replyHash(), true))
                .isInstanceOf(SettlerResponse.Refused.class);
    }

    @Test
    void gigsAreCountedByStageEveryStageListed() {
        assertThat(f.settler.gigsByStage()).containsExactly(java.util.Map.entry("ISSUED", 0),
                java.util.Map.entry("SEALING", 0), java.util.Map.entry("SEALED", 0),
                java.util.Map.entry("REVEALING", 0), java.util.Map.entry("REVEALED", 0),
                java.util.Map.entry("DISPUTED", 0));
        f.issue();
        Sealed sealed = sealedGig();
        Sealed disputed = sealedGig();
        reveal(disputed);
        f.request(CUSTOMER, new SettlerRequest.OpenDispute(9, disputed.replyHash(), "late"));
        assertThat(f.settler.gigsByStage()).containsEntry("ISSUED", 1).containsEntry("SEALED", 1)
                .containsEntry("DISPUTED", 1).containsEntry("REVEALED", 0);
        reveal(sealed);
        assertThat(f.settler.gigsByStage()).containsEntry("SEALED", 0).containsEntry("REVEALED", 1);
        assertThat(f.settler.gigsByStage().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(f.settler.liveGigs());
    }

    @Test
    void aDisputeResolvedForTheCustomerCancelsTheJobInvoice() {
        Sealed g = sealedGig();
        reveal(g);
        f.request(CUSTOMER, new SettlerRequest.OpenDispute(1, g.replyHash(), "no show"));
        List<SettlerOutput> out = f.during(() -> f.settler.resolveDispute(g.replyHash(), false));
        assertThat(response(out, REPLIER)).isEqualTo(new SettlerResponse.ReplyCancelled(0, g.replyHash(),
                "the dispute was resolved for the customer"));
        assertThat(published(out)).isEmpty();
        assertRefused(f.request(STRANGER, new SettlerRequest.FetchPreimage(2, g.replyHash())), STRANGER, 2,
                "not revealed");
        assertThat(f.settler.liveGigs()).isZero();
    }

    @Test
    void onlyAnOpenDisputeIsResolved() {
        Sealed g = sealedGig();
        assertThat(f.settler.resolveDispute(g.replyHash(), true)).isInstanceOfSatisfying(
                SettlerResponse.Refused.class, r -> assertThat(r.reason()).contains("no dispute is open"));
        assertThat(f.settler.resolveDispute(Hash32.of(new byte[32]), true)).isInstanceOfSatisfying(
                SettlerResponse.Refused.class, r -> assertThat(r.reason()).contains("unknown gig"));
        reveal(g);
        assertThat(f.settler.resolveDispute(g.replyHash(), false)).isInstanceOf(SettlerResponse.Refused.class);
    }

    @Test
    void confirmingTheJobWithdrawsTheCustomersDispute() {
        Sealed g = sealedGig();
        reveal(g);
        f.request(CUSTOMER, new SettlerRequest.OpenDispute(1, g.replyHash(), "late"));
        List<SettlerOutput> out = f.request(CUSTOMER, new SettlerRequest.ConfirmJob(2, g.replyHash()));
        assertThat(responses(out).get(1).response()).isInstanceOf(SettlerResponse.PreimageRevealed.class);
    }

    // --- CancelGig: who may call a gig off (docs/operations.md, "Cancelling")

    /**
     * The worker withdraws its sealed offer: the settler cancels its network invoice and tells the
     * customer, who holds the offer, so that it does not take it. The customer used to learn nothing
     * and could only find out by paying it.
     */
    @Test
    void aReplierThatCallsItsSealedGigOffTellsTheCustomer() {
        Sealed g = sealedGig();
        List<SettlerOutput> out = f.request(REPLIER, new SettlerRequest.CancelGig(1, g.replyHash()));
        assertThat(responses(out)).extracting(SettlerOutput.Respond::to, SettlerOutput.Respond::response)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(REPLIER, new SettlerResponse.Done(1)),
                        org.assertj.core.groups.Tuple.tuple(REPLIER, new SettlerResponse.ReplyCancelled(0,
                                g.replyHash(), "the gig was cancelled")),
                        org.assertj.core.groups.Tuple.tuple(CUSTOMER, new SettlerResponse.ReplyCancelled(0,
                                g.replyHash(), Settler.WITHDRAWN)));
        assertThat(walletRequests(out)).singleElement().isInstanceOfSatisfying(WalletRequest.Cancel.class,
                c -> assertThat(c.paymentHash()).isEqualTo(g.networkHash()));
        assertThat(f.settler.liveGigs()).isZero();
    }

    /** The customer calls a gig off (it took another offer, or cancelled its job): the worker is told, not the customer. */
    @Test
    void aCustomerThatCallsAGigOffIsNotToldItsOwnCancel() {
        Sealed g = sealedGig();
        List<SettlerOutput> out = f.request(CUSTOMER, new SettlerRequest.CancelGig(1, g.replyHash()));
        assertThat(responses(out)).extracting(SettlerOutput.Respond::to, SettlerOutput.Respond::response)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(CUSTOMER, new SettlerResponse.Done(1)),
                        org.assertj.core.groups.Tuple.tuple(REPLIER, new SettlerResponse.ReplyCancelled(0,
                                g.replyHash(), "the gig was cancelled")));
    }

    /**
     * A forged cancel: only the gig's customer (the subject of the signed request's certificate) and
     * its replier (who asked for its hash) may call it off. A stranger, and another worker answering
     * the same job, are refused, and the gig goes on untouched: it still reveals once paid.
     */
    @Test
    void nobodyButTheGigsCustomerAndReplierCallsItOff() {
        Sealed g = sealedGig();
        // the stranger answers the same job: it is the replier of a gig of its own, not of g
        SettlerResponse issued = response(f.request(STRANGER,
                new SettlerRequest.IssueReplyHash(1, f.request, SettlerFixture.JOB)), STRANGER);
        Hash32 strangers = ((SettlerResponse.ReplyHashIssued) issued).replyPaymentHash();
        assertRefused(f.request(STRANGER, new SettlerRequest.CancelGig(2, g.replyHash())), STRANGER, 2,
                Settler.NOT_YOUR_GIG);
        assertRefused(f.request(REPLIER, new SettlerRequest.CancelGig(3, strangers)), REPLIER, 3,
                Settler.NOT_YOUR_GIG);
        assertRefused(f.request(STRANGER, new SettlerRequest.CancelGig(4, Hash32.of(new byte[32]))), STRANGER, 4,
                "unknown gig");
        assertThat(f.settler.gig(g.replyHash())).hasValueSatisfying(v -> assertThat(v.stage()).isEqualTo("SEALED"));
        networkAccepted(g);
        assertThat(onlySettle(replyAccepted(g, 5)).paymentHash()).isEqualTo(g.networkHash());
        // and once the network payment is being settled, not even the parties may
        assertRefused(f.request(REPLIER, new SettlerRequest.CancelGig(6, g.replyHash())), REPLIER, 6, "too late");
        assertRefused(f.request(CUSTOMER, new SettlerRequest.CancelGig(7, g.replyHash())), CUSTOMER, 7, "too late");
    }

    // --- ReplyInvoiceAccepted and FetchPreimage

    @Test
    void replyInvoiceAcceptedNeedsASealedReplyAndItsReplier() {
        Hash32 replyHash = f.issue();
        assertRefused(f.request(REPLIER, new SettlerRequest.ReplyInvoiceAccepted(1, replyHash)), REPLIER, 1,
                "not sealed yet");
        f.seal(replyHash, 2);
        assertRefused(f.request(REPLIER, new SettlerRequest.ReplyInvoiceAccepted(3, replyHash)), REPLIER, 3,
                "not sealed yet");
        assertRefused(f.request(CUSTOMER, new SettlerRequest.ReplyInvoiceAccepted(4, replyHash)), CUSTOMER, 4,
                Settler.NOT_YOUR_GIG);
    }

    @Test
    void fetchPreimageAnswersPublishedPreimagesForTheRetention() {
        Sealed g = sealedGig();
        assertRefused(f.request(STRANGER, new SettlerRequest.FetchPreimage(1, g.networkHash())), STRANGER, 1,
                "not revealed");
        Preimage network = reveal(g);
        assertThat(response(f.request(STRANGER, new SettlerRequest.FetchPreimage(2, g.networkHash())), STRANGER))
                .isEqualTo(new SettlerResponse.PreimageRevealed(2, g.networkHash(), network));
        f.wakeAt(T0.plus(WINDOW)); // releases the job preimage too
        assertThat(f.settler.publishedPreimages()).isEqualTo(2);
        f.clock.set(T0.plus(Duration.ofDays(1)));
        assertRefused(f.request(STRANGER, new SettlerRequest.FetchPreimage(3, g.networkHash())), STRANGER, 3,
                "not revealed");
        assertThat(f.settler.publishedPreimages()).isEqualTo(1);
    }

    // --- deadlines keep memory bounded

    @Test
    void anUnsealedGigIsForgottenAtItsDeadline() {
        f.issue();
        assertThat(f.wakeAt(T0.plus(TTL))).isEmpty();
        assertThat(f.settler.liveGigs()).isZero();
    }

    @Test
    void aSealedGigWhosePaymentNeverComesEndsWhenTheNetworkInvoiceExpires() {
        Sealed g = sealedGig();
        assertThat(f.wakeAt(T0.plus(TTL).minusMillis(1))).isEmpty();
        List<SettlerOutput> out = f.wakeAt(T0.plus(TTL));
        assertThat(walletRequests(out)).singleElement().isInstanceOfSatisfying(WalletRequest.Cancel.class,
                c -> assertThat(c.paymentHash()).isEqualTo(g.networkHash()));
        assertThat(response(out, REPLIER)).isEqualTo(new SettlerResponse.ReplyCancelled(0, g.replyHash(),
                "the network invoice expired"));
        assertThat(f.settler.liveGigs()).isZero();
    }

    @Test
    void aSealThatTheWalletNeverAnswersIsRefusedAtTheDeadline() {
        Hash32 replyHash = f.issue();
        f.seal(replyHash, 8);
        assertRefused(f.wakeAt(T0.plus(TTL)), REPLIER, 8, "not created in time");
        assertThat(f.settler.liveGigs()).isZero();
    }

    @Test
    void manyGigsEndAndLeaveNothingBehind() {
        for (int i = 0; i < 50; i++) {
            Sealed g = sealedGig();
            if (i % 2 == 0) {
                reveal(g);
            }
        }
        assertThat(f.settler.liveGigs()).isEqualTo(50);
        f.wakeAt(T0.plus(WINDOW));
        assertThat(f.settler.liveGigs()).isZero();
        f.wakeAt(T0.plus(Duration.ofDays(2)));
        assertThat(f.settler.publishedPreimages()).isZero();
    }

    // --- reproducible runs

    @Test
    void theSameSeedGivesTheSameRun() {
        SettlerFixture a = new SettlerFixture(SettlerConfig.of(FEE, TTL, WINDOW), 7);
        SettlerFixture b = new SettlerFixture(SettlerConfig.of(FEE, TTL, WINDOW), 7);
        Sealed[] sealed = new Sealed[2];
        for (int i = 0; i < 2; i++) {
            f = i == 0 ? a : b;
            sealed[i] = sealedGig();
            reveal(sealed[i]);
            f.wakeAt(T0.plus(WINDOW));
        }
        assertThat(sealed[1].replyHash()).isEqualTo(sealed[0].replyHash());
        assertThat(sealed[1].reply().encryptedReplyPayload()).isEqualTo(sealed[0].reply().encryptedReplyPayload());
        assertThat(sealed[1].reply().promise().encode()).isEqualTo(sealed[0].reply().promise().encode());
        assertThat(published(b.outputs)).isEqualTo(published(a.outputs)).hasSize(2);
    }
}
