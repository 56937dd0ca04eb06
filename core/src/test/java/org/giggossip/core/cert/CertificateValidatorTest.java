package org.giggossip.core.cert;

import org.giggossip.core.testing.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.validation.Penalty.Reason;
import org.giggossip.core.validation.Penalty.Severity;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ReplyFrame;
import org.giggossip.core.wire.RequestPayload;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.core.wire.SettlementPromise;
import org.giggossip.core.wire.SettlementPromiseBody;
import org.giggossip.core.wire.SignedRequestPayload;
import org.giggossip.core.wire.Signer;
import org.giggossip.core.wire.TestSigners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Certificates, revocation lists and the objects they sign (seed 000, sections 3.2, 3.3, 3.9), with a fake clock. */
class CertificateValidatorTest {
    static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
    static final Instant T1 = T0.plus(Duration.ofDays(30));
    static final Map<String, String> DRIVER = Map.of("driving_licence", "valid");

    static final PrivateKey SETTLER_KEY = TestSigners.key(1);
    static final PrivateKey OTHER_CA_KEY = TestSigners.key(4);
    static final PrivateKey DRIVER_KEY = TestSigners.key(3);
    static final PrivateKey SENDER_KEY = TestSigners.key(2);
    static final Signer SETTLER_SIGNER = TestSigners.deterministic(SETTLER_KEY);
    static final CertificateAuthority SETTLER = new CertificateAuthority(SETTLER_SIGNER, "https://settler.example/");
    static final CertificateAuthority OTHER_CA = new CertificateAuthority(TestSigners.deterministic(OTHER_CA_KEY), "");

    static final Certificate DRIVER_CERT = SETTLER.issue(10, DRIVER_KEY.publicKey(),
            Map.of("driving_licence", "valid", "criminal_record", "none"), T0, T1);
    static final Certificate SENDER_CERT = SETTLER.issue(11, SENDER_KEY.publicKey(), Map.of(), T0, T1);

    FakeClock clock;
    TrustStore trust;
    CertificateValidator validator;

    @BeforeEach
    void setUp() {
        clock = new FakeClock(T0.plus(Duration.ofDays(1)));
        trust = new TrustStore(List.of(SETTLER.id()));
        validator = new CertificateValidator(trust, clock);
    }

    static void assertIgnored(Verdict v, String reason) {
        assertThat(v).isInstanceOfSatisfying(Verdict.Ignore.class, i -> assertThat(i.reason()).contains(reason));
    }

    static void assertRejected(Verdict v, Reason reason, String detailPart, Severity severity) {
        assertThat(v).isInstanceOfSatisfying(Verdict.Reject.class, r -> {
            assertThat(r.penalty().reason()).isEqualTo(reason);
            assertThat(r.penalty().detail()).contains(detailPart);
            assertThat(r.penalty().severity()).isEqualTo(severity);
        });
    }

    @Test
    void aValidCertificateIsAccepted() {
        assertThat(DRIVER_CERT.authority()).isEqualTo(SETTLER.id());
        assertThat(DRIVER_CERT.body().authorityUriIfAny()).contains("https://settler.example/");
        assertThat(validator.validate(DRIVER_CERT, DRIVER)).isEqualTo(Verdict.accept());
        assertThat(validator.validate(DRIVER_CERT, Map.of())).isEqualTo(Verdict.accept());
        clock.set(T0);
        assertThat(validator.validate(DRIVER_CERT, DRIVER).isAccepted()).as("first instant").isTrue();
        clock.set(T1);
        assertThat(validator.validate(DRIVER_CERT, DRIVER).isAccepted()).as("last instant").isTrue();
    }

    @Test
    void aCertificateOfAnUntrustedAuthorityIsIgnored() {
        Certificate foreign = OTHER_CA.issue(1, DRIVER_KEY.publicKey(), DRIVER, T0, T1);
        assertIgnored(validator.validate(foreign, DRIVER), "not trusted");
    }

    @Test
    void aCertificateNotSignedByItsAuthorityIsRejected() {
        // claims the trusted settler as authority, but the other CA's key signs
        Signer impostor = TestSigners.impostor(SETTLER.id(), OTHER_CA_KEY);
        Certificate forged = new CertificateAuthority(impostor, "").issue(1, DRIVER_KEY.publicKey(), DRIVER, T0, T1);
        assertRejected(validator.validate(forged, DRIVER),
                Reason.BAD_SIGNATURE, "bad certificate signature", Severity.FATAL);
    }

    @Test
    void aTamperedBodyBreaksTheSignature() {
        byte[] bytes = DRIVER_CERT.encode();
        // the body starts at offset 3 (tag 0a, two-byte length): "08 01 10 0a" is version 1, serial 10
        assertThat(bytes[5]).isEqualTo((byte) 0x10);
        assertThat(bytes[6]).isEqualTo((byte) 10);
        bytes[6] = 11; // serial 11: still well-formed
        Certificate tampered = Certificate.decode(bytes).orElseThrow();
        assertThat(tampered.body().serial()).isEqualTo(11);
        assertThat(tampered.id()).isNotEqualTo(DRIVER_CERT.id());
        assertRejected(validator.validate(tampered, DRIVER),
                Reason.BAD_SIGNATURE, "bad certificate signature", Severity.FATAL);
    }

    @Test
    void aCertificateIsNotValidBeforeItsWindow() {
        clock.set(T0.minusMillis(1));
        assertRejected(validator.validate(DRIVER_CERT, DRIVER),
                Reason.CERTIFICATE_NOT_YET_VALID, "not valid before", Severity.MINOR);
    }

    @Test
    void anExpiredCertificateIsRejected() {
        clock.set(T1);
        clock.advance(Duration.ofMillis(1));
        assertRejected(validator.validate(DRIVER_CERT, DRIVER), Reason.CERTIFICATE_EXPIRED, "expired", Severity.MINOR);
    }

    @Test
    void aRevokedCertificateIsRejected() {
        RevocationList list = SETTLER.revocationList(1, T0, List.of(DRIVER_CERT.id()));
        assertThat(trust.offer(list)).isEqualTo(Verdict.accept());
        assertThat(trust.latest(SETTLER.id())).contains(list);
        assertRejected(validator.validate(DRIVER_CERT, DRIVER), Reason.CERTIFICATE_REVOKED, "revoked", Severity.MINOR);
        assertThat(validator.validate(SENDER_CERT, Map.of()).isAccepted()).as("not on the list").isTrue();
        // a newer list that no longer names it
        assertThat(trust.offer(SETTLER.revocationList(2, T0.plusSeconds(1), List.of()))).isEqualTo(Verdict.accept());
        assertThat(validator.validate(DRIVER_CERT, DRIVER).isAccepted()).isTrue();
    }

    @Test
    void aStaleRevocationListIsIgnoredAndKeepsTheNewerOne() {
        RevocationList v5 = SETTLER.revocationList(5, T0, List.of(DRIVER_CERT.id()));
        RevocationList v3 = SETTLER.revocationList(3, T0, List.of());
        assertThat(trust.offer(v5)).isEqualTo(Verdict.accept());
        assertIgnored(trust.offer(v3), "stale revocation list: version 3 is older than version 5");
        assertIgnored(trust.offer(v5), "already held");
        assertIgnored(trust.offer(SETTLER.revocationList(5, T0, List.of())), "conflicting");
        assertThat(trust.latest(SETTLER.id())).contains(v5);
        assertRejected(validator.validate(DRIVER_CERT, DRIVER), Reason.CERTIFICATE_REVOKED, "revoked", Severity.MINOR);
    }

    @Test
    void versionsCompareAsUnsignedNumbers() {
        assertThat(trust.offer(SETTLER.revocationList(Long.MAX_VALUE, T0, List.of()))).isEqualTo(Verdict.accept());
        // 2^63 is above 2^63 - 1, though Java sees it as negative
        assertThat(trust.offer(SETTLER.revocationList(Long.MIN_VALUE, T0, List.of()))).isEqualTo(Verdict.accept());
        assertIgnored(trust.offer(SETTLER.revocationList(1, T0, List.of())), "stale");
    }

    @Test
    void revocationListsAreVerified() {
        RevocationList foreign = OTHER_CA.revocationList(1, T0, List.of(DRIVER_CERT.id()));
        assertIgnored(trust.offer(foreign), "untrusted authority");
        byte[] bytes = SETTLER.revocationList(1, T0, List.of()).encode();
        bytes[bytes.length - 1] ^= 1; // the last byte of the signature
        RevocationList broken = RevocationList.decode(bytes).orElseThrow();
        assertRejected(trust.offer(broken), Reason.BAD_SIGNATURE, "bad revocation list signature", Severity.FATAL);
        assertThat(trust.latest(SETTLER.id())).isEmpty();
    }

    @Test
    void aValidatorMayRequireAFreshRevocationList() {
        var strict = new CertificateValidator(trust, clock, Duration.ofDays(2));
        assertIgnored(strict.validate(DRIVER_CERT, DRIVER), "no revocation list");
        trust.offer(SETTLER.revocationList(1, clock.instant(), List.of()));
        assertThat(strict.validate(DRIVER_CERT, DRIVER).isAccepted()).isTrue();
        clock.advance(Duration.ofDays(3));
        assertIgnored(strict.validate(DRIVER_CERT, DRIVER), "the latest was issued at");
        // without the requirement the same old list is good enough
        assertThat(validator.validate(DRIVER_CERT, DRIVER).isAccepted()).isTrue();
    }

    @Test
    void anAuthorityWhoseListCannotBeFetchedIsJudgedAgainstItsLatestListOfAnyAge() {
        var strict = new CertificateValidator(trust, clock, Duration.ofDays(2), java.util.Set.of(SETTLER.id()));
        assertThat(strict.validate(DRIVER_CERT, DRIVER).isAccepted()).isTrue();
        trust.offer(SETTLER.revocationList(1, clock.instant(), List.of(DRIVER_CERT.id())));
        clock.advance(Duration.ofDays(3));
        assertThat(strict.validate(DRIVER_CERT, DRIVER)).isInstanceOf(Verdict.Reject.class);
    }

    @Test
    void aMissingRequiredPropertyIsIgnored() {
        assertIgnored(validator.validate(SENDER_CERT, DRIVER), "lacks required property driving_licence=valid");
        Certificate expiredLicence = SETTLER.issue(12, DRIVER_KEY.publicKey(),
                Map.of("driving_licence", "expired"), T0, T1);
        assertIgnored(validator.validate(expiredLicence, DRIVER), "driving_licence=valid");
    }

    // ---- signed request payloads (3.3) ----

    static final TaxiTopic TAXI = new TaxiTopic("r3gx2g5", "r3gx2f", T1, T1.plusSeconds(600));

    @Test
    void aSignedRequestIsVerifiedWithTheSenderCertificateKey() {
        RequestPayload payload = new RequestPayload(PayloadId.of(new byte[16]), TAXI, SENDER_CERT);
        SignedRequestPayload signed = SignedRequestPayload.sign(payload, TestSigners.deterministic(SENDER_KEY));
        assertThat(SignatureChecks.requestPayload(signed)).isEqualTo(Verdict.accept());
        assertThat(validator.validateRequestPayload(signed, Map.of())).isEqualTo(Verdict.accept());
        assertIgnored(validator.validateRequestPayload(signed, DRIVER), "lacks required property");

        // signed by another key that claims to be the sender
        Signer impostor = TestSigners.impostor(SENDER_KEY.publicKey(), DRIVER_KEY);
        SignedRequestPayload forged = SignedRequestPayload.sign(payload, impostor);
        assertRejected(validator.validateRequestPayload(forged, Map.of()),
                Reason.BAD_SIGNATURE, "bad request payload signature",
                Severity.FATAL);

        // a changed payload id under the original signature: the payload id is bytes 2..17 of the payload
        byte[] bytes = signed.encode();
        bytes[3 + 2] ^= 1;
        SignedRequestPayload tampered = SignedRequestPayload.decode(bytes).orElseThrow();
        assertThat(tampered.payloadId()).isNotEqualTo(signed.payloadId());
        assertRejected(SignatureChecks.requestPayload(tampered),
                Reason.BAD_SIGNATURE, "bad request payload signature", Severity.FATAL);

        // a request whose sender certificate is revoked
        trust.offer(SETTLER.revocationList(1, T0, List.of(SENDER_CERT.id())));
        assertRejected(validator.validateRequestPayload(signed, Map.of()),
                Reason.CERTIFICATE_REVOKED, "revoked", Severity.MINOR);
    }

    // ---- settlement promises (3.9) ----

    static final Certificate SETTLER_CERT = SETTLER.selfCertificate(1, Map.of("role", "settler"), T0, T1);
    static final byte[] ENCRYPTED = {1, 2, 3, 4};

    static SettlementPromise promise(Signer signer, Instant expiry) {
        return SettlementPromise.sign(new SettlementPromiseBody(SETTLER_CERT, Hash32.of(new byte[32]),
                SettlementPromise.hashOfEncryptedReplyPayload(ENCRYPTED), Hash32.of(new byte[32]), 2000, 50_000,
                expiry, "lnbcrt500n1pjob", DRIVER_CERT), signer);
    }

    @Test
    void aSettlementPromiseIsVerifiedWithTheSettlerCertificateKey() {
        SettlementPromise good = promise(SETTLER_SIGNER, T1);
        assertThat(SignatureChecks.settlementPromise(good)).isEqualTo(Verdict.accept());
        assertThat(validator.validateSettlementPromise(good)).isEqualTo(Verdict.accept());
        ReplyFrame reply = new ReplyFrame(ENCRYPTED, good, new byte[0], "lnbcrt1");
        assertThat(validator.validateReply(reply)).isEqualTo(Verdict.accept());

        Signer impostor = TestSigners.impostor(SETTLER.id(), OTHER_CA_KEY);
        assertRejected(validator.validateSettlementPromise(promise(impostor, T1)),
                Reason.BAD_SIGNATURE, "bad settlement promise signature",
                Severity.FATAL);

        ReplyFrame swapped = new ReplyFrame(new byte[] {9, 9}, good, new byte[0], "lnbcrt1");
        assertRejected(validator.validateReply(swapped), Reason.PROMISE_MISMATCH, "does not cover", Severity.FATAL);

        clock.set(T1.plusMillis(1));
        assertIgnored(validator.validateSettlementPromise(good), "expired");

        clock.set(T0.plusSeconds(1));
        var untrusting = new CertificateValidator(new TrustStore(List.of(OTHER_CA.id())), clock);
        assertIgnored(untrusting.validateSettlementPromise(good), "not trusted");
    }

    @Test
    void signaturesAreDomainSeparated() {
        // the same bytes signed under the certificate tag are no request-payload signature
        RequestPayload payload = new RequestPayload(PayloadId.of(new byte[16]), TAXI, SENDER_CERT);
        Signer wrongTag = new Signer() {
            @Override
            public PublicKey publicKey() {
                return SENDER_KEY.publicKey();
            }

            @Override
            public byte[] signTagged(String tag, byte[] body) {
                return TestSigners.deterministic(SENDER_KEY).signTagged("giggossip/v1/certificate", body);
            }
        };
        assertRejected(SignatureChecks.requestPayload(SignedRequestPayload.sign(payload, wrongTag)),
                Reason.BAD_SIGNATURE, "bad",
                Severity.FATAL);
    }
}
