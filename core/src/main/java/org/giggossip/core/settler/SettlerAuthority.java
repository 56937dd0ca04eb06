package org.giggossip.core.settler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.CertificateId;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.core.wire.WireLimits;

/**
 * The settler as certification authority (seed 000, sections 2.1 and 3.2): it
 * grants properties to subjects after its own screening (a driving licence, no
 * criminal record, KYC), issues certificates that certify exactly the
 * properties granted, revokes them, and publishes a signed revocation list
 * whose version grows with every change. The stateless signing is
 * {@link CertificateAuthority}'s; this class keeps the state: grants, serial
 * numbers, the live certificates of each subject, and the revoked ids.
 *
 * <p>Memory: one reference per live certificate (the issued object itself);
 * expired certificates are forgotten when their subject is next touched, and
 * expired ids leave the revocation list at its next version. Owned by the
 * settler's thread.
 */
public final class SettlerAuthority {
    private final CertificateAuthority ca;
    private final Clock clock;
    private final TrustStore trust;
    private final Map<PublicKey, SortedMap<String, String>> grants = new HashMap<>();
    private final Map<PublicKey, List<Certificate>> live = new HashMap<>();
    private final Map<CertificateId, Instant> revoked = new HashMap<>();
    private long nextSerial = 1;
    private long version;
    private RevocationList list;

    /**
     * @param ca               signs the certificates and lists
     * @param clock            the time of issue and of revocation lists
     * @param otherAuthorities other authorities whose certificates the settler accepts
     */
    SettlerAuthority(CertificateAuthority ca, Clock clock, Collection<PublicKey> otherAuthorities) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.clock = Objects.requireNonNull(clock, "clock");
        List<PublicKey> trusted = new ArrayList<>(otherAuthorities);
        trusted.add(ca.id());
        this.trust = new TrustStore(trusted);
        publishList();
    }

    /** The authority's id: the settler's public key. */
    public PublicKey id() {
        return ca.id();
    }

    /** The authorities whose certificates the settler accepts, with its latest own revocation list. */
    TrustStore trustStore() {
        return trust;
    }

    /**
     * Grants {@code name=value} to {@code subject}: its next certificates certify
     * it. Names are 1 to 64 characters of {@code [a-z0-9_.-]}; at most
     * {@value WireLimits#MAX_PROPERTIES} per subject.
     */
    public void grant(PublicKey subject, String name, String value) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(value, "value");
        if (name == null || name.isEmpty() || name.length() > WireLimits.MAX_PROPERTY_NAME_BYTES
                || !name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
                        || c == '.' || c == '-')) {
            throw new IllegalArgumentException("bad property name: " + name);
        }
        SortedMap<String, String> granted = grants.computeIfAbsent(subject, s -> new TreeMap<>());
        if (!granted.containsKey(name) && granted.size() == WireLimits.MAX_PROPERTIES) {
            throw new IllegalArgumentException("at most " + WireLimits.MAX_PROPERTIES + " properties per subject");
        }
        granted.put(name, value);
    }

    /** The properties granted to {@code subject}, unmodifiable. */
    public Map<String, String> granted(PublicKey subject) {
        SortedMap<String, String> granted = grants.get(subject);
        return granted == null ? Map.of() : Map.copyOf(granted);
    }

    /**
     * Withdraws a property: later certificates lack it, and every live
     * certificate of the subject that certifies it is revoked.
     *
     * @return the certificates revoked
     */
    public List<Certificate> revokeProperty(PublicKey subject, String name) {
        SortedMap<String, String> granted = grants.get(subject);
        if (granted != null) {
            granted.remove(name);
            if (granted.isEmpty()) {
                grants.remove(subject);
            }
        }
        List<Certificate> affected = prune(subject).stream()
                .filter(c -> c.body().properties().containsKey(name)).toList();
        if (!affected.isEmpty()) {
            affected.forEach(this::markRevoked);
            publishList();
        }
        return affected;
    }

    /** Issues a certificate of {@code subject} with the properties granted to it, valid from now for {@code validity}. */
    public Certificate issue(PublicKey subject, Duration validity) {
        Objects.requireNonNull(subject, "subject");
        Instant now = clock.instant();
        Certificate c = ca.issue(nextSerial++, subject, granted(subject), now, now.plus(validity));
        prune(subject);
        live.computeIfAbsent(subject, s -> new ArrayList<>()).add(c);
        return c;
    }

    /** The unexpired certificates issued to {@code subject} and not revoked. */
    public List<Certificate> certificates(PublicKey subject) {
        return List.copyOf(prune(subject));
    }

    /**
     * Revokes a certificate this authority issued and publishes the next
     * revocation list. Throws {@link IllegalArgumentException} for another
     * authority's certificate.
     */
    public RevocationList revoke(Certificate certificate) {
        if (!certificate.authority().equals(id())) {
            throw new IllegalArgumentException("not a certificate of this authority");
        }
        markRevoked(certificate);
        return publishList();
    }

    /** The latest signed revocation list (version 1 at start, one more per change). */
    public RevocationList revocationList() {
        return list;
    }

    private void markRevoked(Certificate certificate) {
        revoked.put(certificate.id(), certificate.body().notAfter());
        List<Certificate> certificates = live.get(certificate.subject());
        if (certificates != null) {
            certificates.remove(certificate);
            if (certificates.isEmpty()) {
                live.remove(certificate.subject());
            }
        }
    }

    /** The subject's live certificates, after forgetting the expired ones. */
    private List<Certificate> prune(PublicKey subject) {
        List<Certificate> certificates = live.get(subject);
        if (certificates == null) {
            return List.of();
        }
        Instant now = clock.instant();
        certificates.removeIf(c -> c.body().notAfter().isBefore(now));
        if (certificates.isEmpty()) {
            live.remove(subject);
            return List.of();
        }
        return certificates;
    }

    private RevocationList publishList() {
        Instant now = clock.instant();
        // an expired certificate is invalid anyway: its id need not stay listed
        revoked.values().removeIf(notAfter -> notAfter.isBefore(now));
        if (revoked.size() > WireLimits.MAX_REVOKED_CERTIFICATES) {
            throw new IllegalStateException("more than " + WireLimits.MAX_REVOKED_CERTIFICATES
                    + " unexpired revoked certificates");
        }
        list = ca.revocationList(++version, now, revoked.keySet());
        trust.offer(list);
        return list;
    }
}
