package org.giggossip.core.settler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.settler.SettlerFixture.CUSTOMER;
import static org.giggossip.core.settler.SettlerFixture.FEE;
import static org.giggossip.core.settler.SettlerFixture.JOB;
import static org.giggossip.core.settler.SettlerFixture.REPLIER;
import static org.giggossip.core.settler.SettlerFixture.SETTLER_SIGNER;
import static org.giggossip.core.settler.SettlerFixture.T0;
import static org.giggossip.core.settler.SettlerFixture.TTL;
import static org.giggossip.core.settler.SettlerFixture.WINDOW;
import static org.giggossip.core.settler.SettlerFixture.assertRefused;
import static org.giggossip.core.settler.SettlerFixture.published;
import static org.giggossip.core.settler.SettlerFixture.response;
import static org.giggossip.core.settler.SettlerFixture.responses;
import static org.giggossip.core.settler.SettlerFixture.withoutDisputeNotices;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.settler.proto.GigState;
import org.giggossip.core.testing.TestRandom;
import org.giggossip.core.wire.DisputeOutcome;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.ReplyPayload;
import org.giggossip.core.wire.SettlementPromiseBody;
import org.junit.jupiter.api.Test;

/**
 * The settler's dispute terms (docs/settler.md, "Dispute window and invoice lifetimes"): it
 * states them before the replier makes its job invoice and in its signed promise, refuses to seal a job
 * invoice that expires before it is done with it, and ends an open dispute nobody rules on at its deadline
 * in the outcome it stated.
 */
class SettlerDisputeTermsTest {
    static final Duration DEADLINE = Duration.ofHours(5);

    SettlerFixture f;

    SettlerFixture fixture(DisputeOutcome outcome) {
        f = new SettlerFixture(SettlerConfig.of(FEE, TTL, WINDOW).withDisputeDeadline(DEADLINE, outcome), 42);
        return f;
    }

    /** A gig sealed, paid and revealed at T0; returns the reply hash. */
    Hash32 revealedGig() {
        Hash32 reply = f.issue();
        SettlerResponse.ReplySealed sealed = f.sealed(reply, f.callId());
        Hash32 network = sealed.promise().body().networkPaymentHash();
        f.wallet(new WalletEvent.InvoiceAccepted(network, FEE));
        f.request(REPLIER, new SettlerRequest.ReplyInvoiceAccepted(f.callId(), reply));
        f.wallet(new WalletEvent.InvoiceSettled(network, FEE));
        assertThat(f.settler.gig(reply).orElseThrow().stage()).isEqualTo("REVEALED");
        return reply;
    }

    @Test
    void theTermsAreStatedBeforeTheJobInvoiceAndSignedInThePromise() {
        fixture(DisputeOutcome.REFUND_CUSTOMER);
        SettlerResponse issued = response(f.request(REPLIER, new SettlerRequest.IssueReplyHash(f.callId(),
                f.request, JOB)), REPLIER);
        assertThat(issued).isInstanceOfSatisfying(SettlerResponse.ReplyHashIssued.class, r -> {
            assertThat(r.terms()).isEqualTo(new DisputeTerms(TTL, WINDOW, DEADLINE, DisputeOutcome.REFUND_CUSTOMER));
            assertThat(r.terms().span()).isEqualTo(TTL.plus(WINDOW).plus(DEADLINE));
        });

        SettlementPromiseBody promise = f.sealed(f.issue(), f.callId()).promise().body();
        assertThat(promise.disputeWindow()).isEqualTo(WINDOW);
        assertThat(promise.disputeDeadline()).isEqualTo(DEADLINE);
        assertThat(promise.disputeDefault()).isEqualTo(DisputeOutcome.REFUND_CUSTOMER);
        assertThat(promise.settleBy()).isEqualTo(T0.plus(TTL).plus(WINDOW).plus(DEADLINE));
    }

    @Test
    void aJobInvoiceThatExpiresBeforeTheSettlerIsDoneIsRefusedAtTheSeal() {
        fixture(DisputeOutcome.PAY_WORKER);
        Hash32 reply = f.issue();
        Instant settleBy = T0.plus(TTL).plus(WINDOW).plus(DEADLINE);
        // the old worker's 2 h invoice, and one a minute short of the margin
        for (Instant expiry : List.of(T0.plus(Duration.ofHours(2)),
                settleBy.plus(DisputeTerms.SETTLE_MARGIN).minusSeconds(60))) {
            byte[] payload = new ReplyPayload(f.replierCertificate, f.request, f.offer(),
                    f.jobInvoiceExpiringAt(reply, JOB, expiry)).encode();
            long call = f.callId();
            assertRefused(f.request(REPLIER, new SettlerRequest.SealReply(call, reply, payload)), REPLIER, call,
                    "before the settler's last moment to release or cancel the job payment");
        }
        // one that outlives it by the margin is sealed
        assertThat(f.seal(reply, f.callId()).paymentHash()).isNotNull();
    }

    @Test
    void aDisputeNeverRuledOnPaysTheWorkerAtItsDeadlineWhenThatIsTheStatedDefault() {
        fixture(DisputeOutcome.PAY_WORKER);
        Hash32 reply = revealedGig();
        f.clock.set(T0.plus(Duration.ofMinutes(30)));
        f.request(CUSTOMER, new SettlerRequest.OpenDispute(f.callId(), reply, "late"));
        Instant deadline = T0.plus(Duration.ofMinutes(30)).plus(DEADLINE);
        assertThat(f.settler.gig(reply).orElseThrow().deadline()).isEqualTo(deadline);

        List<SettlerOutput> before = f.wakeAt(deadline.minusMillis(1));
        assertThat(responses(before)).as("held until the deadline").isEmpty();
        assertThat(published(before)).isEmpty();
        List<SettlerOutput> out = f.wakeAt(deadline);
        assertThat(response(withoutDisputeNotices(out), REPLIER)).isInstanceOfSatisfying(
                SettlerResponse.PreimageRevealed.class,
                r -> assertThat(r.paymentHash()).isEqualTo(reply));
        assertThat(published(out)).singleElement().satisfies(p -> assertThat(p.paymentHash()).isEqualTo(reply));
        SettlerResponse.DisputeResolved told = new SettlerResponse.DisputeResolved(0, reply, "released", "default",
                "the dispute was not resolved by its deadline");
        assertThat(responses(out)).filteredOn(r -> r.response() instanceof SettlerResponse.DisputeResolved)
                .extracting(SettlerOutput.Respond::to, SettlerOutput.Respond::response)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(CUSTOMER, told),
                        org.assertj.core.groups.Tuple.tuple(REPLIER, told));
        assertThat(f.settler.disputes()).isEmpty();
        assertThat(f.settler.liveGigs()).isZero();
    }

    @Test
    void aDisputeNeverRuledOnRefundsTheCustomerAtItsDeadlineWhenThatIsTheStatedDefault() {
        fixture(DisputeOutcome.REFUND_CUSTOMER);
        Hash32 reply = revealedGig();
        f.request(CUSTOMER, new SettlerRequest.OpenDispute(f.callId(), reply, "no show"));

        List<SettlerOutput> out = f.wakeAt(T0.plus(DEADLINE));
        assertThat(response(withoutDisputeNotices(out), REPLIER)).isEqualTo(new SettlerResponse.ReplyCancelled(0,
                reply, "the dispute was not resolved by its deadline: the customer is refunded"));
        assertThat(published(out)).isEmpty();
        assertThat(f.settler.liveGigs()).isZero();
        // the administrator comes too late
        assertThat(f.settler.resolveDispute(reply, true, "late")).isInstanceOf(SettlerResponse.Refused.class);
    }

    @Test
    void aDisputeNobodyRulesOnEndsAtItsDeadlineDecidedByDefaultAndBothPartiesAreTold() {
        fixture(DisputeOutcome.REFUND_CUSTOMER);
        Hash32 reply = revealedGig();
        f.clock.set(T0.plus(Duration.ofMinutes(10)));
        f.request(CUSTOMER, new SettlerRequest.OpenDispute(f.callId(), reply, "no show"));
        f.clock.set(T0.plus(Duration.ofMinutes(20)));
        f.request(REPLIER, new SettlerRequest.AnswerDispute(f.callId(), reply, "I was there"));
        Instant deadline = T0.plus(Duration.ofMinutes(10)).plus(DEADLINE);

        assertThat(responses(f.wakeAt(deadline.minusMillis(1)))).as("open until the deadline").isEmpty();
        List<SettlerOutput> out = f.wakeAt(deadline);
        SettlerResponse.DisputeResolved told = new SettlerResponse.DisputeResolved(0, reply, "refunded", "default",
                "the dispute was not resolved by its deadline");
        assertThat(responses(out)).extracting(SettlerOutput.Respond::to, SettlerOutput.Respond::response)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(CUSTOMER, told),
                        org.assertj.core.groups.Tuple.tuple(REPLIER, told),
                        org.assertj.core.groups.Tuple.tuple(REPLIER, new SettlerResponse.ReplyCancelled(0, reply,
                                "the dispute was not resolved by its deadline: the customer is refunded")));

        // the default is kept with the evidence, like a ruling
        DisputeView d = f.settler.dispute(reply).orElseThrow();
        assertThat(d.open()).isFalse();
        assertThat(d.resolvedAt()).isEqualTo(deadline);
        assertThat(d.outcome()).isEqualTo("refunded");
        assertThat(d.decidedBy()).isEqualTo("default");
        assertThat(d.reason()).isEqualTo("the dispute was not resolved by its deadline");
        assertThat(d.customerStatement()).isEqualTo("no show");
        assertThat(d.workerStatement()).isEqualTo("I was there");

        // the administrator comes too late: refused with what was decided, and nothing goes out
        List<SettlerOutput> late = f.during(() -> assertThat(f.settler.resolveDispute(reply, true, "paid after all"))
                .isInstanceOfSatisfying(SettlerResponse.Refused.class, r -> assertThat(r.reason())
                        .contains("already resolved").contains("refunded").contains("decided by default")
                        .contains("the dispute was not resolved by its deadline")));
        assertThat(late).isEmpty();
    }

    @Test
    void theWindowEndsNoLaterThanThePromiseSaysWhenTheWalletConfirmsTheSettlementLate() {
        fixture(DisputeOutcome.PAY_WORKER);
        Hash32 reply = f.issue();
        SettlerResponse.ReplySealed sealed = f.sealed(reply, f.callId());
        Hash32 network = sealed.promise().body().networkPaymentHash();
        f.wallet(new WalletEvent.InvoiceAccepted(network, FEE));
        f.request(REPLIER, new SettlerRequest.ReplyInvoiceAccepted(f.callId(), reply));
        // the wallet confirms the settlement after the network invoice's expiry
        f.clock.set(T0.plus(TTL).plus(Duration.ofMinutes(3)));
        f.wallet(new WalletEvent.InvoiceSettled(network, FEE));
        assertThat(f.settler.gig(reply).orElseThrow().deadline()).isEqualTo(T0.plus(TTL).plus(WINDOW));
    }

    @Test
    void anOpenDisputeStoredWithoutADeadlineGetsOneAtTheRestoreAndTheConfiguredTerms() {
        fixture(DisputeOutcome.PAY_WORKER);
        Hash32 reply = revealedGig();
        f.request(CUSTOMER, new SettlerRequest.OpenDispute(f.callId(), reply, "late"));
        Map<String, byte[]> rows = new HashMap<>();
        f.settler.drainChanges().entries().forEach((k, v) -> {
            if (v != null) {
                rows.put(k, v);
            }
        });
        // the row as a build without dispute deadlines and stated terms stored it
        String key = SettlerState.gigKey(reply);
        GigState older;
        try {
            older = GigState.parseFrom(rows.get(key)).toBuilder().clearDeadlineMs().clearDisputeWindowMs()
                    .clearDisputeDeadlineMs().clearDisputeDefault().build();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
        rows.put(key, older.toByteArray());

        f.clock.set(T0.plus(Duration.ofHours(2)));
        List<SettlerOutput> outputs = new ArrayList<>();
        Settler restored = Settler.restore(f.config, SETTLER_SIGNER, new CertificateAuthority(SETTLER_SIGNER,
                "https://settler.example/"), f.clock, TestRandom.seeded(9), outputs::add, Map.copyOf(rows));
        restored.resume();
        Instant deadline = T0.plus(Duration.ofHours(2)).plus(DEADLINE);
        assertThat(restored.gig(reply).orElseThrow().deadline()).isEqualTo(deadline);
        assertThat(outputs).contains(new SettlerOutput.WakeUp(deadline));
        // the new deadline is durable
        assertThat(restored.drainChanges().entries()).containsKey(key);

        outputs.clear();
        f.clock.set(deadline);
        restored.onWake();
        assertThat(response(withoutDisputeNotices(outputs), REPLIER)).isInstanceOf(
                SettlerResponse.PreimageRevealed.class);
    }

    @Test
    void aGigBackToIssuedAfterItsNetworkInvoiceFailedRestoresAndStatesTheTermsWhenSealedAgain() {
        fixture(DisputeOutcome.REFUND_CUSTOMER);
        Hash32 reply = f.issue();
        var create = f.seal(reply, f.callId());
        f.wallet(new WalletEvent.CallFailed(create.callId(), "wallet down"));
        assertThat(f.settler.gig(reply).orElseThrow().stage()).isEqualTo("ISSUED");
        Map<String, byte[]> rows = new HashMap<>();
        f.settler.drainChanges().entries().forEach((k, v) -> {
            if (v != null) {
                rows.put(k, v);
            }
        });
        Settler restored = Settler.restore(f.config, SETTLER_SIGNER, new CertificateAuthority(SETTLER_SIGNER,
                "https://settler.example/"), f.clock, TestRandom.seeded(9), out -> { }, Map.copyOf(rows));
        restored.resume();
        assertThat(restored.gig(reply).orElseThrow().stage()).isEqualTo("ISSUED");

        SettlementPromiseBody promise = f.sealed(reply, f.callId()).promise().body();
        assertThat(promise.disputeDefault()).isEqualTo(DisputeOutcome.REFUND_CUSTOMER);
        assertThat(promise.disputeDeadline()).isEqualTo(DEADLINE);
    }
}
