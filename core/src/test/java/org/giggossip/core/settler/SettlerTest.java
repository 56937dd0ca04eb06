package org.giggossip.core.settler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.settler.SettlerFixture.CERT_VALIDITY;
import static org.giggossip.core.settler.SettlerFixture.CUSTOMER;
import static org.giggossip.core.settler.SettlerFixture.CUSTOMER_KEY;
import static org.giggossip.core.settler.SettlerFixture.FEE;
import static org.giggossip.core.settler.SettlerFixture.JOB;
import static org.giggossip.core.settler.SettlerFixture.REPLIER;
import static org.giggossip.core.settler.SettlerFixture.REPLIER_KEY;
import static org.giggossip.core.settler.SettlerFixture.STRANGER;
import static org.giggossip.core.settler.SettlerFixture.T0;
import static org.giggossip.core.settler.SettlerFixture.TTL;
import static org.giggossip.core.settler.SettlerFixture.assertRefused;
import static org.giggossip.core.settler.SettlerFixture.published;
import static org.giggossip.core.settler.SettlerFixture.response;
import static org.giggossip.core.settler.SettlerFixture.walletRequests;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.ReplyPayload;
import org.giggossip.core.wire.RequestPayload;
import org.giggossip.core.wire.SettlementPromise;
import org.giggossip.core.wire.SettlementPromiseBody;
import org.giggossip.core.wire.SignedRequestPayload;
import org.giggossip.core.wire.TestSigners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issuing reply hashes and sealing replies (seed 000, 3.9, Figure 15), with every
 * refusal; the settler's wallet is played by hand.
 */
class SettlerTest {
    SettlerFixture f;

    @BeforeEach
    void setUp() {
        f = new SettlerFixture();
    }

    // --- IssueReplyHash

    @Test
    void issueReplyHashAnswersAFreshHashAndSetsADeadline() {
        List<SettlerOutput> out = f.request(REPLIER, new SettlerRequest.IssueReplyHash(7, f.request, JOB));
        assertThat(response(out, REPLIER)).isInstanceOfSatisfying(SettlerResponse.ReplyHashIssued.class,
                r -> assertThat(r.callId()).isEqualTo(7));
        assertThat(out).contains(new SettlerOutput.WakeUp(T0.plus(TTL)));
        assertThat(f.settler.liveGigs()).isEqualTo(1);
        Hash32 first = ((SettlerResponse.ReplyHashIssued) response(out, REPLIER)).replyPaymentHash();
        assertThat(f.issue()).as("a new hash per request").isNotEqualTo(first);
    }

    @Test
    void issueReplyHashRefusesAForgedRequest() {
        // the customer's certificate, but a signature its key never made
        SignedRequestPayload mixed = SignedRequestPayload.sign(new RequestPayload(f.request.payloadId(),
                f.request.payload().topic(), f.customerCertificate), TestSigners.fake(CUSTOMER));
        assertRefused(f.request(REPLIER, new SettlerRequest.IssueReplyHash(1, mixed, JOB)), REPLIER, 1,
                "invalid request: bad request payload signature");
        assertThat(f.settler.liveGigs()).isZero();
    }

    @Test
    void issueReplyHashRefusesACertificateOfAnUntrustedAuthority() {
        CertificateAuthority other = new CertificateAuthority(TestSigners.deterministic(TestSigners.key(77)), "");
        Certificate foreign = other.issue(1, CUSTOMER, Map.of(), T0, T0.plus(CERT_VALIDITY));
        SignedRequestPayload r = SettlerFixture.signedRequest(CUSTOMER_KEY, foreign, 3);
        assertRefused(f.request(REPLIER, new SettlerRequest.IssueReplyHash(1, r, JOB)), REPLIER, 1,
                "is not trusted");
    }

    @Test
    void issueReplyHashRefusesARevokedCustomer() {
        f.settler.authority().revoke(f.customerCertificate);
        assertRefused(f.request(REPLIER, new SettlerRequest.IssueReplyHash(1, f.request, JOB)), REPLIER, 1,
                "revoked");
    }

    @Test
    void issueReplyHashRefusesAnExpiredCustomerCertificate() {
        f.clock.set(T0.plus(CERT_VALIDITY).plusSeconds(1));
        assertRefused(f.request(REPLIER, new SettlerRequest.IssueReplyHash(1, f.request, JOB)), REPLIER, 1,
                "expired");
    }

    @Test
    void issueReplyHashRefusesACustomerWithoutTheRequiredProperties() {
        SettlerFixture strict = new SettlerFixture(SettlerFixture.configRequiring(Map.of("kyc", "done")), 1);
        assertRefused(strict.request(REPLIER, new SettlerRequest.IssueReplyHash(1, strict.request, JOB)),
                REPLIER, 1, "lacks required property kyc=done");
        strict.settler.authority().grant(CUSTOMER, "kyc", "done");
        SignedRequestPayload kyc = SettlerFixture.signedRequest(CUSTOMER_KEY,
                strict.settler.authority().issue(CUSTOMER, CERT_VALIDITY), 4);
        assertThat(response(strict.request(REPLIER, new SettlerRequest.IssueReplyHash(2, kyc, JOB)), REPLIER))
                .isInstanceOf(SettlerResponse.ReplyHashIssued.class);
    }

    // --- SealReply

    @Test
    void sealReplyOpensTheNetworkInvoiceThenAnswersWithASignedPromise() {
        Hash32 replyHash = f.issue();
        var create = f.seal(replyHash, 9);
        assertThat(create.amountMsat()).isEqualTo(FEE);
        assertThat(create.expiresAt()).isEqualTo(T0.plus(TTL));
        assertThat(create.memo()).isEqualTo(Settler.NETWORK_INVOICE_MEMO);
        assertThat(create.paymentHash()).isNotEqualTo(replyHash);

        var created = f.settlerWalletCreates(create);
        List<SettlerOutput> out = f.wallet(created);
        SettlerResponse.ReplySealed sealed = (SettlerResponse.ReplySealed) response(out, REPLIER);
        assertThat(sealed.callId()).isEqualTo(9);
        assertThat(sealed.networkInvoice()).isEqualTo(created.bolt11());
        SettlementPromiseBody body = sealed.promise().body();
        assertThat(body.networkPaymentHash()).isEqualTo(create.paymentHash());
        assertThat(body.replyPaymentHash()).isEqualTo(replyHash);
        assertThat(body.hashOfEncryptedReplyPayload())
                .isEqualTo(SettlementPromise.hashOfEncryptedReplyPayload(sealed.encryptedReplyPayload()));
        assertThat(body.networkAmountMsat()).isEqualTo(FEE);
        assertThat(body.replyAmountMsat()).isEqualTo(JOB);
        assertThat(body.expiresAt()).isEqualTo(T0.plus(TTL));
        assertThat(body.settlerCertificate().subject()).isEqualTo(f.settler.id());
        // every middleman can check the promise (3.9)
        CertificateValidator middleman = new CertificateValidator(new TrustStore(List.of(f.settler.id())),
                f.clock);
        assertThat(middleman.validateSettlementPromise(sealed.promise())).isEqualTo(Verdict.accept());
    }

    @Test
    void sealReplyRefusesAnUnknownGigAndAnotherCallersGig() {
        Hash32 replyHash = f.issue();
        byte[] payload = f.replyPayload(replyHash);
        assertRefused(f.request(REPLIER, new SettlerRequest.SealReply(1, Hash32.of(new byte[32]), payload)),
                REPLIER, 1, "unknown gig");
        assertRefused(f.request(STRANGER, new SettlerRequest.SealReply(2, replyHash, payload)), STRANGER, 2,
                Settler.NOT_YOUR_GIG);
        assertRefused(f.request(CUSTOMER, new SettlerRequest.SealReply(3, replyHash, payload)), CUSTOMER, 3,
                Settler.NOT_YOUR_GIG);
    }

    @Test
    void sealReplyRefusesHostileBytes() {
        Hash32 replyHash = f.issue();
        assertRefused(f.request(REPLIER, new SettlerRequest.SealReply(1, replyHash, new byte[] {(byte) 0xff, 1})),
                REPLIER, 1, "undecodable reply payload: MALFORMED");
        assertRefused(f.request(REPLIER, new SettlerRequest.SealReply(2, replyHash, new byte[0])), REPLIER, 2,
                "undecodable reply payload: MISSING_FIELD");
        assertRefused(f.request(REPLIER, new SettlerRequest.SealReply(3, replyHash, new byte[300_000])), REPLIER,
                3, "undecodable reply payload: TOO_LARGE");
    }

    @Test
    void sealReplyRefusesAPayloadForAnotherRequest() {
        Hash32 replyHash = f.issue();
        SignedRequestPayload other = SettlerFixture.signedRequest(CUSTOMER_KEY, f.customerCertificate, 9);
        byte[] payload = new ReplyPayload(f.replierCertificate, other, f.offer(), f.jobInvoice(replyHash, JOB))
                .encode();
        assertRefused(f.request(REPLIER, new SettlerRequest.SealReply(1, replyHash, payload)), REPLIER, 1,
                "answers another request");
    }

    @Test
    void sealReplyRefusesAReplierCertificateThatIsNotTheCallers() {
        Hash32 replyHash = f.issue();
        byte[] payload = new ReplyPayload(f.customerCertificate, f.request, f.offer(),
                f.jobInvoice(replyHash, JOB)).encode();
        assertRefused(f.request(REPLIER, new SettlerRequest.SealReply(1, replyHash, payload)), REPLIER, 1,
                "not the caller's");
    }

    @Test
    void sealReplyRefusesARevokedReplierCertificate() {
        Hash32 replyHash = f.issue();
        byte[] payload = f.replyPayload(replyHash);
        assertThat(f.settler.authority().revokeProperty(REPLIER, "driving_licence"))
                .containsExactly(f.replierCertificate);
        assertRefused(f.request(REPLIER, new SettlerRequest.SealReply(1, replyHash, payload)), REPLIER, 1,
                "invalid replier certificate");
    }

    @Test
    void sealReplyRefusesAJobInvoiceForAnotherHashOrAmount() {
        Hash32 replyHash = f.issue();
        Hash32 otherHash = f.issue();
        byte[] wrongHash = new ReplyPayload(f.replierCertificate, f.request, f.offer(),
                f.jobInvoice(otherHash, JOB)).encode();
        assertRefused(f.request(REPLIER, new SettlerRequest.SealReply(1, replyHash, wrongHash)), REPLIER, 1,
                "not the reply hash");
        byte[] wrongAmount = new ReplyPayload(f.replierCertificate, f.request, f.offer(),
                f.jobInvoice(replyHash, JOB + 1)).encode();
        assertRefused(f.request(REPLIER, new SettlerRequest.SealReply(2, replyHash, wrongAmount)), REPLIER, 2,
                "agreed " + JOB);
        byte[] notBolt11 = new ReplyPayload(f.replierCertificate, f.request, f.offer(), "lnbcrt1garbage").encode();
        assertRefused(f.request(REPLIER, new SettlerRequest.SealReply(3, replyHash, notBolt11)), REPLIER, 3,
                "not a BOLT 11 invoice");
    }

    @Test
    void sealReplyRefusesAnExpiredJobInvoice() {
        Hash32 replyHash = f.issue();
        String expired = Bolt11.encode(Bolt11Invoice.builder("bcrt").amountMsat(JOB)
                .timestamp(T0.minus(Duration.ofHours(2))).paymentHash(replyHash).paymentSecret(new byte[32])
                .description("taxi ride").expiry(Duration.ofHours(1)), REPLIER_KEY);
        byte[] payload = new ReplyPayload(f.replierCertificate, f.request, f.offer(), expired).encode();
        assertRefused(f.request(REPLIER, new SettlerRequest.SealReply(1, replyHash, payload)), REPLIER, 1,
                "the reply invoice expired");
    }

    @Test
    void aSealSentAgainWithItsCallIdIsAnsweredAgainWithTheSamePromise() {
        Hash32 replyHash = f.issue();
        // while the network invoice is being created, the answer is still to come: nothing more now
        var create = f.seal(replyHash, 4);
        assertThat(f.request(REPLIER, new SettlerRequest.SealReply(4, replyHash, f.replyPayload(replyHash))))
                .isEmpty();
        SettlerResponse first = response(f.wallet(f.settlerWalletCreates(create)), REPLIER);
        SettlerResponse.ReplySealed sealed = (SettlerResponse.ReplySealed) first;

        // its client did not hear the answer and sends it again: the same network invoice and terms
        SettlerResponse again = response(f.request(REPLIER, new SettlerRequest.SealReply(4, replyHash,
                f.replyPayload(replyHash))), REPLIER);
        assertThat(again).isInstanceOfSatisfying(SettlerResponse.ReplySealed.class, r -> {
            assertThat(r.callId()).isEqualTo(4);
            assertThat(r.networkInvoice()).isEqualTo(sealed.networkInvoice());
            assertThat(r.promise().body().networkPaymentHash()).isEqualTo(sealed.promise().body()
                    .networkPaymentHash());
            assertThat(r.promise().body().replyInvoice()).isEqualTo(sealed.promise().body().replyInvoice());
            assertThat(r.promise().body().hashOfEncryptedReplyPayload()).isEqualTo(
                    SettlementPromise.hashOfEncryptedReplyPayload(r.encryptedReplyPayload()));
        });
        // sent again by someone else, or with another reply, it is refused
        assertRefused(f.request(CUSTOMER, new SettlerRequest.SealReply(4, replyHash, f.replyPayload(replyHash))),
                CUSTOMER, 4, "not your gig");
    }

    @Test
    void sealReplyRefusesASecondSeal() {
        Hash32 replyHash = f.issue();
        f.seal(replyHash, 1);
        assertRefused(f.request(REPLIER, new SettlerRequest.SealReply(2, replyHash, f.replyPayload(replyHash))),
                REPLIER, 2, "already sealed");
    }

    @Test
    void aFailedNetworkInvoiceRefusesTheSealAndLetsTheReplierTryAgain() {
        Hash32 replyHash = f.issue();
        var create = f.seal(replyHash, 5);
        List<SettlerOutput> out = f.wallet(new org.giggossip.core.payment.WalletEvent.CallFailed(create.callId(),
                "wallet offline"));
        assertRefused(out, REPLIER, 5, "the network invoice was not created: wallet offline");
        assertThat(f.sealed(replyHash, 6).callId()).isEqualTo(6);
    }

    @Test
    void theSettlerCertificateIsRenewedBeforeItExpires() {
        Certificate first = f.settler.certificate();
        f.clock.set(first.body().notAfter().minus(TTL).plusSeconds(1));
        Certificate renewed = f.settler.certificate();
        assertThat(renewed).isNotEqualTo(first);
        assertThat(renewed.body().notAfter()).isAfter(first.body().notAfter());
        assertThat(f.settler.certificate()).isEqualTo(renewed);
    }

    @Test
    void malformedValuesAreRefusedNotThrown() {
        assertRefused(f.request(REPLIER, new SettlerRequest.IssueReplyHash(1, f.request, Long.MAX_VALUE)),
                REPLIER, 1, "reply amount above");
        assertThat(walletRequests(f.outputs)).isEmpty();
        assertThat(published(f.outputs)).isEmpty();
        assertThat(REPLIER_KEY.publicKey()).isEqualTo(REPLIER);
    }
}
