package org.giggossip.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.giggossip.core.util.Hex;
import org.junit.jupiter.api.Test;

class EcPrivateKeyPemTest {

    /** Secret key 3; its point is 3G. */
    private static final PrivateKey KEY3 = PrivateKey.of(Hex.decode(
            "0000000000000000000000000000000000000000000000000000000000000003"));
    private static final String X3 = "f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9";
    private static final String Y3 = "388f7b0f632de8140fe337e62a37f3566500a99934c2231b6cb9fd7584b8e672";
    private static final byte[] SECP256K1 = Hex.decode("2b8104000a");
    private static final byte[] PRIME256V1 = Hex.decode("2a8648ce3d030107");

    @Test
    void derGoldenBytes() {
        String expected = "3074"                                    // SEQUENCE, 116 bytes
                + "020101"                                          // version 1
                + "0420" + "00".repeat(31) + "03"                   // privateKey, 32 bytes
                + "a007" + "06052b8104000a"                         // [0] OID 1.3.132.0.10 (secp256k1)
                + "a144" + "034200" + "04" + X3 + Y3;               // [1] BIT STRING, 0 unused bits, 04||x||y
        assertThat(Hex.encode(EcPrivateKeyPem.der(KEY3))).isEqualTo(expected);
    }

    @Test
    void pemArmorIsStandard() {
        String pem = new String(EcPrivateKeyPem.encode(KEY3), StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN EC PRIVATE KEY-----\n").endsWith("\n-----END EC PRIVATE KEY-----\n");
        assertThat(pem.lines().skip(1).limit(2)).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
        assertThat(decodeKey(pem.getBytes(StandardCharsets.US_ASCII)).publicKey()).isEqualTo(KEY3.publicKey());
    }

    @Property(tries = 50)
    void roundTrips(@ForAll("keys") PrivateKey key) {
        PrivateKey back = decodeKey(EcPrivateKeyPem.encode(key));
        assertThat(back.secretBytes()).isEqualTo(key.secretBytes());
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<PrivateKey> keys() {
        return net.jqwik.api.Arbitraries.bigIntegers()
                .between(BigInteger.ONE, Bip340Reference.N.subtract(BigInteger.ONE))
                .map(n -> PrivateKey.of(Bip340Reference.toBytes(n)));
    }

    @Test
    void acceptsCrLfSurroundingBlankLinesAndOptionalOrCompressedPublicKey() {
        String crlf = new String(EcPrivateKeyPem.encode(KEY3), StandardCharsets.US_ASCII).replace("\n", "\r\n");
        assertThat(decodeKey(("\n\n" + crlf + "\n").getBytes(StandardCharsets.US_ASCII)).publicKey())
                .isEqualTo(KEY3.publicKey());
        assertThat(decodeKey(pem(der(1, secret3(), SECP256K1, null))).publicKey()).isEqualTo(KEY3.publicKey());
        byte[] compressed = Hex.decode("02" + X3); // 3G has even Y
        assertThat(decodeKey(pem(der(1, secret3(), SECP256K1, compressed))).publicKey()).isEqualTo(KEY3.publicKey());
    }

    @Test
    void refusesOtherCurvesNamingTheCurve() {
        assertMalformed(pem(der(1, secret3(), PRIME256V1, null)), "1.2.840.10045.3.1.7", "not secp256k1");
    }

    @Test
    void refusesInvalidSecrets() {
        assertMalformed(pem(der(1, new byte[32], SECP256K1, null)), "not a valid secp256k1 secret");
        assertMalformed(pem(der(1, Bip340Reference.toBytes(Bip340Reference.N), SECP256K1, null)),
                "not a valid secp256k1 secret");
        assertMalformed(pem(der(1, new byte[31], SECP256K1, null)), "31 bytes");
    }

    @Test
    void refusesStructuralErrors() {
        assertMalformed(pem(der(2, secret3(), SECP256K1, null)), "version");
        assertMalformed(pem(der(1, secret3(), null, null)), "parameters");
        byte[] otherPoint = Hex.decode("03" + X3); // the right x, the wrong Y
        assertMalformed(pem(der(1, secret3(), SECP256K1, otherPoint)), "does not match");
        byte[] good = EcPrivateKeyPem.der(KEY3);
        assertMalformed(pem(concat(good, new byte[] {0})), "after the ECPrivateKey SEQUENCE");
        assertMalformed(pem(java.util.Arrays.copyOf(good, 100)), "truncated");
        byte[] indefinite = good.clone();
        indefinite[1] = (byte) 0x80;
        assertMalformed(pem(indefinite), "length form");
        byte[] nonMinimal = new byte[good.length + 1];
        nonMinimal[0] = 0x30;
        nonMinimal[1] = (byte) 0x81;
        System.arraycopy(good, 1, nonMinimal, 2, good.length - 1); // 0x81 0x74: long form for a short length
        assertMalformed(pem(nonMinimal), "non-minimal");
    }

    @Test
    void refusesBadArmor() {
        String body = Base64.getMimeEncoder().encodeToString(EcPrivateKeyPem.der(KEY3));
        assertMalformed(ascii("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n"),
                "found 'PRIVATE KEY'");
        assertMalformed(ascii("-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\n" + body
                + "\n-----END EC PRIVATE KEY-----\n"), "headers");
        assertMalformed(ascii("-----BEGIN EC PRIVATE KEY-----\n" + body + "\n"), "no line");
        assertMalformed(ascii("-----BEGIN EC PRIVATE KEY-----\n" + body + "!\n-----END EC PRIVATE KEY-----\n"),
                "base64");
        assertMalformed(ascii("-----BEGIN EC PRIVATE KEY-----\n" + body + "\n-----END EC PRIVATE KEY-----\nmore"),
                "after");
        assertMalformed(ascii("hello"), "expected a line");
        assertMalformed(ascii("  \n\n"), "empty");
        assertMalformed(new byte[] {(byte) 0x30, (byte) 0x74, 2, 1, 1}, "binary");
        assertMalformed(new byte[5000], "longer than");
        assertMalformed(null, "no input");
    }

    @Property(tries = 300)
    void corruptedDerNeverThrows(@ForAll @IntRange(min = 0, max = 117) int index, @ForAll byte value) {
        byte[] der = EcPrivateKeyPem.der(KEY3);
        der[index] = value;
        assertThatCode(() -> EcPrivateKeyPem.decode(pem(der))).doesNotThrowAnyException();
    }

    @Property(tries = 300)
    void arbitraryTextNeverThrowsAndIsNeverAKey(@ForAll @Size(max = 400) byte[] bytes) {
        assertThat(EcPrivateKeyPem.decode(bytes)).isInstanceOf(EcPrivateKeyPem.Decoded.Malformed.class);
    }

    @Test
    void describesOids() {
        assertThat(EcPrivateKeyPem.describeOid(SECP256K1)).isEqualTo("1.3.132.0.10");
        assertThat(EcPrivateKeyPem.describeOid(PRIME256V1)).isEqualTo("1.2.840.10045.3.1.7");
        assertThat(EcPrivateKeyPem.describeOid(new byte[] {(byte) 0x81})).isEqualTo("0x81");
    }

    // ---- helpers ----

    private static PrivateKey decodeKey(byte[] text) {
        EcPrivateKeyPem.Decoded d = EcPrivateKeyPem.decode(text);
        assertThat(d).isInstanceOf(EcPrivateKeyPem.Decoded.Key.class);
        return ((EcPrivateKeyPem.Decoded.Key) d).key();
    }

    private static void assertMalformed(byte[] text, String... reasonParts) {
        EcPrivateKeyPem.Decoded d = EcPrivateKeyPem.decode(text);
        assertThat(d).isInstanceOf(EcPrivateKeyPem.Decoded.Malformed.class);
        assertThat(((EcPrivateKeyPem.Decoded.Malformed) d).reason()).contains(reasonParts);
    }

    private static byte[] secret3() {
        return KEY3.secretBytes();
    }

    /** An ECPrivateKey DER with the given fields; {@code null} leaves an optional field out. */
    static byte[] der(int version, byte[] secret, byte[] curveOid, byte[] point) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(tlv(0x02, new byte[] {(byte) version}));
        body.writeBytes(tlv(0x04, secret));
        if (curveOid != null) {
            body.writeBytes(tlv(0xa0, tlv(0x06, curveOid)));
        }
        if (point != null) {
            body.writeBytes(tlv(0xa1, tlv(0x03, concat(new byte[] {0}, point))));
        }
        return tlv(0x30, body.toByteArray());
    }

    static byte[] tlv(int tag, byte[] value) {
        if (value.length > 127) {
            throw new IllegalArgumentException("test helper writes short-form lengths only");
        }
        return concat(new byte[] {(byte) tag, (byte) value.length}, value);
    }

    static byte[] pem(byte[] der) {
        return ascii("-----BEGIN EC PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END EC PRIVATE KEY-----\n");
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
