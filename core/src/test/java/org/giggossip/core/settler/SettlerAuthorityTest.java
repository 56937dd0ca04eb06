package org.giggossip.core.settler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.giggossip.core.settler.SettlerFixture.CUSTOMER;
import static org.giggossip.core.settler.SettlerFixture.REPLIER;
import static org.giggossip.core.settler.SettlerFixture.STRANGER;
import static org.giggossip.core.settler.SettlerFixture.T0;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.cert.SignatureChecks;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.core.wire.TestSigners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The settler as certification authority (seed 000, 3.2): grants, certificates, revocations. */
class SettlerAuthorityTest {
    static final Duration YEAR = Duration.ofDays(365);

    SettlerFixture f;
    SettlerAuthority ca;
    CertificateValidator verifier;
    TrustStore verifierTrust;

    @BeforeEach
    void setUp() {
        f = new SettlerFixture();
        ca = f.settler.authority();
        verifierTrust = new TrustStore(List.of(ca.id()));
        verifier = new CertificateValidator(verifierTrust, f.clock);
    }

    @Test
    void certificatesCertifyExactlyTheGrantedProperties() {
        ca.grant(STRANGER, "driving_licence", "valid");
        ca.grant(STRANGER, "criminal_record", "none");
        ca.grant(STRANGER, "driving_licence", "expired");
        assertThat(ca.granted(STRANGER)).isEqualTo(Map.of("driving_licence", "expired", "criminal_record", "none"));
        Certificate c = ca.issue(STRANGER, YEAR);
        assertThat(c.subject()).isEqualTo(STRANGER);
        assertThat(c.authority()).isEqualTo(f.settler.id());
        assertThat(c.body().properties()).isEqualTo(ca.granted(STRANGER));
        assertThat(c.body().notBefore()).isEqualTo(T0);
        assertThat(c.body().notAfter()).isEqualTo(T0.plus(YEAR));
        assertThat(verifier.validate(c, Map.of("criminal_record", "none"))).isEqualTo(Verdict.accept());
        assertThat(ca.issue(STRANGER, YEAR).body().serial()).as("serials grow").isGreaterThan(c.body().serial());
        assertThat(ca.certificates(STRANGER)).hasSize(2);
        assertThat(ca.granted(CUSTOMER)).isEmpty();
    }

    @Test
    void badGrantsAreRefused() {
        assertThatThrownBy(() -> ca.grant(STRANGER, "Driving Licence", "valid"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ca.grant(STRANGER, "", "valid")).isInstanceOf(IllegalArgumentException.class);
        for (int i = 0; i < 16; i++) {
            ca.grant(STRANGER, "p" + i, "v");
        }
        assertThatThrownBy(() -> ca.grant(STRANGER, "p16", "v")).isInstanceOf(IllegalArgumentException.class);
        ca.grant(STRANGER, "p0", "replaced"); // replacing is not adding
    }

    @Test
    void revokingACertificatePublishesTheNextSignedList() {
        RevocationList first = ca.revocationList();
        assertThat(first.body().version()).isEqualTo(1);
        assertThat(SignatureChecks.revocationList(first)).isEqualTo(Verdict.accept());
        RevocationList next = ca.revoke(f.customerCertificate);
        assertThat(next.body().version()).isEqualTo(2);
        assertThat(next.body().isRevoked(f.customerCertificate.id())).isTrue();
        assertThat(ca.revocationList()).isEqualTo(next);
        assertThat(ca.certificates(CUSTOMER)).isEmpty();
        assertThat(verifierTrust.offer(next)).isEqualTo(Verdict.accept());
        assertThat(verifier.validate(f.customerCertificate, Map.of())).isInstanceOf(Verdict.Reject.class);
    }

    @Test
    void revokingAPropertyRevokesTheCertificatesThatCarryIt() {
        ca.grant(REPLIER, "criminal_record", "none");
        Certificate both = ca.issue(REPLIER, YEAR);
        ca.grant(STRANGER, "criminal_record", "none");
        Certificate other = ca.issue(STRANGER, YEAR);
        List<Certificate> revoked = ca.revokeProperty(REPLIER, "driving_licence");
        assertThat(revoked).containsExactlyInAnyOrder(f.replierCertificate, both);
        assertThat(ca.granted(REPLIER)).isEqualTo(Map.of("criminal_record", "none"));
        assertThat(ca.issue(REPLIER, YEAR).body().properties()).doesNotContainKey("driving_licence");
        assertThat(ca.revocationList().body().revoked()).containsExactlyInAnyOrder(f.replierCertificate.id(),
                both.id());
        assertThat(ca.revocationList().body().isRevoked(other.id())).isFalse();
        assertThat(ca.revokeProperty(CUSTOMER, "nothing")).isEmpty();
        assertThat(ca.revocationList().body().version()).as("no change, no new list").isEqualTo(2);
    }

    @Test
    void theListIsReSignedWhenOlderThanThePeriodSoThatAStrictVerifierKeepsAccepting() {
        Duration every = Duration.ofMinutes(5);
        CertificateValidator strict = new CertificateValidator(verifierTrust, f.clock, every.multipliedBy(3));
        RevocationList first = ca.revoke(f.customerCertificate);
        assertThat(verifierTrust.offer(first).isAccepted()).isTrue();
        assertThat(ca.refreshRevocationList(every)).as("younger than the period").isEmpty();
        f.clock.advance(every);
        RevocationList again = ca.refreshRevocationList(every).orElseThrow();
        assertThat(again.body().version()).isEqualTo(first.body().version() + 1);
        assertThat(again.body().revoked()).isEqualTo(first.body().revoked());
        assertThat(again.body().issuedAt()).isEqualTo(T0.plus(every));
        assertThat(SignatureChecks.revocationList(again)).isEqualTo(Verdict.accept());
        f.clock.advance(every.multipliedBy(3));
        assertThat(strict.validate(f.replierCertificate, Map.of())).as("the held list is too old")
                .isInstanceOf(Verdict.Ignore.class);
        assertThat(verifierTrust.offer(ca.refreshRevocationList(every).orElseThrow()).isAccepted()).isTrue();
        assertThat(strict.validate(f.replierCertificate, Map.of())).isEqualTo(Verdict.accept());
        assertThat(strict.validate(f.customerCertificate, Map.of())).isInstanceOf(Verdict.Reject.class);
        assertThatThrownBy(() -> ca.refreshRevocationList(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void expiredCertificatesLeaveTheListAndTheBooks() {
        Certificate shortLived = ca.issue(STRANGER, Duration.ofDays(1));
        ca.revoke(shortLived);
        f.clock.advance(Duration.ofDays(2));
        assertThat(ca.certificates(STRANGER)).isEmpty();
        RevocationList later = ca.revoke(f.customerCertificate);
        assertThat(later.body().revoked()).containsExactly(f.customerCertificate.id());
        assertThat(later.body().issuedAt()).isEqualTo(T0.plus(Duration.ofDays(2)));
    }

    @Test
    void onlyOwnCertificatesAreRevoked() {
        CertificateAuthority other = new CertificateAuthority(TestSigners.deterministic(TestSigners.key(55)), "");
        Certificate foreign = other.issue(1, CUSTOMER, Map.of(), T0, T0.plus(YEAR));
        assertThatThrownBy(() -> ca.revoke(foreign)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSettlerRefusesAKeyThatIsNotItsAuthoritys() {
        var signer = TestSigners.deterministic(TestSigners.key(300));
        var otherCa = new CertificateAuthority(TestSigners.deterministic(TestSigners.key(301)), "");
        assertThatThrownBy(() -> new Settler(SettlerConfig.of(1, Duration.ofMinutes(1), Duration.ZERO), signer,
                otherCa, f.clock, f.random, o -> { })).isInstanceOf(IllegalArgumentException.class);
    }
}
