package org.giggossip.core.cert;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.RevocationList;

/**
 * The authorities a node trusts (by id, section 3.2) and the latest verified
 * revocation list of each. A list is accepted only when it is signed by a
 * trusted authority and is newer than the one held; an older one is reported
 * as stale. Safe to share between threads.
 */
public final class TrustStore {
    private final Set<PublicKey> trusted;
    private final ConcurrentHashMap<PublicKey, RevocationList> latest = new ConcurrentHashMap<>();

    /** @param trustedAuthorities ids (public keys) of the trusted settlers */
    public TrustStore(Collection<PublicKey> trustedAuthorities) {
        this.trusted = Set.copyOf(trustedAuthorities);
    }

    /** Whether certificates and revocation lists of this authority are trusted. */
    public boolean isTrusted(PublicKey authority) {
        return trusted.contains(authority);
    }

    /** The trusted authorities, unmodifiable. */
    public Set<PublicKey> trustedAuthorities() {
        return trusted;
    }

    /** The latest accepted revocation list of {@code authority}, if any. */
    public Optional<RevocationList> latest(PublicKey authority) {
        return Optional.ofNullable(latest.get(authority));
    }

    /**
     * Offers a revocation list, cheapest check first: the authority must be
     * trusted, the signature its own, and the version greater than that of the
     * list held (compared as unsigned numbers). Only an accepted list replaces
     * the one held.
     */
    public Verdict offer(RevocationList list) {
        PublicKey authority = list.body().authority();
        if (!isTrusted(authority)) {
            return Verdict.ignore("revocation list of untrusted authority " + authority);
        }
        RevocationList held = latest.get(authority);
        if (held != null) {
            Verdict order = compare(list, held);
            if (!order.isAccepted()) {
                return order; // spare the signature check
            }
        }
        Verdict signature = SignatureChecks.revocationList(list);
        if (!signature.isAccepted()) {
            return signature;
        }
        AtomicReference<Verdict> verdict = new AtomicReference<>(Verdict.accept());
        latest.merge(authority, list, (current, offered) -> {
            Verdict v = compare(offered, current);
            verdict.set(v);
            return v.isAccepted() ? offered : current;
        });
        return verdict.get();
    }

    private static Verdict compare(RevocationList offered, RevocationList held) {
        long offeredVersion = offered.body().version();
        long heldVersion = held.body().version();
        int c = Long.compareUnsigned(offeredVersion, heldVersion);
        if (c > 0) {
            return Verdict.accept();
        }
        if (c < 0) {
            return Verdict.ignore("stale revocation list: version " + Long.toUnsignedString(offeredVersion)
                    + " is older than version " + Long.toUnsignedString(heldVersion) + " already seen");
        }
        return Arrays.equals(offered.bodyBytes(), held.bodyBytes())
                ? Verdict.ignore("revocation list version " + Long.toUnsignedString(offeredVersion) + " already held")
                : Verdict.ignore("conflicting revocation list: another list with version "
                        + Long.toUnsignedString(offeredVersion) + " is already held");
    }
}
