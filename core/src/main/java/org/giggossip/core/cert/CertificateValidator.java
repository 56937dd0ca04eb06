package org.giggossip.core.cert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.validation.Penalty.Reason;
import org.giggossip.core.validation.Penalty.Severity;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.CertificateBody;
import org.giggossip.core.wire.ReplyFrame;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.core.wire.SettlementPromise;
import org.giggossip.core.wire.SignedRequestPayload;

/**
 * Judges the meaning of decoded certificates and of the objects they sign
 * (seed 000, sections 3.2, 3.3 and 3.9), with an injected clock. Checks run
 * cheapest first and stop at the first failure:
 * <ol>
 *   <li>the authority is trusted ({@link TrustStore});</li>
 *   <li>the authority's signature (before the window, so that a forgery is
 *       always blamed as a forgery);</li>
 *   <li>the validity window contains now;</li>
 *   <li>the certificate is not in its authority's latest revocation list (and,
 *       when a maximum age is configured, that list is fresh enough);</li>
 *   <li>the required properties, such as {@code driving_licence=valid}, are certified.</li>
 * </ol>
 *
 * <p>Penalties: a bad signature is {@link Severity#FATAL}; an expired, not yet
 * valid or revoked certificate is {@link Severity#MINOR} (an honest peer's clock
 * or revocation list may lag); an untrusted authority, a missing property or a
 * missing fresh revocation list is ignored without blame (a matter of local
 * policy).
 */
public final class CertificateValidator {
    private final TrustStore trust;
    private final Clock clock;
    private final Optional<Duration> maxRevocationListAge;
    private final Set<PublicKey> unfetchable;

    /** A validator that uses an authority's latest revocation list when it has one. */
    public CertificateValidator(TrustStore trust, Clock clock) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxRevocationListAge = Optional.empty();
        this.unfetchable = Set.of();
    }

    /**
     * A validator that requires, for every authority, a revocation list issued
     * at most {@code maxRevocationListAge} ago; without one it ignores the
     * certificate.
     */
    public CertificateValidator(TrustStore trust, Clock clock, Duration maxRevocationListAge) {
        this(trust, clock, maxRevocationListAge, Set.of());
    }

    /**
     * A validator that requires a fresh revocation list of every authority except those in
     * {@code unfetchable}: authorities whose lists the owner has no way to fetch, whose
     * certificates are judged against their latest list when there is one, whatever its age
     * (the owner says so in its log; docs/settler.md, "Revocation").
     */
    public CertificateValidator(TrustStore trust, Clock clock, Duration maxRevocationListAge,
            Set<PublicKey> unfetchable) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxRevocationListAge.isNegative()) {
            throw new IllegalArgumentException("negative maximum age");
        }
        this.maxRevocationListAge = Optional.of(maxRevocationListAge);
        this.unfetchable = Set.copyOf(unfetchable);
    }

    /** Judges a certificate that must certify every entry of {@code requiredProperties}. */
    public Verdict validate(Certificate certificate, Map<String, String> requiredProperties) {
        CertificateBody body = certificate.body();
        if (!trust.isTrusted(body.authority())) {
            return Verdict.ignore("certificate authority " + body.authority() + " is not trusted");
        }
        Verdict signature = SignatureChecks.certificate(certificate);
        if (!signature.isAccepted()) {
            return signature;
        }
        Instant now = clock.instant();
        if (now.isBefore(body.notBefore())) {
            return Verdict.reject(Reason.CERTIFICATE_NOT_YET_VALID, Severity.MINOR,
                    "certificate not valid before " + body.notBefore() + ", now " + now);
        }
        if (now.isAfter(body.notAfter())) {
            return Verdict.reject(Reason.CERTIFICATE_EXPIRED, Severity.MINOR,
                    "certificate expired at " + body.notAfter() + ", now " + now);
        }
        Verdict revocation = checkRevocation(certificate, now);
        if (!revocation.isAccepted()) {
            return revocation;
        }
        for (Map.Entry<String, String> required : requiredProperties.entrySet()) {
            if (!body.hasProperty(required.getKey(), required.getValue())) {
                return Verdict.ignore("certificate lacks required property " + required.getKey() + "="
                        + required.getValue());
            }
        }
        return Verdict.accept();
    }

    private Verdict checkRevocation(Certificate certificate, Instant now) {
        Optional<RevocationList> list = trust.latest(certificate.authority());
        if (maxRevocationListAge.isPresent() && !unfetchable.contains(certificate.authority())) {
            Instant oldest = now.minus(maxRevocationListAge.get());
            if (list.isEmpty() || list.get().body().issuedAt().isBefore(oldest)) {
                return Verdict.ignore("refused: no revocation list of authority " + certificate.authority()
                        + " issued since " + oldest + " (maximum age " + maxRevocationListAge.get() + ")"
                        + (list.isEmpty() ? "; none held" : "; the latest was issued at "
                                + list.get().body().issuedAt()));
            }
        }
        if (list.isPresent() && list.get().body().isRevoked(certificate.id())) {
            return Verdict.reject(Reason.CERTIFICATE_REVOKED, Severity.MINOR, "certificate "
                    + certificate.id().hex() + " is revoked (revocation list version "
                    + Long.toUnsignedString(list.get().body().version()) + ")");
        }
        return Verdict.accept();
    }

    /**
     * Judges a signed request (3.3): the sender certificate (which must certify
     * {@code requiredSenderProperties}), then the payload's signature by its subject key.
     */
    public Verdict validateRequestPayload(SignedRequestPayload payload, Map<String, String> requiredSenderProperties) {
        return validate(payload.payload().senderCertificate(), requiredSenderProperties)
                .and(() -> SignatureChecks.requestPayload(payload));
    }

    /**
     * Judges a settlement promise (3.9): not expired, the settler certificate
     * valid, and the promise signed by that certificate's subject key.
     */
    public Verdict validateSettlementPromise(SettlementPromise promise) {
        Instant now = clock.instant();
        if (now.isAfter(promise.body().expiresAt())) {
            return Verdict.ignore("settlement promise expired at " + promise.body().expiresAt() + ", now " + now);
        }
        return validate(promise.body().settlerCertificate(), Map.of())
                .and(() -> SignatureChecks.settlementPromise(promise));
    }

    /**
     * Judges the promise of a reply frame (3.9), as each middleman does on the
     * way back: the promise covers this encrypted reply payload (cheapest, first),
     * and then {@link #validateSettlementPromise}.
     */
    public Verdict validateReply(ReplyFrame reply) {
        var promised = reply.settlementPromise().body().hashOfEncryptedReplyPayload();
        if (!reply.hashOfEncryptedReplyPayload().equals(promised)) {
            return Verdict.reject(Reason.PROMISE_MISMATCH, Severity.FATAL,
                    "the settlement promise does not cover this encrypted reply payload");
        }
        return validateSettlementPromise(reply.settlementPromise());
    }
}
