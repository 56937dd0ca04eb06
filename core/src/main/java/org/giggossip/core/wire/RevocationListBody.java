package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.DecodeError.Reason;

/**
 * The certificates an authority has revoked (seed 000, section 3.2): the signed
 * content of a {@link RevocationList}.
 *
 * @param authority the issuing authority
 * @param version   uint64, compared unsigned; a newer list of the same authority has a greater version
 * @param issuedAt  time of issue (milliseconds)
 * @param revoked   ids of revoked certificates, at most {@value WireLimits#MAX_REVOKED_CERTIFICATES};
 *                  sorted, unmodifiable
 */
public record RevocationListBody(PublicKey authority, long version, Instant issuedAt,
        NavigableSet<CertificateId> revoked) {

    public RevocationListBody {
        Objects.requireNonNull(authority, "authority");
        issuedAt = Wire.requireTime(issuedAt, "issued_at");
        Objects.requireNonNull(revoked, "revoked");
        if (revoked.size() > WireLimits.MAX_REVOKED_CERTIFICATES) {
            throw new IllegalArgumentException(
                    revoked.size() + " revoked ids, at most " + WireLimits.MAX_REVOKED_CERTIFICATES);
        }
        revoked = Collections.unmodifiableNavigableSet(new TreeSet<>(revoked));
    }

    /** A body from any collection of ids (copied, sorted, duplicates dropped). */
    public static RevocationListBody of(PublicKey authority, long version, Instant issuedAt,
            Collection<CertificateId> revoked) {
        return new RevocationListBody(authority, version, issuedAt, new TreeSet<>(revoked));
    }

    /** Whether the certificate with this id is revoked. */
    public boolean isRevoked(CertificateId id) {
        return revoked.contains(id);
    }

    /** The protobuf message of this value (giggossip.proto). */
    public org.giggossip.core.wire.proto.RevocationListBody toProto() {
        var b = org.giggossip.core.wire.proto.RevocationListBody.newBuilder()
                .setAuthority(ByteString.copyFrom(authority.bytes()))
                .setVersion(version)
                .setIssuedAt(issuedAt.toEpochMilli());
        for (CertificateId id : revoked) {
            b.addRevoked(ByteString.copyFrom(id.view()));
        }
        return b.build();
    }

    /** The serialized body: the bytes the authority signs. */
    public byte[] encode() {
        return toProto().toByteArray();
    }

    static RevocationListBody read(org.giggossip.core.wire.proto.RevocationListBody p) throws WireException {
        PublicKey authority = Wire.key(p.getAuthority(), "revocation_list.authority");
        Instant issuedAt = Wire.time(p.getIssuedAt(), "revocation_list.issued_at");
        Wire.count(p.getRevokedCount(), WireLimits.MAX_REVOKED_CERTIFICATES, "revocation_list.revoked");
        TreeSet<CertificateId> revoked = new TreeSet<>();
        CertificateId previous = null;
        for (ByteString raw : p.getRevokedList()) {
            CertificateId id = CertificateId.of(Wire.exact(raw, CertificateId.SIZE, "revoked certificate id"));
            if (previous != null && previous.compareTo(id) >= 0) {
                throw new WireException(Reason.NOT_CANONICAL, "revoked ids are not strictly ascending at " + id.hex());
            }
            previous = id;
            revoked.add(id);
        }
        return new RevocationListBody(authority, p.getVersion(), issuedAt, revoked);
    }
}
