package org.giggossip.core.settler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.giggossip.core.settler.SettlerFixture.CUSTOMER;
import static org.giggossip.core.settler.SettlerFixture.FEE;
import static org.giggossip.core.settler.SettlerFixture.JOB;
import static org.giggossip.core.settler.SettlerFixture.REPLIER;
import static org.giggossip.core.settler.SettlerFixture.SETTLER_SIGNER;
import static org.giggossip.core.settler.SettlerFixture.TTL;
import static org.giggossip.core.settler.SettlerFixture.WINDOW;
import static org.giggossip.core.settler.SettlerFixture.response;
import static org.giggossip.core.settler.SettlerFixture.responses;
import static org.giggossip.core.settler.SettlerFixture.walletRequests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.testing.TestRandom;
import org.giggossip.core.wire.TestSigners;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.Signer;
import org.junit.jupiter.api.Test;

/**
 * A settler's durable state (issue 5): after every input the rows it drained,
 * applied in order, restore a settler that holds the same gigs, preimages,
 * certificates, grants, revocation list and disputes, and that carries on from
 * there: it asks its wallet again for what was in flight, under the same call id.
 */
class SettlerDurabilityTest {
    private final SettlerFixture f = new SettlerFixture();
    private final Map<String, byte[]> rows = new HashMap<>();
    private final List<SettlerOutput> restoredOutputs = new ArrayList<>();

    /** Commits what the settler changed, as a host does after each input. */
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

    private Settler restore() {
        restoredOutputs.clear();
        Settler s = Settler.restore(SettlerConfig.of(FEE, TTL, WINDOW), SETTLER_SIGNER,
                new CertificateAuthority(SETTLER_SIGNER, "https://settler.example/"), f.clock, TestRandom.seeded(9),
                restoredOutputs::add, Map.copyOf(rows));
        s.resume();
        return s;
    }

    private void assertSameAs(Settler restored, Hash32... gigs) {
        for (Hash32 g : gigs) {
            assertThat(restored.gig(g)).isEqualTo(f.settler.gig(g));
        }
        assertThat(restored.liveGigs()).isEqualTo(f.settler.liveGigs());
        assertThat(restored.publishedPreimages()).isEqualTo(f.settler.publishedPreimages());
        assertThat(restored.disputes()).isEqualTo(f.settler.disputes());
        assertThat(restored.authority().revocationList()).isEqualTo(f.settler.authority().revocationList());
        for (var who : List.of(CUSTOMER, REPLIER, f.settler.id())) {
            assertThat(restored.authority().certificates(who)).isEqualTo(f.settler.authority().certificates(who));
            assertThat(restored.authority().granted(who)).isEqualTo(f.settler.authority().granted(who));
        }
    }

    @Test
    void everyStageOfAGigRestoresToTheSameState() {
        commit();
        assertSameAs(restore());
        Hash32 reply = f.issue();
        commit();
        assertSameAs(restore(), reply);

        SettlerResponse.ReplySealed sealed = f.sealed(reply, f.callId());
        commit();
        assertSameAs(restore(), reply);
        Hash32 network = sealed.promise().body().networkPaymentHash();

        f.wallet(new WalletEvent.InvoiceAccepted(network, FEE));
        commit();
        assertSameAs(restore(), reply);
        f.request(REPLIER, new SettlerRequest.ReplyInvoiceAccepted(f.callId(), reply));
        commit();
        Settler revealing = restore();
        assertSameAs(revealing, reply);
        assertThat(revealing.gig(reply).orElseThrow().stage()).isEqualTo("REVEALING");

        f.wallet(new WalletEvent.InvoiceSettled(network, FEE));
        commit();
        Settler revealed = restore();
        assertSameAs(revealed, reply);
        // the published network preimage survives the restart
        revealed.onRequest(CUSTOMER, new SettlerRequest.FetchPreimage(77, network));
        assertThat(response(restoredOutputs, CUSTOMER)).isInstanceOf(SettlerResponse.PreimageRevealed.class);

        f.request(CUSTOMER, new SettlerRequest.OpenDispute(f.callId(), reply, "the driver never came"));
        commit();
        Settler disputed = restore();
        assertSameAs(disputed, reply);
        assertThat(disputed.disputes()).singleElement()
                .satisfies(g -> assertThat(g.disputeReason()).isEqualTo("the driver never came"));
        // the administrator decides after the restart: the worker is told to cancel
        restoredOutputs.clear();
        assertThat(disputed.resolveDispute(reply, false)).isEqualTo(new SettlerResponse.Done(0));
        assertThat(response(restoredOutputs, REPLIER)).isInstanceOf(SettlerResponse.ReplyCancelled.class);
    }

    @Test
    void aRestoredSettlerAnswersASealSentAgainWithItsCallIdWithTheSameNetworkInvoice() {
        Hash32 reply = f.issue();
        long call = f.callId();
        SettlerResponse.ReplySealed sealed = f.sealed(reply, call);
        commit();

        // the service restarted before its answer left; the replier's client sends the seal again
        Settler restored = restore();
        restoredOutputs.clear();
        restored.onRequest(REPLIER, new SettlerRequest.SealReply(call, reply, f.replyPayload(reply)));
        assertThat(response(restoredOutputs, REPLIER)).isInstanceOfSatisfying(SettlerResponse.ReplySealed.class,
                r -> {
                    assertThat(r.callId()).isEqualTo(call);
                    assertThat(r.networkInvoice()).isEqualTo(sealed.networkInvoice());
                    assertThat(r.promise().body().networkPaymentHash())
                            .isEqualTo(sealed.promise().body().networkPaymentHash());
                });
    }

    @Test
    void aRestoredSettlerAsksItsWalletAgainForTheSettlementInFlightUnderTheSameCallId() {
        Hash32 reply = f.issue();
        SettlerResponse.ReplySealed sealed = f.sealed(reply, f.callId());
        Hash32 network = sealed.promise().body().networkPaymentHash();
        f.wallet(new WalletEvent.InvoiceAccepted(network, FEE));
        List<SettlerOutput> out = f.request(REPLIER, new SettlerRequest.ReplyInvoiceAccepted(f.callId(), reply));
        WalletRequest.Settle settle = (WalletRequest.Settle) walletRequests(out).getFirst();
        commit();

        Settler restored = restore();
        assertThat(walletRequests(restoredOutputs)).containsExactly(settle);
        // the wallet answers as it would have: the preimage is published
        restoredOutputs.clear();
        restored.onWallet(new WalletEvent.InvoiceSettled(network, FEE));
        assertThat(SettlerFixture.published(restoredOutputs)).singleElement()
                .satisfies(p -> assertThat(p.preimage()).isEqualTo(settle.preimage()));
    }

    @Test
    void aRestoredSettlerLooksTheJobInvoiceUpAgainWhenTheLookUpWasLostInTheCrash() {
        Hash32 reply = f.issue();
        SettlerResponse.ReplySealed sealed = f.sealed(reply, f.callId());
        Hash32 network = sealed.promise().body().networkPaymentHash();
        f.wallet(new WalletEvent.InvoiceAccepted(network, FEE));
        f.answerLookups = false;
        List<SettlerOutput> out = f.request(REPLIER, new SettlerRequest.ReplyInvoiceAccepted(f.callId(), reply));
        assertThat(walletRequests(out)).singleElement().isInstanceOf(WalletRequest.LookupInvoice.class);
        commit();

        Settler restored = restore();
        assertThat(walletRequests(restoredOutputs)).singleElement().isInstanceOfSatisfying(
                WalletRequest.LookupInvoice.class, l -> assertThat(l.bolt11())
                        .isEqualTo(sealed.promise().body().replyInvoice()));
        long lookupCall = walletRequests(restoredOutputs).getFirst().callId();
        restoredOutputs.clear();
        restored.onWallet(new WalletEvent.InvoiceLookedUp(lookupCall, reply, true, JOB));
        assertThat(walletRequests(restoredOutputs)).singleElement().isInstanceOfSatisfying(WalletRequest.Settle.class,
                s -> assertThat(s.paymentHash()).isEqualTo(network));
    }

    @Test
    void aRestoredSettlerAsksAgainForTheNetworkInvoiceAndAnswersTheSealWithTheSamePayload() {
        Hash32 reply = f.issue();
        long sealCall = f.callId();
        WalletRequest.CreateHoldInvoice create = f.seal(reply, sealCall);
        commit();
        Settler restored = restore();
        assertThat(walletRequests(restoredOutputs)).containsExactly(create);

        restoredOutputs.clear();
        WalletEvent.InvoiceCreated created = f.settlerWalletCreates(create);
        restored.onWallet(created);
        SettlerResponse.ReplySealed fromRestored = (SettlerResponse.ReplySealed) response(restoredOutputs, REPLIER);
        SettlerResponse.ReplySealed fromLive = (SettlerResponse.ReplySealed) response(f.wallet(created), REPLIER);
        assertThat(fromRestored.callId()).isEqualTo(sealCall);
        assertThat(fromRestored.encryptedReplyPayload()).isEqualTo(fromLive.encryptedReplyPayload());
        assertThat(fromRestored.promise().body().networkPaymentHash())
                .isEqualTo(fromLive.promise().body().networkPaymentHash());
    }

    @Test
    void certificatesAndGrantsSurviveAndSerialsAreNeverReused() {
        f.settler.authority().grant(CUSTOMER, "kyc", "passed");
        Certificate before = f.settler.authority().issue(CUSTOMER, Duration.ofDays(10));
        Certificate kept = f.settler.authority().issue(CUSTOMER, Duration.ofDays(20));
        commit();
        Settler restored = restore();
        assertThat(restored.authority().granted(CUSTOMER)).containsEntry("kyc", "passed");
        Certificate after = restored.authority().issue(CUSTOMER, Duration.ofDays(10));
        assertThat(after.body().serial()).isGreaterThan(before.body().serial());

        // a revocation survives too, and the list version keeps growing
        long version = f.settler.authority().revoke(before).body().version();
        commit();
        Settler again = restore();
        assertThat(again.authority().revocationList().body().isRevoked(before.id())).isTrue();
        assertThat(again.authority().revokeProperty(CUSTOMER, "kyc")).containsExactly(kept);
        assertThat(again.authority().revocationList().body().version()).isEqualTo(version + 1);
    }

    @Test
    void aRemovedGigLeavesNoRow() {
        Hash32 reply = f.issue();
        commit();
        assertThat(rows).containsKey("gig/" + reply.hex());
        f.wakeAt(SettlerFixture.T0.plus(TTL).plusSeconds(1)); // an issued hash never sealed is dropped
        commit();
        assertThat(rows).doesNotContainKey("gig/" + reply.hex());
        assertThat(restore().liveGigs()).isZero();
    }

    @Test
    void stateOfAnotherSettlerOrABadRowIsRefusedByName() {
        f.issue();
        commit();
        Signer other = TestSigners.deterministic(TestSigners.key(999));
        assertThatThrownBy(() -> Settler.restore(SettlerConfig.of(FEE, TTL, WINDOW), other,
                new CertificateAuthority(other, ""), f.clock, TestRandom.seeded(1), o -> { }, rows))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to settler");

        String gigRow = rows.keySet().stream().filter(k -> k.startsWith("gig/")).findFirst().orElseThrow();
        Map<String, byte[]> bad = new HashMap<>(rows);
        bad.put(gigRow, new byte[] {8, 99});
        assertThatThrownBy(() -> Settler.restore(SettlerConfig.of(FEE, TTL, WINDOW), SETTLER_SIGNER,
                new CertificateAuthority(SETTLER_SIGNER, ""), f.clock, TestRandom.seeded(1), o -> { }, bad))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(gigRow);
        Map<String, byte[]> noMeta = new HashMap<>(rows);
        noMeta.remove("meta");
        assertThatThrownBy(() -> Settler.restore(SettlerConfig.of(FEE, TTL, WINDOW), SETTLER_SIGNER,
                new CertificateAuthority(SETTLER_SIGNER, ""), f.clock, TestRandom.seeded(1), o -> { }, noMeta))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("meta row is missing");
    }

    @Test
    void cancelBeforeTheRevealCancelsTheNetworkInvoiceAndTellsTheReplier() {
        Hash32 reply = f.issue();
        SettlerResponse.ReplySealed sealed = f.sealed(reply, f.callId());
        long call = f.callId();
        List<SettlerOutput> out = f.request(CUSTOMER, new SettlerRequest.CancelGig(call, reply));
        assertThat(responses(out)).extracting(SettlerOutput.Respond::response)
                .contains(new SettlerResponse.Done(call));
        assertThat(walletRequests(out)).singleElement().isInstanceOfSatisfying(WalletRequest.Cancel.class,
                c -> assertThat(c.paymentHash()).isEqualTo(sealed.promise().body().networkPaymentHash()));
        assertThat(f.settler.gig(reply)).isEmpty();
        // a stranger cannot cancel someone else's gig
        Hash32 other = f.issue();
        SettlerFixture.assertRefused(f.request(SettlerFixture.STRANGER, new SettlerRequest.CancelGig(5, other)),
                SettlerFixture.STRANGER, 5, Settler.NOT_YOUR_GIG);
    }
}
