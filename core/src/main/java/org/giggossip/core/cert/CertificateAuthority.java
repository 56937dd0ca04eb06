package org.giggossip.core.cert;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.CertificateBody;
import org.giggossip.core.wire.CertificateId;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.core.wire.RevocationListBody;
import org.giggossip.core.wire.Signer;

/**
 * A payment settler acting as certification authority (seed 000, section 3.2):
 * it signs certificates with its key, and publishes signed, versioned
 * revocation lists. Its id is its 32-byte x-only public key, which verifiers
 * put in their {@link TrustStore}. Stateless: the caller chooses serial numbers
 * and list versions (and stores them).
 */
public final class CertificateAuthority {
    private final Signer signer;
    private final String authorityUri;

    /**
     * @param signer       the authority's key
     * @param authorityUri base URI of the authority's HTTP endpoint written into its certificates,
     *                     0 to 256 printable ASCII characters; empty for none
     */
    public CertificateAuthority(Signer signer, String authorityUri) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.authorityUri = Objects.requireNonNull(authorityUri, "authorityUri");
    }

    /** The authority's id: its public key. */
    public PublicKey id() {
        return signer.publicKey();
    }

    /**
     * Issues a certificate (section 3.2, Figure 4). Throws
     * {@link IllegalArgumentException} when an argument breaks a limit of the
     * wire format (too many properties, a window that ends before it starts).
     *
     * @param serial     serial number, unique for this authority
     * @param subject    the certified key
     * @param properties certified properties, e.g. {@code driving_licence=valid}
     */
    public Certificate issue(long serial, PublicKey subject, Map<String, String> properties, Instant notBefore,
            Instant notAfter) {
        CertificateBody body = CertificateBody.of(serial, subject, properties, notBefore, notAfter, id(),
                authorityUri);
        return Certificate.sign(body, signer);
    }

    /** A certificate for the authority's own key, e.g. the settler certificate of settlement promises (3.9). */
    public Certificate selfCertificate(long serial, Map<String, String> properties, Instant notBefore,
            Instant notAfter) {
        return issue(serial, id(), properties, notBefore, notAfter);
    }

    /**
     * Issues a revocation list (section 3.2). Versions must grow from one list
     * to the next: verifiers ignore a list older than one they have seen.
     */
    public RevocationList revocationList(long version, Instant issuedAt, Collection<CertificateId> revoked) {
        return RevocationList.sign(RevocationListBody.of(id(), version, issuedAt, revoked), signer);
    }
}
