package org.giggossip.core.settler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.settler.SettlerFixture.CUSTOMER;
import static org.giggossip.core.settler.SettlerFixture.FEE;
import static org.giggossip.core.settler.SettlerFixture.JOB;
import static org.giggossip.core.settler.SettlerFixture.REPLIER;
import static org.giggossip.core.settler.SettlerFixture.SETTLER_SIGNER;
import static org.giggossip.core.settler.SettlerFixture.STRANGER;
import static org.giggossip.core.settler.SettlerFixture.T0;
import static org.giggossip.core.settler.SettlerFixture.TTL;
import static org.giggossip.core.settler.SettlerFixture.WINDOW;
import static org.giggossip.core.settler.SettlerFixture.assertRefused;
import static org.giggossip.core.settler.SettlerFixture.response;
import static org.giggossip.core.settler.SettlerFixture.responses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.proto.GigState;
import org.giggossip.core.testing.TestRandom;
import org.giggossip.core.wire.Hash32;
import org.junit.jupiter.api.Test;

/**
 * A dispute is a conversation (docs/settler.md, "Disputes"): the customer opens it,
 * the worker answers with its own statement, the settler keeps both with their
 * times as evidence (across a restart), the administrator decides with a reason,
 * a second decision is refused saying what was decided, and both parties are told
 * the outcome, who decided and why.
 */
class SettlerDisputeTest {
    private static final String CUSTOMER_SAYS = "the driver never came";
    private static final String WORKER_SAYS = "I waited 20 minutes at the pickup, the customer did not answer";

    private final SettlerFixture f = new SettlerFixture();
    private final Map<String, byte[]> rows = new HashMap<>();
    private final List<SettlerOutput> restoredOutputs = new ArrayList<>();

    /** A gig whose network payment is settled (the dispute window runs). */
    private Hash32 revealedGig() {
        Hash32 reply = f.issue();
        SettlerResponse.ReplySealed sealed = f.sealed(reply, f.callId());
        Hash32 network = sealed.promise().body().networkPaymentHash();
        f.wallet(new WalletEvent.InvoiceAccepted(network, FEE));
        f.request(REPLIER, new SettlerRequest.ReplyInvoiceAccepted(f.callId(), reply));
        f.wallet(new WalletEvent.InvoiceSettled(network, FEE));
        assertThat(f.settler.gig(reply).orElseThrow().stage()).isEqualTo("REVEALED");
        return reply;
    }

    private Hash32 disputedGig() {
        Hash32 reply = revealedGig();
        List<SettlerOutput> out = f.request(CUSTOMER, new SettlerRequest.OpenDispute(1, reply, CUSTOMER_SAYS));
        // the customer's answer, and the worker is told so that it may answer
        assertThat(responses(out)).extracting(SettlerOutput.Respond::to, SettlerOutput.Respond::response)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CUSTOMER, new SettlerResponse.Done(1)),
                        org.assertj.core.groups.Tuple.tuple(REPLIER,
                                new SettlerResponse.DisputeOpened(0, reply, CUSTOMER_SAYS)));
        return reply;
    }

    private void commit() {
        StateChanges changes = f.settler.drainChanges();
        changes.entries().forEach((k, v) -> {
            if (v == null) {
                rows.remove(k);
            } else {
                rows.put(k, v);
            }
        });
    }

    private Settler restore(Map<String, byte[]> state) {
        restoredOutputs.clear();
        Settler s = Settler.restore(SettlerConfig.of(FEE, TTL, WINDOW), SETTLER_SIGNER,
                new CertificateAuthority(SETTLER_SIGNER, "https://settler.example/"), f.clock, TestRandom.seeded(9),
                restoredOutputs::add, Map.copyOf(state));
        s.resume();
        return s;
    }

    @Test
    void theWorkerAnswersAnOpenDisputeAndBothStatementsAreKeptWithTheirTimes() {
        Hash32 reply = revealedGig();
        assertRefused(f.request(REPLIER, new SettlerRequest.AnswerDispute(2, reply, WORKER_SAYS)), REPLIER, 2,
                "no dispute is open");
        f.clock.set(T0.plusSeconds(100));
        f.request(CUSTOMER, new SettlerRequest.OpenDispute(3, reply, CUSTOMER_SAYS));
        f.clock.set(T0.plusSeconds(160));
        assertThat(response(f.request(REPLIER, new SettlerRequest.AnswerDispute(4, reply, WORKER_SAYS)), REPLIER))
                .isEqualTo(new SettlerResponse.Done(4));

        DisputeView d = f.settler.dispute(reply).orElseThrow();
        assertThat(d.open()).isTrue();
        assertThat(d.customer()).isEqualTo(CUSTOMER);
        assertThat(d.replier()).isEqualTo(REPLIER);
        assertThat(d.replyAmountMsat()).isEqualTo(JOB);
        assertThat(d.customerStatement()).isEqualTo(CUSTOMER_SAYS);
        assertThat(d.openedAt()).isEqualTo(T0.plusSeconds(100));
        assertThat(d.workerStatement()).isEqualTo(WORKER_SAYS);
        assertThat(d.answeredAt()).isEqualTo(T0.plusSeconds(160));
        assertThat(f.settler.disputeRecords(false)).containsExactly(d);

        // one answer per dispute: the evidence is not rewritten
        assertRefused(f.request(REPLIER, new SettlerRequest.AnswerDispute(5, reply, "something else")), REPLIER, 5,
                "already answered");
        assertThat(f.settler.dispute(reply).orElseThrow().workerStatement()).isEqualTo(WORKER_SAYS);
    }

    @Test
    void hostileAnswersAreRefusedAndChangeNothing() {
        Hash32 reply = disputedGig();
        Hash32 other = otherRepliersGig();
        commit();
        Map<String, byte[]> before = Map.copyOf(rows);

        assertRefused(f.request(STRANGER, new SettlerRequest.AnswerDispute(2, reply, WORKER_SAYS)), STRANGER, 2,
                Settler.NOT_YOUR_GIG);
        assertRefused(f.request(CUSTOMER, new SettlerRequest.AnswerDispute(3, reply, WORKER_SAYS)), CUSTOMER, 3,
                Settler.NOT_YOUR_GIG);
        // another replier's gig: the stranger replied to it, not us
        assertRefused(f.request(REPLIER, new SettlerRequest.AnswerDispute(4, other, WORKER_SAYS)), REPLIER, 4,
                Settler.NOT_YOUR_GIG);
        assertRefused(f.request(REPLIER, new SettlerRequest.AnswerDispute(5, reply,
                "x".repeat(Settler.MAX_STATEMENT_BYTES + 1))), REPLIER, 5, "longer than 1024");
        // counted in UTF-8 bytes: 342 three-byte letters are 1026 bytes
        assertRefused(f.request(REPLIER, new SettlerRequest.AnswerDispute(6, reply, "\u20ac".repeat(342))), REPLIER,
                6, "longer than 1024");
        assertRefused(f.request(REPLIER, new SettlerRequest.AnswerDispute(7, reply, "  ")), REPLIER, 7, "empty");
        assertRefused(f.request(REPLIER, new SettlerRequest.AnswerDispute(8, Hash32.of(new byte[32]), WORKER_SAYS)),
                REPLIER, 8, "unknown gig");

        commit();
        assertThat(rows.keySet()).isEqualTo(before.keySet());
        rows.forEach((k, v) -> assertThat(v).as(k).isEqualTo(before.get(k)));
        assertThat(f.settler.dispute(reply).orElseThrow().workerStatement()).isNull();
        // exactly at the limit is taken
        assertThat(response(f.request(REPLIER, new SettlerRequest.AnswerDispute(9, reply,
                "y".repeat(Settler.MAX_STATEMENT_BYTES))), REPLIER)).isEqualTo(new SettlerResponse.Done(9));
    }

    /** A gig whose replier is the stranger (it asked for the reply hash). */
    private Hash32 otherRepliersGig() {
        f.settler.authority().grant(STRANGER, "driving_licence", "valid");
        f.settler.authority().issue(STRANGER, Duration.ofDays(30));
        SettlerResponse r = response(f.request(STRANGER, new SettlerRequest.IssueReplyHash(f.callId(), f.request,
                JOB)), STRANGER);
        Hash32 hash = ((SettlerResponse.ReplyHashIssued) r).replyPaymentHash();
        assertThat(f.settler.gig(hash).orElseThrow().replier()).isEqualTo(STRANGER);
        return hash;
    }

    @Test
    void theAdministratorDecidesWithAReasonAndBothPartiesAreTold() {
        Hash32 reply = disputedGig();
        f.request(REPLIER, new SettlerRequest.AnswerDispute(2, reply, WORKER_SAYS));

        // a reason is required and bounded; a refused resolution leaves the dispute open
        assertThat(f.settler.resolveDispute(reply, false, " ")).isInstanceOfSatisfying(SettlerResponse.Refused.class,
                r -> assertThat(r.reason()).contains("reason is empty"));
        assertThat(f.settler.resolveDispute(reply, false, "z".repeat(Settler.MAX_STATEMENT_BYTES + 1)))
                .isInstanceOfSatisfying(SettlerResponse.Refused.class,
                        r -> assertThat(r.reason()).contains("longer than 1024"));
        assertThat(f.settler.dispute(reply).orElseThrow().open()).isTrue();

        f.clock.set(T0.plusSeconds(500));
        List<SettlerOutput> out = f.during(() -> assertThat(f.settler.resolveDispute(reply, false,
                "the driver's log shows no pickup")).isEqualTo(new SettlerResponse.Done(0)));
        SettlerResponse.DisputeResolved told = new SettlerResponse.DisputeResolved(0, reply, "refunded", "admin",
                "the driver's log shows no pickup");
        assertThat(responses(out)).extracting(SettlerOutput.Respond::to, SettlerOutput.Respond::response)
                .contains(org.assertj.core.groups.Tuple.tuple(CUSTOMER, told),
                        org.assertj.core.groups.Tuple.tuple(REPLIER, told),
                        org.assertj.core.groups.Tuple.tuple(REPLIER, new SettlerResponse.ReplyCancelled(0, reply,
                                "the dispute was resolved for the customer")));

        DisputeView d = f.settler.dispute(reply).orElseThrow();
        assertThat(d.open()).isFalse();
        assertThat(d.resolvedAt()).isEqualTo(T0.plusSeconds(500));
        assertThat(d.outcome()).isEqualTo("refunded");
        assertThat(d.decidedBy()).isEqualTo("admin");
        assertThat(d.reason()).isEqualTo("the driver's log shows no pickup");
        assertThat(d.customerStatement()).isEqualTo(CUSTOMER_SAYS);
        assertThat(d.workerStatement()).isEqualTo(WORKER_SAYS);
        assertThat(f.settler.disputeRecords(false)).isEmpty();
        assertThat(f.settler.disputeRecords(true)).containsExactly(d);

        // a second resolution is refused, saying what was decided; nothing goes out
        List<SettlerOutput> again = f.during(() -> assertThat(f.settler.resolveDispute(reply, true, "changed my mind"))
                .isInstanceOfSatisfying(SettlerResponse.Refused.class, r -> assertThat(r.reason())
                        .contains("already resolved").contains("refunded").contains("admin")
                        .contains("the driver's log shows no pickup")));
        assertThat(again).isEmpty();
        // the worker may not answer an ended dispute
        assertRefused(f.request(REPLIER, new SettlerRequest.AnswerDispute(3, reply, "late")), REPLIER, 3,
                "unknown gig");
    }

    @Test
    void aWithdrawnDisputeTellsBothPartiesTheCustomerWithdrew() {
        Hash32 reply = disputedGig();
        List<SettlerOutput> out = f.request(CUSTOMER, new SettlerRequest.ConfirmJob(2, reply));
        SettlerResponse.DisputeResolved told = new SettlerResponse.DisputeResolved(0, reply, "released",
                "customer_withdrew", "the customer withdrew the dispute");
        assertThat(responses(out)).extracting(SettlerOutput.Respond::to, SettlerOutput.Respond::response)
                .contains(org.assertj.core.groups.Tuple.tuple(CUSTOMER, new SettlerResponse.Done(2)),
                        org.assertj.core.groups.Tuple.tuple(CUSTOMER, told),
                        org.assertj.core.groups.Tuple.tuple(REPLIER, told));
        assertThat(responses(out)).anySatisfy(r -> assertThat(r.response())
                .isInstanceOf(SettlerResponse.PreimageRevealed.class));
        assertThat(f.settler.resolveDispute(reply, false, "too late")).isInstanceOfSatisfying(
                SettlerResponse.Refused.class, r -> assertThat(r.reason()).contains("customer_withdrew"));
    }

    @Test
    void theEvidenceAndTheOutcomeSurviveARestart() {
        Hash32 reply = disputedGig();
        f.clock.set(T0.plusSeconds(60));
        f.request(REPLIER, new SettlerRequest.AnswerDispute(2, reply, WORKER_SAYS));
        commit();
        Settler restored = restore(rows);
        assertThat(restored.dispute(reply)).isEqualTo(f.settler.dispute(reply));
        assertThat(restored.dispute(reply).orElseThrow().answeredAt()).isEqualTo(T0.plusSeconds(60));

        f.settler.resolveDispute(reply, true, "the customer's card shows the ride");
        commit();
        Settler after = restore(rows);
        assertThat(after.dispute(reply)).isEqualTo(f.settler.dispute(reply));
        assertThat(after.resolveDispute(reply, false, "again")).isInstanceOfSatisfying(
                SettlerResponse.Refused.class, r -> assertThat(r.reason()).contains("already resolved"));
        // kept for the preimage retention, then forgotten (its row deleted)
        f.clock.set(f.clock.instant().plus(Duration.ofDays(2)));
        assertThat(f.settler.dispute(reply)).isEmpty();
        commit();
        assertThat(rows.keySet()).noneMatch(k -> k.startsWith("dispute/"));
    }

    @Test
    void aDisputeStoredByTheOldCodeStillLoads() {
        Hash32 reply = disputedGig();
        f.request(REPLIER, new SettlerRequest.AnswerDispute(2, reply, WORKER_SAYS));
        commit();
        // the old code wrote the gig row without the evidence fields (30 to 32)
        String key = "gig/" + reply.hex();
        Map<String, byte[]> old = new HashMap<>(rows);
        try {
            old.put(key, GigState.parseFrom(rows.get(key)).toBuilder().clearDisputeOpenedAtMs().clearWorkerStatement()
                    .clearWorkerAnsweredAtMs().build().toByteArray());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
        Settler restored = restore(old);
        DisputeView d = restored.dispute(reply).orElseThrow();
        assertThat(d.customerStatement()).isEqualTo(CUSTOMER_SAYS);
        assertThat(d.openedAt()).isNull();
        assertThat(d.workerStatement()).isNull();
        // and carries on: the worker answers, the administrator decides
        restored.onRequest(REPLIER, new SettlerRequest.AnswerDispute(3, reply, WORKER_SAYS));
        assertThat(response(restoredOutputs, REPLIER)).isEqualTo(new SettlerResponse.Done(3));
        assertThat(restored.resolveDispute(reply, true, "ride confirmed")).isEqualTo(new SettlerResponse.Done(0));
        assertThat(restored.dispute(reply).orElseThrow().openedAt()).isNull();
    }

    @Test
    void anAnswerAsksNothingOfTheWalletAndKeepsTheDisputeOpen() {
        Hash32 reply = disputedGig();
        java.time.Instant deadline = f.settler.gig(reply).orElseThrow().deadline();
        assertThat(deadline).as("the dispute deadline").isNotNull();
        f.clock.set(f.clock.instant().plusSeconds(60));
        List<SettlerOutput> out = f.request(REPLIER, new SettlerRequest.AnswerDispute(2, reply, WORKER_SAYS));
        assertThat(out).noneMatch(o -> o instanceof SettlerOutput.Wallet w && w.request() instanceof WalletRequest);
        assertThat(out).noneMatch(o -> o instanceof SettlerOutput.WakeUp);
        assertThat(f.settler.gig(reply).orElseThrow().stage()).isEqualTo("DISPUTED");
        // an answer moves no deadline
        assertThat(f.settler.gig(reply).orElseThrow().deadline()).isEqualTo(deadline);
    }
}
