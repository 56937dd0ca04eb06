package org.giggossip.core.settler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.settler.SettlerFixture.CUSTOMER;
import static org.giggossip.core.settler.SettlerFixture.FEE;
import static org.giggossip.core.settler.SettlerFixture.REPLIER;
import static org.giggossip.core.settler.SettlerFixture.STRANGER;
import static org.giggossip.core.settler.SettlerFixture.TTL;
import static org.giggossip.core.settler.SettlerFixture.WINDOW;
import static org.giggossip.core.settler.SettlerFixture.published;
import static org.giggossip.core.settler.SettlerFixture.response;
import static org.giggossip.core.settler.SettlerFixture.walletRequests;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.testing.TestRandom;
import org.giggossip.core.wire.Hash32;
import org.junit.jupiter.api.Test;

/**
 * {@code network_settlement = on_job_done} on the settler's side (docs/settler.md, "Network settlement:
 * on reveal or on job done"): the network invoice outlives the job, the preimage goes to the customer
 * alone, the chain settles with the job's release and is cancelled with its refund.
 */
class SettlerNetworkSettlementTest {
    static final SettlerConfig ON_JOB_DONE = SettlerConfig.of(FEE, TTL, WINDOW)
            .withNetworkSettlement(NetworkSettlement.ON_JOB_DONE);

    final SettlerFixture f = new SettlerFixture(ON_JOB_DONE, 42);
    Hash32 replyHash;
    Hash32 networkHash;

    /** Seals a gig, checks its network invoice's lifetime, and has both invoices accepted. */
    List<SettlerOutput> revealed() {
        replyHash = f.issue();
        WalletRequest.CreateHoldInvoice create = f.seal(replyHash, f.callId());
        networkHash = create.paymentHash();
        // settle-by (the promise's expiry + window + deadline) and the time to settle
        assertThat(create.expiresAt()).isEqualTo(f.clock.instant().plus(TTL).plus(WINDOW)
                .plus(SettlerConfig.DEFAULT_DISPUTE_DEADLINE).plus(DisputeTerms.SETTLE_MARGIN));
        var sealed = (SettlerResponse.ReplySealed) response(f.wallet(f.settlerWalletCreates(create)), REPLIER);
        assertThat(sealed.promise().body().expiresAt()).as("the offer's deadline is unchanged")
                .isEqualTo(f.clock.instant().plus(TTL));
        f.wallet(new WalletEvent.InvoiceAccepted(networkHash, FEE));
        return f.request(REPLIER, new SettlerRequest.ReplyInvoiceAccepted(f.callId(), replyHash));
    }

    /** The notice of the reveal, the only response to the customer among {@code out}. */
    static SettlerResponse.PreimageRevealed notice(List<SettlerOutput> out) {
        return (SettlerResponse.PreimageRevealed) response(SettlerFixture.responses(out).stream()
                .filter(r -> r.to().equals(CUSTOMER)).map(SettlerOutput.class::cast).toList(), CUSTOMER);
    }

    @Test
    void theRevealGivesThePreimageToTheCustomerAloneAndHoldsTheChain() {
        List<SettlerOutput> out = revealed();
        var notice = notice(out);
        assertThat(notice.callId()).isZero();
        assertThat(notice.paymentHash()).isEqualTo(networkHash);
        assertThat(notice.preimage().matches(networkHash)).isTrue();
        assertThat(walletRequests(out)).as("the network invoice stays accepted").isEmpty();
        assertThat(published(out)).isEmpty();
        assertThat(f.settler.gig(replyHash).orElseThrow().stage()).isEqualTo("REVEALED");

        // the customer may fetch it again; nobody else learns it before the job is done
        assertThat(response(f.request(STRANGER, new SettlerRequest.FetchPreimage(7, networkHash)), STRANGER))
                .isInstanceOf(SettlerResponse.Refused.class);
        assertThat(response(f.request(CUSTOMER, new SettlerRequest.FetchPreimage(8, networkHash)), CUSTOMER))
                .isEqualTo(new SettlerResponse.PreimageRevealed(8, networkHash, notice.preimage()));
    }

    @Test
    void aConfirmedJobSettlesTheChainAndReleasesTheJobPayment() {
        var preimage = notice(revealed()).preimage();
        List<SettlerOutput> out = f.request(CUSTOMER, new SettlerRequest.ConfirmJob(f.callId(), replyHash));
        assertThat(walletRequests(out)).singleElement().isInstanceOfSatisfying(WalletRequest.Settle.class,
                s -> assertThat(s.preimage()).isEqualTo(preimage));
        assertThat(published(out)).extracting(SettlerOutput.Publish::paymentHash)
                .containsExactly(networkHash, replyHash);
        assertThat(SettlerFixture.responses(out)).extracting(SettlerOutput.Respond::to)
                .containsExactly(CUSTOMER, REPLIER);
        assertThat(SettlerFixture.responses(out).getLast().response())
                .isInstanceOf(SettlerResponse.PreimageRevealed.class);
        assertThat(f.settler.liveGigs()).isZero();
    }

    @Test
    void aDisputeResolvedForTheCustomerCancelsTheChain() {
        revealed();
        f.request(CUSTOMER, new SettlerRequest.OpenDispute(f.callId(), replyHash, "nobody came"));
        int from = f.outputs.size();
        assertThat(f.settler.resolveDispute(replyHash, false, "the driver never came"))
                .isEqualTo(new SettlerResponse.Done(0));
        List<SettlerOutput> out = List.copyOf(f.outputs.subList(from, f.outputs.size()));
        assertThat(walletRequests(out)).singleElement().isInstanceOfSatisfying(WalletRequest.Cancel.class,
                c -> assertThat(c.paymentHash()).isEqualTo(networkHash));
        assertThat(published(out)).isEmpty();
        assertThat(response(SettlerFixture.withoutDisputeNotices(out), REPLIER))
                .isInstanceOf(SettlerResponse.ReplyCancelled.class);
        // both parties are told how the dispute ended
        assertThat(SettlerFixture.responses(out)).filteredOn(r -> r.response() instanceof SettlerResponse.DisputeResolved)
                .extracting(SettlerOutput.Respond::to).containsExactlyInAnyOrder(CUSTOMER, REPLIER);
    }

    @Test
    void theHeldChainSurvivesARestart() {
        revealed();
        Map<String, byte[]> rows = new HashMap<>();
        f.settler.drainChanges().entries().forEach((k, v) -> {
            if (v != null) {
                rows.put(k, v);
            }
        });
        List<SettlerOutput> out = new java.util.ArrayList<>();
        // restored under the other policy: the gig keeps the one it was sealed with
        Settler restored = Settler.restore(SettlerConfig.of(FEE, TTL, WINDOW), SettlerFixture.SETTLER_SIGNER,
                new CertificateAuthority(SettlerFixture.SETTLER_SIGNER, "https://settler.example/"), f.clock,
                TestRandom.seeded(9), out::add, Map.copyOf(rows));
        restored.resume();
        assertThat(restored.resolveDispute(replyHash, false, "the driver never came"))
                .isInstanceOf(SettlerResponse.Refused.class);
        restored.onRequest(CUSTOMER, new SettlerRequest.OpenDispute(1, replyHash, "nobody came"));
        out.clear();
        restored.resolveDispute(replyHash, false, "the driver never came");
        assertThat(walletRequests(out)).singleElement().isInstanceOf(WalletRequest.Cancel.class);
    }
}
