package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.DecodeError.Reason;

/**
 * What an authority certifies about a subject (seed 000, section 3.2, Figure 4):
 * the signed content of a {@link Certificate}.
 *
 * @param serial       serial number chosen by the authority (uint64, compared unsigned)
 * @param subject      the certified key: verifies the subject's signatures, receives sealed messages (3.9)
 * @param properties   certified properties such as {@code driving_licence=valid}: at most
 *                     {@value WireLimits#MAX_PROPERTIES}; names of 1 to 64 characters of [a-z0-9_.-],
 *                     values of 0 to 256 UTF-8 bytes; sorted by name, unmodifiable
 * @param notBefore    start of validity (milliseconds)
 * @param notAfter     end of validity (milliseconds), not before {@code notBefore}
 * @param authority    the issuing authority (a payment settler)
 * @param authorityUri base URI of the authority's HTTP endpoint, 0 to 256 printable ASCII characters; empty for none
 */
public record CertificateBody(
        long serial,
        PublicKey subject,
        SortedMap<String, String> properties,
        Instant notBefore,
        Instant notAfter,
        PublicKey authority,
        String authorityUri) {

    /** The only format version this implementation writes and reads. */
    public static final int VERSION = 1;

    public CertificateBody {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(properties, "properties");
        notBefore = Wire.requireTime(notBefore, "not_before");
        notAfter = Wire.requireTime(notAfter, "not_after");
        if (notAfter.isBefore(notBefore)) {
            throw new IllegalArgumentException("not_after is before not_before");
        }
        if (properties.size() > WireLimits.MAX_PROPERTIES) {
            throw new IllegalArgumentException(
                    properties.size() + " properties, at most " + WireLimits.MAX_PROPERTIES);
        }
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            copy.put(requirePropertyName(e.getKey()),
                    Wire.requireText(e.getValue(), 0, WireLimits.MAX_PROPERTY_VALUE_BYTES, "property value"));
        }
        properties = Collections.unmodifiableSortedMap(copy);
        Wire.requireAscii(authorityUri, 0, WireLimits.MAX_AUTHORITY_URI_BYTES, "authority_uri",
                c -> c > 0x20 && c < 0x7f);
    }

    /** A body from a plain map of properties (copied and sorted). */
    public static CertificateBody of(long serial, PublicKey subject, Map<String, String> properties,
            Instant notBefore, Instant notAfter, PublicKey authority, String authorityUri) {
        return new CertificateBody(serial, subject, new TreeMap<>(properties), notBefore, notAfter, authority,
                authorityUri);
    }

    /** The authority URI, if any. */
    public Optional<String> authorityUriIfAny() {
        return authorityUri.isEmpty() ? Optional.empty() : Optional.of(authorityUri);
    }

    /** True when the property is certified with exactly this value. */
    public boolean hasProperty(String name, String value) {
        return value.equals(properties.get(name));
    }

    /** Whether {@code now} is in [notBefore, notAfter]. */
    public boolean isValidAt(Instant now) {
        return !now.isBefore(notBefore) && !now.isAfter(notAfter);
    }

    /** The protobuf message of this value (giggossip.proto). */
    public org.giggossip.core.wire.proto.CertificateBody toProto() {
        var b = org.giggossip.core.wire.proto.CertificateBody.newBuilder()
                .setVersion(VERSION)
                .setSerial(serial)
                .setSubject(ByteString.copyFrom(subject.bytes()))
                .setNotBefore(notBefore.toEpochMilli())
                .setNotAfter(notAfter.toEpochMilli())
                .setAuthority(ByteString.copyFrom(authority.bytes()))
                .setAuthorityUri(authorityUri);
        properties.forEach((name, value) -> b.addProperties(
                org.giggossip.core.wire.proto.Property.newBuilder().setName(name).setValue(value)));
        return b.build();
    }

    /** The serialized body: the bytes an authority signs. */
    public byte[] encode() {
        return toProto().toByteArray();
    }

    static CertificateBody read(org.giggossip.core.wire.proto.CertificateBody p) throws WireException {
        if (p.getVersion() != VERSION) {
            throw new WireException(Reason.UNSUPPORTED_VERSION,
                    "certificate version " + Integer.toUnsignedString(p.getVersion()) + ", only " + VERSION);
        }
        PublicKey subject = Wire.key(p.getSubject(), "certificate.subject");
        PublicKey authority = Wire.key(p.getAuthority(), "certificate.authority");
        Wire.count(p.getPropertiesCount(), WireLimits.MAX_PROPERTIES, "certificate.properties");
        TreeMap<String, String> properties = new TreeMap<>();
        String previous = null;
        for (var property : p.getPropertiesList()) {
            String name = Wire.text(property.getNameBytes(), 1, WireLimits.MAX_PROPERTY_NAME_BYTES, "property name");
            String value = Wire.text(property.getValueBytes(), 0, WireLimits.MAX_PROPERTY_VALUE_BYTES, "property value");
            if (previous != null && previous.compareTo(name) >= 0) {
                throw new WireException(Reason.NOT_CANONICAL, "property names are not strictly ascending at " + name);
            }
            previous = name;
            properties.put(name, value);
        }
        String uri = Wire.text(p.getAuthorityUriBytes(), 0, WireLimits.MAX_AUTHORITY_URI_BYTES, "authority_uri");
        return new CertificateBody(p.getSerial(), subject, properties,
                Wire.time(p.getNotBefore(), "not_before"), Wire.time(p.getNotAfter(), "not_after"), authority, uri);
    }

    private static String requirePropertyName(String name) {
        return Wire.requireAscii(name, 1, WireLimits.MAX_PROPERTY_NAME_BYTES, "property name",
                c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-');
    }
}
