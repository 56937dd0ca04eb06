package org.giggossip.core.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.DisputeTerms;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.CertificateBody;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.RequestPayload;
import org.giggossip.core.wire.SettlementPromise;
import org.giggossip.core.wire.SettlementPromiseBody;
import org.giggossip.core.wire.SignedRequestPayload;
import org.giggossip.core.wire.Signer;
import org.giggossip.core.wire.TestSigners;

/** One value of every service message kind, signed with fixed keys. */
final class ServiceFixtures {
    private ServiceFixtures() {}

    static final Signer SETTLER = TestSigners.deterministic(TestSigners.key(1));
    static final Signer SENDER = TestSigners.deterministic(TestSigners.key(2));
    static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
    static final Instant YEAR_LATER = T0.plus(Duration.ofDays(365));

    static byte[] filled(int size, int value) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static final Hash32 HASH = Hash32.of(filled(32, 0x33));
    static final Preimage PREIMAGE = Preimage.of(filled(32, 0x55));
    static final Certificate SETTLER_CERTIFICATE = Certificate.sign(CertificateBody.of(1, SETTLER.publicKey(),
            Map.of("role", "settler"), T0, YEAR_LATER, SETTLER.publicKey(), ""), SETTLER);
    static final Certificate SENDER_CERTIFICATE = Certificate.sign(CertificateBody.of(2, SENDER.publicKey(),
            Map.of("driving_licence", "valid"), T0, YEAR_LATER, SETTLER.publicKey(), ""), SETTLER);
    static final SignedRequestPayload REQUEST = SignedRequestPayload.sign(new RequestPayload(
            PayloadId.of(filled(16, 0x22)), new TaxiTopic("r3gx2g5", "r3gx2f", T0.plusSeconds(3600),
                    T0.plusSeconds(7200)), SENDER_CERTIFICATE), SENDER);
    static final byte[] ENCRYPTED = filled(40, 0xee);
    static final SettlementPromise PROMISE = SettlementPromise.sign(new SettlementPromiseBody(SETTLER_CERTIFICATE,
            HASH, SettlementPromise.hashOfEncryptedReplyPayload(ENCRYPTED), Hash32.of(filled(32, 0x44)), 2000,
            15_000_000, T0.plusSeconds(3600), "lnbcrt150u1pjob", SENDER_CERTIFICATE), SETTLER);
    static final PublicKey SETTLER_ID = SETTLER.publicKey();

    /** Every variant of every kind, once. */
    static List<ServiceMessage> all() {
        return List.of(
                new ServiceMessage.SettlerCall(new SettlerRequest.IssueReplyHash(1, REQUEST, 15_000_000)),
                new ServiceMessage.SettlerCall(new SettlerRequest.SealReply(2, HASH, filled(100, 0x01))),
                new ServiceMessage.SettlerCall(new SettlerRequest.ReplyInvoiceAccepted(3, HASH)),
                new ServiceMessage.SettlerCall(new SettlerRequest.ConfirmJob(4, HASH)),
                new ServiceMessage.SettlerCall(new SettlerRequest.OpenDispute(5, HASH, "driver never came")),
                new ServiceMessage.SettlerCall(new SettlerRequest.CancelGig(7, HASH)),
                new ServiceMessage.SettlerCall(new SettlerRequest.FetchPreimage(-6, HASH)),
                new ServiceMessage.SettlerCall(new SettlerRequest.JobPaymentLocked(21, HASH, 15_000_000,
                        filled(64, 0x07))),
                new ServiceMessage.SettlerAnswer(new SettlerResponse.ReplyHashIssued(7, HASH)),
                new ServiceMessage.SettlerAnswer(new SettlerResponse.ReplyHashIssued(17, HASH, new DisputeTerms(
                        java.time.Duration.ofMinutes(10), java.time.Duration.ofHours(24), java.time.Duration.ofDays(3),
                        org.giggossip.core.wire.DisputeOutcome.REFUND_CUSTOMER))),
                new ServiceMessage.SettlerAnswer(new SettlerResponse.ReplySealed(8, ENCRYPTED, PROMISE, "lnbcrt20n1pnet")),
                new ServiceMessage.SettlerAnswer(new SettlerResponse.Done(9)),
                new ServiceMessage.SettlerAnswer(new SettlerResponse.Refused(10, "not your gig")),
                new ServiceMessage.SettlerAnswer(new SettlerResponse.PreimageRevealed(0, HASH, PREIMAGE)),
                new ServiceMessage.SettlerAnswer(new SettlerResponse.ReplyCancelled(0, HASH, "dispute lost")),
                new ServiceMessage.WalletCall(new WalletRequest.CreateHoldInvoice(11, HASH, 2000, T0.plusSeconds(60),
                        "gig-gossip network fee \u00e9\ud83d\ude95")),
                new ServiceMessage.WalletCall(new WalletRequest.Pay(12, "lnbcrt20n1pnet", Long.MAX_VALUE)),
                new ServiceMessage.WalletCall(new WalletRequest.Settle(13, HASH, PREIMAGE)),
                new ServiceMessage.WalletCall(new WalletRequest.Cancel(14, HASH)),
                new ServiceMessage.WalletCall(new WalletRequest.LookupInvoice(22, "lnbcrt20n1pnet")),
                new ServiceMessage.WalletNotice(new WalletEvent.InvoiceCreated(15, HASH, "lnbcrt20n1pnet")),
                new ServiceMessage.WalletNotice(new WalletEvent.CallFailed(16, "duplicate hash")),
                new ServiceMessage.WalletNotice(new WalletEvent.InvoiceAccepted(HASH, 2000)),
                new ServiceMessage.WalletNotice(new WalletEvent.InvoiceSettled(HASH, 2000)),
                new ServiceMessage.WalletNotice(new WalletEvent.InvoiceCancelled(HASH, "expired")),
                new ServiceMessage.WalletNotice(new WalletEvent.PaymentAccepted(17, HASH, 2000)),
                new ServiceMessage.WalletNotice(new WalletEvent.PaymentSettled(HASH, PREIMAGE, 2000)),
                new ServiceMessage.WalletNotice(new WalletEvent.PaymentFailed(18, HASH, "insufficient funds")),
                new ServiceMessage.WalletNotice(new WalletEvent.PaymentFailed(19, null, "invalid invoice")),
                new ServiceMessage.WalletNotice(new WalletEvent.InvoiceLookedUp(23, HASH, true, 2000)),
                new ServiceMessage.WalletNotice(new WalletEvent.InvoiceLookedUp(24, HASH, false, 0)),
                new ServiceMessage.Enrol(),
                new ServiceMessage.Enrol().enrolled(SENDER_CERTIFICATE, SETTLER_ID),
                new ServiceMessage.BalanceQuery(20),
                new ServiceMessage.BalanceQuery(20).answer(1_000_000, 2000),
                new ServiceMessage.Resume());
    }
}
