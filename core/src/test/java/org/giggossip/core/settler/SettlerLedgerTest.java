package org.giggossip.core.settler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.settler.SettlerFixture.CUSTOMER;
import static org.giggossip.core.settler.SettlerFixture.CUSTOMER_KEY;
import static org.giggossip.core.settler.SettlerFixture.FEE;
import static org.giggossip.core.settler.SettlerFixture.JOB;
import static org.giggossip.core.settler.SettlerFixture.REPLIER;
import static org.giggossip.core.settler.SettlerFixture.REPLIER_KEY;
import static org.giggossip.core.settler.SettlerFixture.SETTLER_KEY;
import static org.giggossip.core.settler.SettlerFixture.T0;
import static org.giggossip.core.settler.SettlerFixture.TTL;
import static org.giggossip.core.settler.SettlerFixture.WINDOW;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.SealedBox;
import org.giggossip.core.crypto.SymmetricBox;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.ledger.Ledger;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.testing.FakeClock;
import org.giggossip.core.testing.TestRandom;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.JobPaymentEvidence;
import org.giggossip.core.wire.ReplyPayload;
import org.giggossip.core.wire.SettlementPromise;
import org.giggossip.core.wire.SignedRequestPayload;
import org.giggossip.core.wire.TestSigners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One job, in process, through the real settler and the real ledger (seed 000,
 * 3.7 to 3.9, Figures 14 and 15): a customer, a replier and two middlemen, each
 * played by hand. The network invoices share one payment hash; the preimage
 * ripples back and opens the reply; the job payment waits for the dispute
 * window or a dispute's resolution; money is conserved throughout.
 */
class SettlerLedgerTest {
    static final long HOP = 100;
    static final long FUNDS = 1_000_000;
    static final String OFFER = "white Toyota, 4 minutes away, meet at the north gate";

    static final PrivateKey M1_KEY = TestSigners.key(203);
    static final PrivateKey M2_KEY = TestSigners.key(204);

    FakeClock clock;
    SecureRandom random;
    Ledger ledger;
    Settler settler;
    int settlerAccount;
    int customer;
    int replier;
    int m1;
    int m2;

    /** Work the host still has to do: every ledger event and settler output, in order. */
    final ArrayDeque<Runnable> work = new ArrayDeque<>();
    final Map<Integer, List<WalletEvent>> walletEvents = new HashMap<>();
    final Map<PublicKey, List<SettlerResponse>> inbox = new HashMap<>();
    final List<SettlerOutput.Publish> published = new ArrayList<>();
    /** For each issuer of a network invoice, the invoice it pays when its own is accepted. */
    final Map<Integer, String> upstream = new HashMap<>();
    long nextCallId = 1;

    Hash32 replyHash;
    Hash32 networkHash;
    String customerNetworkInvoice;
    String jobInvoice;
    byte[] encryptedReply;
    Preimage customerLearnt;

    @BeforeEach
    void setUp() {
        clock = new FakeClock(T0);
        random = TestRandom.seeded(2024);
        ledger = new Ledger(clock, (account, event) -> work.add(() -> onWallet(account, event)));
        var signer = TestSigners.deterministic(SETTLER_KEY);
        settler = new Settler(SettlerConfig.of(FEE, TTL, WINDOW), signer, new CertificateAuthority(signer, ""),
                clock, random, output -> work.add(() -> onSettler(output)));
        settlerAccount = ledger.register(SETTLER_KEY);
        customer = ledger.register(CUSTOMER_KEY);
        replier = ledger.register(REPLIER_KEY);
        m1 = ledger.register(M1_KEY);
        m2 = ledger.register(M2_KEY);
        for (int account = 0; account < ledger.accountCount(); account++) {
            ledger.mint(account, FUNDS);
        }
    }

    // --- the host: routes ledger events and settler outputs, and plays the nodes

    void drain() {
        for (Runnable next = work.poll(); next != null; next = work.poll()) {
            next.run();
        }
    }

    void onWallet(int account, WalletEvent event) {
        walletEvents.computeIfAbsent(account, a -> new ArrayList<>()).add(event);
        if (account == settlerAccount) {
            settler.onWallet(event);
            return;
        }
        switch (event) {
            // a middleman (or the replier) whose network invoice is accepted pays the next one up
            case WalletEvent.InvoiceAccepted a when a.paymentHash().equals(networkHash) ->
                    ledger.execute(account, new WalletRequest.Pay(nextCallId++, upstream.get(account), FUNDS));
            // the customer paid the job invoice: the replier tells the settler (Figure 15)
            case WalletEvent.InvoiceAccepted a when account == replier && a.paymentHash().equals(replyHash) ->
                    settler.onRequest(REPLIER, new SettlerRequest.ReplyInvoiceAccepted(nextCallId++, replyHash));
            // the preimage came back: settle our own invoice of the same hash
            case WalletEvent.PaymentSettled s when account == customer -> customerLearnt = s.preimage();
            case WalletEvent.PaymentSettled s ->
                    ledger.execute(account, new WalletRequest.Settle(nextCallId++, s.paymentHash(), s.preimage()));
            default -> { }
        }
    }

    void onSettler(SettlerOutput output) {
        switch (output) {
            case SettlerOutput.Wallet w -> ledger.execute(settlerAccount, w.request());
            case SettlerOutput.Publish p -> published.add(p);
            case SettlerOutput.WakeUp w -> { } // the test moves time itself
            case SettlerOutput.Respond r -> {
                inbox.computeIfAbsent(r.to(), k -> new ArrayList<>()).add(r.response());
                if (r.to().equals(REPLIER)) {
                    switch (r.response()) {
                        case SettlerResponse.PreimageRevealed p ->
                                ledger.execute(replier, new WalletRequest.Settle(nextCallId++, p.paymentHash(),
                                        p.preimage()));
                        case SettlerResponse.ReplyCancelled c ->
                                ledger.execute(replier, new WalletRequest.Cancel(nextCallId++, c.replyPaymentHash()));
                        default -> { }
                    }
                }
            }
        }
    }

    <T extends SettlerResponse> T last(PublicKey to, Class<T> type) {
        List<SettlerResponse> got = inbox.get(to);
        assertThat(got).isNotEmpty();
        assertThat(got.getLast()).isInstanceOf(type);
        return type.cast(got.getLast());
    }

    String createInvoice(int issuer, Hash32 hash, long msat, Instant expiresAt) {
        ledger.execute(issuer, new WalletRequest.CreateHoldInvoice(nextCallId++, hash, msat, expiresAt, "hop"));
        drain();
        WalletEvent e = walletEvents.get(issuer).getLast();
        assertThat(e).isInstanceOf(WalletEvent.InvoiceCreated.class);
        return ((WalletEvent.InvoiceCreated) e).bolt11();
    }

    void advanceTo(Instant now) {
        clock.set(now);
        ledger.advance(now);
        settler.onWake();
        drain();
    }

    void assertConserved() {
        var report = ledger.checkConservation();
        assertThat(report.holds()).as(report.toString()).isTrue();
    }

    /**
     * Steps 1 to 5 of the job: the request, the reply hash, the job invoice, the
     * sealed reply, and the network invoices issued back along the chain
     * (settler, replier, middleman 2, middleman 1), each checked against the promise.
     */
    void replyTravelsBack() {
        Certificate customerCert = settler.authority().issue(CUSTOMER, Duration.ofDays(30));
        settler.authority().grant(REPLIER, "driving_licence", "valid");
        Certificate replierCert = settler.authority().issue(REPLIER, Duration.ofDays(30));
        SignedRequestPayload request = SettlerFixture.signedRequest(CUSTOMER_KEY, customerCert, 1);

        settler.onRequest(REPLIER, new SettlerRequest.IssueReplyHash(nextCallId++, request, JOB));
        drain();
        replyHash = last(REPLIER, SettlerResponse.ReplyHashIssued.class).replyPaymentHash();
        jobInvoice = createInvoice(replier, replyHash, JOB,
                T0.plus(SettlerConfig.of(FEE, TTL, WINDOW).settlementSpan()).plus(Duration.ofHours(1)));

        byte[] message = SealedBox.seal(CUSTOMER, OFFER.getBytes(StandardCharsets.UTF_8), random);
        byte[] payload = new ReplyPayload(replierCert, request, message, jobInvoice).encode();
        settler.onRequest(REPLIER, new SettlerRequest.SealReply(nextCallId++, replyHash, payload));
        drain();
        SettlerResponse.ReplySealed sealed = last(REPLIER, SettlerResponse.ReplySealed.class);
        SettlementPromise promise = sealed.promise();
        encryptedReply = sealed.encryptedReplyPayload();
        networkHash = promise.body().networkPaymentHash();

        CertificateValidator anyNode = new CertificateValidator(new TrustStore(List.of(settler.id())), clock);
        assertThat(anyNode.validateSettlementPromise(promise)).isEqualTo(Verdict.accept());
        assertThat(promise.body().hashOfEncryptedReplyPayload())
                .isEqualTo(SettlementPromise.hashOfEncryptedReplyPayload(encryptedReply));

        // each hop issues its own invoice for the same hash, its fee on top (3.9)
        String previous = sealed.networkInvoice();
        long amount = FEE;
        Instant expiresAt = promise.body().expiresAt();
        for (int hop : new int[] {replier, m2, m1}) {
            Bolt11Invoice incoming = Bolt11.decode(previous).orElseThrow();
            assertThat(incoming.paymentHash()).isEqualTo(networkHash);
            assertThat(incoming.amountMsat()).hasValue(amount);
            upstream.put(hop, previous);
            amount += HOP;
            previous = createInvoice(hop, networkHash, amount, expiresAt);
        }
        customerNetworkInvoice = previous;

        // the customer checks what it is asked to pay against the promise
        Bolt11Invoice network = Bolt11.decode(customerNetworkInvoice).orElseThrow();
        assertThat(network.paymentHash()).isEqualTo(promise.body().networkPaymentHash());
        assertThat(network.amountMsat()).hasValue(FEE + 3 * HOP);
        Bolt11Invoice job = Bolt11.decode(jobInvoice).orElseThrow();
        assertThat(job.paymentHash()).isEqualTo(promise.body().replyPaymentHash());
        assertThat(job.amountMsat()).hasValue(promise.body().replyAmountMsat());
        assertConserved();
    }

    void customerPays(String invoice, long max) {
        ledger.execute(customer, new WalletRequest.Pay(nextCallId++, invoice, max));
        drain();
    }

    /** Steps 6 and 7: the customer pays both invoices; the preimage ripples back; the reply opens. */
    void customerPaysAndOpensTheReply() {
        customerPays(customerNetworkInvoice, FEE + 3 * HOP);
        // the whole chain is accepted, but the settler waits for the job invoice too
        assertThat(ledger.invoice(settlerAccount, networkHash).orElseThrow().state().name()).isEqualTo("ACCEPTED");
        assertThat(published).isEmpty();
        assertThat(customerLearnt).isNull();

        customerPays(jobInvoice, JOB);
        assertThat(published).extracting(SettlerOutput.Publish::paymentHash).containsExactly(networkHash);
        assertThat(customerLearnt).isNotNull().isEqualTo(published.getFirst().preimage());
        for (int hop : new int[] {settlerAccount, replier, m2, m1}) {
            assertThat(ledger.invoice(hop, networkHash)).as("settled, forgotten").isEmpty();
        }

        byte[] plain = SymmetricBox.open(customerLearnt.replyKey(), encryptedReply).orElseThrow();
        ReplyPayload reply = ReplyPayload.decode(plain).orElseThrow();
        byte[] offer = SealedBox.open(CUSTOMER_KEY, reply.encryptedReplyMessage()).orElseThrow();
        assertThat(new String(offer, StandardCharsets.UTF_8)).isEqualTo(OFFER);
        assertThat(reply.replierCertificate().subject()).isEqualTo(REPLIER);

        // the job money is locked, not yet the worker's
        assertThat(ledger.locked(customer)).isEqualTo(JOB);
        assertConserved();
    }

    void assertNetworkFeesPaid() {
        assertThat(ledger.balance(settlerAccount)).isEqualTo(FUNDS + FEE);
        assertThat(ledger.balance(m1)).isEqualTo(FUNDS + HOP);
        assertThat(ledger.balance(m2)).isEqualTo(FUNDS + HOP);
    }

    void assertJobPaid() {
        assertThat(ledger.balance(replier)).isEqualTo(FUNDS + HOP + JOB);
        assertThat(ledger.balance(customer)).isEqualTo(FUNDS - FEE - 3 * HOP - JOB);
        assertThat(ledger.locked(customer)).isZero();
        assertThat(published).extracting(SettlerOutput.Publish::paymentHash).containsExactly(networkHash, replyHash);
        assertNetworkFeesPaid();
        assertConserved();
    }

    // --- the scenarios

    @Test
    void theJobIsPaidWhenTheDisputeWindowCloses() {
        replyTravelsBack();
        customerPaysAndOpensTheReply();
        Instant revealed = clock.instant();
        advanceTo(revealed.plus(WINDOW).minusSeconds(1));
        assertThat(ledger.locked(customer)).isEqualTo(JOB);
        advanceTo(revealed.plus(WINDOW));
        assertJobPaid();
        assertThat(settler.liveGigs()).isZero();
        assertThat(ledger.liveInvoices()).isZero();
    }

    @Test
    void aDisputeHoldsTheJobPaymentThenResolvesForTheWorker() {
        replyTravelsBack();
        customerPaysAndOpensTheReply();
        settler.onRequest(CUSTOMER, new SettlerRequest.OpenDispute(nextCallId++, replyHash, "driver late"));
        drain();
        assertThat(last(CUSTOMER, SettlerResponse.Done.class)).isNotNull();
        advanceTo(clock.instant().plus(WINDOW).plusSeconds(1));
        assertThat(ledger.locked(customer)).as("held").isEqualTo(JOB);

        assertThat(settler.resolveDispute(replyHash, true)).isEqualTo(new SettlerResponse.Done(0));
        drain();
        assertJobPaid();
    }

    @Test
    void aDisputeResolvedForTheCustomerGivesTheJobMoneyBack() {
        replyTravelsBack();
        customerPaysAndOpensTheReply();
        settler.onRequest(CUSTOMER, new SettlerRequest.OpenDispute(nextCallId++, replyHash, "no show"));
        drain();
        assertThat(settler.resolveDispute(replyHash, false)).isEqualTo(new SettlerResponse.Done(0));
        drain();
        assertThat(last(REPLIER, SettlerResponse.ReplyCancelled.class).replyPaymentHash()).isEqualTo(replyHash);
        assertThat(ledger.balance(customer)).isEqualTo(FUNDS - FEE - 3 * HOP);
        assertThat(ledger.locked(customer)).isZero();
        assertThat(ledger.balance(replier)).isEqualTo(FUNDS + HOP);
        assertNetworkFeesPaid();
        assertThat(published).extracting(SettlerOutput.Publish::paymentHash).containsExactly(networkHash);
        assertConserved();
    }

    @Test
    void withoutTheJobPaymentNothingIsRevealedAndExpiryRefundsEveryone() {
        replyTravelsBack();
        customerPays(customerNetworkInvoice, FEE + 3 * HOP);
        assertThat(ledger.locked(customer)).isEqualTo(FEE + 3 * HOP);
        assertThat(ledger.locked(m1) + ledger.locked(m2) + ledger.locked(replier)).isEqualTo(
                FEE + 2 * HOP + FEE + HOP + FEE);
        advanceTo(T0.plus(TTL));
        for (int account = 0; account < ledger.accountCount(); account++) {
            assertThat(ledger.balance(account)).as("account " + account).isEqualTo(FUNDS);
            assertThat(ledger.locked(account)).isZero();
        }
        assertThat(published).isEmpty();
        assertThat(customerLearnt).isNull();
        assertThat(last(REPLIER, SettlerResponse.ReplyCancelled.class).replyPaymentHash()).isEqualTo(replyHash);
        assertThat(ledger.invoice(replier, replyHash)).as("job invoice cancelled").isEmpty();
        assertThat(settler.liveGigs()).isZero();
        assertThat(ledger.stats().invoicesSettled()).isZero();
        assertConserved();
    }

    @Test
    void aJobPaidAfterTheNetworkInvoiceExpiredRevealsNothingAndIsRefunded() {
        replyTravelsBack();
        customerPays(customerNetworkInvoice, FEE + 3 * HOP);
        advanceTo(T0.plus(TTL));
        customerPays(jobInvoice, JOB);
        assertThat(walletEvents.get(customer).getLast()).isInstanceOf(WalletEvent.PaymentFailed.class);
        assertThat(published).isEmpty();
        assertThat(ledger.balance(customer)).isEqualTo(FUNDS);
        assertConserved();
    }

    // --- what the settler checks before it reveals (docs/settler.md)

    void useSettler(JobPaymentEvidence evidence) {
        var signer = TestSigners.deterministic(SETTLER_KEY);
        settler = new Settler(SettlerConfig.of(FEE, TTL, WINDOW).withJobPaymentEvidence(evidence), signer,
                new CertificateAuthority(signer, ""), clock, random, output -> work.add(() -> onSettler(output)));
    }

    /** Nothing was revealed, and at the network invoice's expiry every account has its money back. */
    void assertNothingRevealedAndAllRefundedAtExpiry() {
        assertThat(published).isEmpty();
        assertThat(customerLearnt).isNull();
        advanceTo(T0.plus(TTL));
        for (int account = 0; account < ledger.accountCount(); account++) {
            assertThat(ledger.balance(account)).as("account " + account).isEqualTo(FUNDS);
            assertThat(ledger.locked(account)).isZero();
        }
        assertThat(published).isEmpty();
        assertThat(customerLearnt).isNull();
        assertThat(last(REPLIER, SettlerResponse.ReplyCancelled.class).replyPaymentHash()).isEqualTo(replyHash);
        assertThat(settler.liveGigs()).isZero();
        assertThat(ledger.stats().invoicesSettled()).isZero();
        assertConserved();
    }

    @Test
    void aWorkerThatClaimsAnUnpaidJobInvoiceIsNotBelievedAndTheGigEndsRefunded() {
        replyTravelsBack();
        customerPays(customerNetworkInvoice, FEE + 3 * HOP);
        // the worker lies: the customer has not paid the job invoice
        settler.onRequest(REPLIER, new SettlerRequest.ReplyInvoiceAccepted(nextCallId++, replyHash));
        drain();
        assertThat(ledger.invoice(replier, replyHash).orElseThrow().state().name()).isEqualTo("OPEN");
        assertNothingRevealedAndAllRefundedAtExpiry();
    }

    @Test
    void theLedgerSettlerLooksTheJobInvoiceUpAndAPromiseSaysSo() {
        replyTravelsBack();
        assertThat(last(REPLIER, SettlerResponse.ReplySealed.class).promise().body().jobPaymentEvidence())
                .isEqualTo(JobPaymentEvidence.LEDGER);
        customerPaysAndOpensTheReply();
        List<WalletEvent.InvoiceLookedUp> lookups = walletEvents.get(settlerAccount).stream()
                .filter(WalletEvent.InvoiceLookedUp.class::isInstance).map(WalletEvent.InvoiceLookedUp.class::cast)
                .toList();
        assertThat(lookups).hasSize(1);
        assertThat(lookups.getFirst().paymentHash()).isEqualTo(replyHash);
        assertThat(lookups.getFirst().accepted()).isTrue();
        assertThat(lookups.getFirst().amountMsat()).isEqualTo(JOB);
    }

    @Test
    void withTheStatementPathAWorkerThatLiesIsNotBelieved() {
        useSettler(JobPaymentEvidence.CUSTOMER_STATEMENT);
        replyTravelsBack();
        assertThat(last(REPLIER, SettlerResponse.ReplySealed.class).promise().body().jobPaymentEvidence())
                .isEqualTo(JobPaymentEvidence.CUSTOMER_STATEMENT);
        customerPays(customerNetworkInvoice, FEE + 3 * HOP);
        settler.onRequest(REPLIER, new SettlerRequest.ReplyInvoiceAccepted(nextCallId++, replyHash));
        drain();
        assertNothingRevealedAndAllRefundedAtExpiry();
    }

    @Test
    void withTheStatementPathTheCustomersStatementAndTheWorkersClaimReveal() {
        useSettler(JobPaymentEvidence.CUSTOMER_STATEMENT);
        replyTravelsBack();
        customerPays(customerNetworkInvoice, FEE + 3 * HOP);
        customerPays(jobInvoice, JOB); // the replier's claim goes to the settler
        assertThat(published).as("the worker's claim alone").isEmpty();
        settler.onRequest(CUSTOMER, JobPaymentStatement.sign(nextCallId++, settler.id(), replyHash, JOB,
                TestSigners.deterministic(CUSTOMER_KEY)));
        drain();
        assertThat(last(CUSTOMER, SettlerResponse.Done.class)).isNotNull();
        assertThat(published).extracting(SettlerOutput.Publish::paymentHash).containsExactly(networkHash);
        assertThat(customerLearnt).isEqualTo(published.getFirst().preimage());
        assertConserved();
    }

    @Test
    void aCustomerStatementWithoutTheWorkersClaimRevealsNothing() {
        useSettler(JobPaymentEvidence.CUSTOMER_STATEMENT);
        replyTravelsBack();
        customerPays(customerNetworkInvoice, FEE + 3 * HOP);
        // the customer claims its job payment is locked; it is not, and the worker says nothing
        settler.onRequest(CUSTOMER, JobPaymentStatement.sign(nextCallId++, settler.id(), replyHash, JOB,
                TestSigners.deterministic(CUSTOMER_KEY)));
        drain();
        assertNothingRevealedAndAllRefundedAtExpiry();
    }

    @Test
    void aForgedStatementIsRefused() {
        useSettler(JobPaymentEvidence.CUSTOMER_STATEMENT);
        replyTravelsBack();
        customerPays(customerNetworkInvoice, FEE + 3 * HOP);
        settler.onRequest(REPLIER, new SettlerRequest.ReplyInvoiceAccepted(nextCallId++, replyHash));
        drain();
        Hash32 otherGig = Preimage.generate(random).paymentHash();
        var forgeries = List.of(
                // signed by the worker, not the customer
                JobPaymentStatement.sign(nextCallId++, settler.id(), replyHash, JOB,
                        TestSigners.deterministic(REPLIER_KEY)),
                // the customer's statement for another gig, sent for this one
                withHash(JobPaymentStatement.sign(nextCallId++, settler.id(), otherGig, JOB,
                        TestSigners.deterministic(CUSTOMER_KEY)), replyHash),
                // the customer's statement to another settler
                JobPaymentStatement.sign(nextCallId++, CUSTOMER, replyHash, JOB,
                        TestSigners.deterministic(CUSTOMER_KEY)),
                // for less than the job
                JobPaymentStatement.sign(nextCallId++, settler.id(), replyHash, JOB - 1,
                        TestSigners.deterministic(CUSTOMER_KEY)));
        for (SettlerRequest.JobPaymentLocked forged : forgeries) {
            settler.onRequest(REPLIER, forged);
            drain();
            assertThat(last(REPLIER, SettlerResponse.Refused.class).callId()).isEqualTo(forged.callId());
        }
        assertThat(settler.gig(replyHash).orElseThrow().stage()).isEqualTo("SEALED");
        assertNothingRevealedAndAllRefundedAtExpiry();
    }

    static SettlerRequest.JobPaymentLocked withHash(SettlerRequest.JobPaymentLocked s, Hash32 hash) {
        return new SettlerRequest.JobPaymentLocked(s.callId(), hash, s.amountMsat(), s.signature());
    }
}
