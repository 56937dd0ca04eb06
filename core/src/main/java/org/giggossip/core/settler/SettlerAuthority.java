package org.giggossip.core.settler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.durable.StateChanges;
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
    /**
     * How often a settler re-signs its revocation list while nothing changes
     * ({@link #refreshRevocationList}): well inside a verifier's default maximum age
     * of a list (15 minutes, fetched every 5).
     */
    public static final Duration REISSUE_EVERY = Duration.ofMinutes(5);

    private final CertificateAuthority ca;
    private final Clock clock;
    private final TrustStore trust;
    private final Map<PublicKey, SortedMap<String, String>> grants = new HashMap<>();
    private final Map<PublicKey, List<Certificate>> live = new HashMap<>();
    private final Map<CertificateId, Instant> revoked = new HashMap<>();
    private long nextSerial = 1;
    private long version;
    private RevocationList list;
    /** Subjects whose grants or certificates changed since the last {@link #drainChanges}. */
    private final Set<PublicKey> touched = new LinkedHashSet<>();
    /** Whether the serial, the list or the revoked ids changed since the last {@link #drainChanges}. */
    private boolean metaChanged = true;

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

    /** An authority restored from its rows (see {@link SettlerState}); nothing is marked changed. */
    SettlerAuthority(CertificateAuthority ca, Clock clock, Collection<PublicKey> otherAuthorities,
            SettlerState.Authority state) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.clock = Objects.requireNonNull(clock, "clock");
        List<PublicKey> trusted = new ArrayList<>(otherAuthorities);
        trusted.add(ca.id());
        this.trust = new TrustStore(trusted);
        this.nextSerial = state.nextSerial();
        this.version = state.version();
        this.list = state.list();
        this.revoked.putAll(state.revoked());
        state.grants().forEach((subject, granted) -> grants.put(subject, new TreeMap<>(granted)));
        state.live().forEach((subject, certificates) -> live.put(subject, new ArrayList<>(certificates)));
        trust.offer(list);
        metaChanged = false;
    }

    /** Adds the rows changed since the last call to {@code changes}. */
    void drainChanges(StateChanges changes) {
        for (PublicKey subject : touched) {
            SortedMap<String, String> granted = grants.get(subject);
            if (granted == null) {
                changes.delete(SettlerState.grantsKey(subject));
            } else {
                changes.put(SettlerState.grantsKey(subject), SettlerState.encodeGrants(granted));
            }
            List<Certificate> certificates = live.get(subject);
            if (certificates == null) {
                changes.delete(SettlerState.certificatesKey(subject));
            } else {
                changes.put(SettlerState.certificatesKey(subject), SettlerState.encodeCertificates(certificates));
            }
        }
        touched.clear();
        if (metaChanged) {
            changes.put(SettlerState.AUTHORITY, SettlerState.encodeAuthority(nextSerial, version, list, revoked));
            metaChanged = false;
        }
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
        if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > WireLimits.MAX_PROPERTY_VALUE_BYTES) {
            throw new IllegalArgumentException("property value above " + WireLimits.MAX_PROPERTY_VALUE_BYTES + " bytes");
        }
        SortedMap<String, String> granted = grants.get(subject);
        if (granted != null && !granted.containsKey(name) && granted.size() == WireLimits.MAX_PROPERTIES) {
            throw new IllegalArgumentException("at most " + WireLimits.MAX_PROPERTIES + " properties per subject");
        }
        grants.computeIfAbsent(subject, s -> new TreeMap<>()).put(name, value);
        touched.add(subject);
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
        touched.add(subject);
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
        metaChanged = true;
        touched.add(subject);
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

    /**
     * Revokes the live certificate with id {@code id} and publishes the next list.
     *
     * @return the new list, or empty if no live certificate of this authority has that id
     */
    public Optional<RevocationList> revoke(CertificateId id) {
        Objects.requireNonNull(id, "id");
        for (List<Certificate> certificates : live.values()) {
            for (Certificate c : certificates) {
                if (c.id().equals(id)) {
                    return Optional.of(revoke(c));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Re-signs the revocation list, as the next version with the same ids and a new time of
     * issue, when the list held was issued {@code every} ago or longer: verifiers refuse the
     * certificates of an authority whose latest list is older than their maximum age
     * (docs/settler.md, "Revocation"), so a list must stay fresh while nothing is revoked.
     *
     * @return the new list, or empty if the list held is younger than {@code every}
     */
    public Optional<RevocationList> refreshRevocationList(Duration every) {
        if (every.isNegative()) {
            throw new IllegalArgumentException("negative period");
        }
        if (list.body().issuedAt().plus(every).isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(publishList());
    }

    private void markRevoked(Certificate certificate) {
        metaChanged = true;
        touched.add(certificate.subject());
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
        if (certificates.removeIf(c -> c.body().notAfter().isBefore(now))) {
            touched.add(subject);
        }
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
        metaChanged = true;
        trust.offer(list);
        return list;
    }
}
