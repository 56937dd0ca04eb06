package org.giggossip.core.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The PEM "EC PRIVATE KEY" encoding of a secp256k1 key: SEC 1 / RFC 5915 DER,
 * the format {@code openssl ec} reads and {@code openssl ecparam -genkey -noout}
 * writes.
 *
 * <pre>
 * ECPrivateKey ::= SEQUENCE {                          30 74
 *   version        INTEGER { ecPrivkeyVer1(1) },         02 01 01
 *   privateKey     OCTET STRING (32 bytes, big endian),  04 20 ...
 *   parameters [0] namedCurve secp256k1 1.3.132.0.10,    a0 07 06 05 2b 81 04 00 0a
 *   publicKey  [1] BIT STRING (0 unused bits,            a1 44 03 42 00
 *                  65-byte uncompressed point 04||x||y)    04 ...
 * }
 * </pre>
 *
 * <p>Decoding is strict and bounded: exactly one PEM block with this label and
 * no headers (encrypted keys are refused), canonical base64, DER with definite
 * minimal lengths, version 1, a 32-byte secret in [1, n-1], the named curve
 * secp256k1 (RFC 5915 requires the parameters), and, if present (it is optional
 * in RFC 5915), a public key equal to the one the secret gives. {@link #decode}
 * never throws on its input; it returns a {@link Decoded} value.
 */
public final class EcPrivateKeyPem {
    /** The PEM label. */
    public static final String LABEL = "EC PRIVATE KEY";
    /** The DER of the secp256k1 OID 1.3.132.0.10, without tag and length. */
    private static final byte[] SECP256K1_OID = {0x2b, (byte) 0x81, 0x04, 0x00, 0x0a};

    private static final String BEGIN = "-----BEGIN " + LABEL + "-----";
    private static final String END = "-----END " + LABEL + "-----";
    /** Longer input cannot be a key in this format; refused before any work. */
    private static final int MAX_TEXT = 4096;

    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;
    private static final int OCTET_STRING = 0x04;
    private static final int OID = 0x06;
    private static final int CONTEXT_0 = 0xa0;
    private static final int CONTEXT_1 = 0xa1;

    private EcPrivateKeyPem() {}

    /** The outcome of {@link #decode}: a key, or the reason the text is not one. */
    public sealed interface Decoded permits Decoded.Key, Decoded.Malformed {
        /** The text held this key. */
        record Key(PrivateKey key) implements Decoded {
            public Key {
                Objects.requireNonNull(key, "key");
            }
        }

        /** The text is not a secp256k1 EC PRIVATE KEY; {@code reason} says why, for an operator. */
        record Malformed(String reason) implements Decoded {
            public Malformed {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /** The PEM text (ASCII, 64-column base64, final newline). The caller should wipe it after use. */
    public static byte[] encode(PrivateKey key) {
        byte[] der = der(key);
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        Arrays.fill(der, (byte) 0);
        return (BEGIN + "\n" + body + "\n" + END + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The RFC 5915 DER, 118 bytes. */
    static byte[] der(PrivateKey key) {
        byte[] point = Secp.LIB.pubkeyCreate(key.secretView()); // 04 || x || y
        byte[] der = new byte[118];
        int i = 0;
        der[i++] = SEQUENCE;
        der[i++] = 116;
        der[i++] = INTEGER;
        der[i++] = 1;
        der[i++] = 1;
        der[i++] = OCTET_STRING;
        der[i++] = PrivateKey.SIZE;
        System.arraycopy(key.secretView(), 0, der, i, PrivateKey.SIZE);
        i += PrivateKey.SIZE;
        der[i++] = (byte) CONTEXT_0;
        der[i++] = 7;
        der[i++] = OID;
        der[i++] = (byte) SECP256K1_OID.length;
        System.arraycopy(SECP256K1_OID, 0, der, i, SECP256K1_OID.length);
        i += SECP256K1_OID.length;
        der[i++] = (byte) CONTEXT_1;
        der[i++] = 68;
        der[i++] = BIT_STRING;
        der[i++] = 66;
        der[i++] = 0; // unused bits
        System.arraycopy(point, 0, der, i, point.length);
        return der;
    }

    /** Decodes PEM text. Never throws on {@code text}. */
    public static Decoded decode(byte[] text) {
        if (text == null) {
            return new Decoded.Malformed("no input");
        }
        if (text.length > MAX_TEXT) {
            return new Decoded.Malformed("longer than " + MAX_TEXT + " bytes");
        }
        byte[] der = null;
        try {
            der = unarmor(text);
            return new Decoded.Key(parseDer(der));
        } catch (Malformed e) {
            return new Decoded.Malformed(e.getMessage());
        } finally {
            if (der != null) {
                Arrays.fill(der, (byte) 0);
            }
        }
    }

    private static byte[] unarmor(byte[] text) throws Malformed {
        for (byte b : text) {
            if (b < 0 || (b < 0x20 && b != '\n' && b != '\r' && b != '\t')) {
                throw new Malformed("not a PEM text file (binary or non-ASCII bytes)");
            }
        }
        List<String> lines = new String(text, StandardCharsets.US_ASCII).lines().map(String::strip).toList();
        int begin = 0;
        while (begin < lines.size() && lines.get(begin).isEmpty()) {
            begin++;
        }
        if (begin == lines.size()) {
            throw new Malformed("empty file");
        }
        String first = lines.get(begin);
        if (!first.equals(BEGIN)) {
            if (first.startsWith("-----BEGIN ") && first.endsWith("-----")) {
                String label = first.substring(11, first.length() - 5);
                throw new Malformed("expected a PEM block labelled '" + LABEL + "', found '" + label + "'");
            }
            throw new Malformed("expected a line '" + BEGIN + "'");
        }
        StringBuilder base64 = new StringBuilder();
        int i = begin + 1;
        for (; i < lines.size() && !lines.get(i).equals(END); i++) {
            String line = lines.get(i);
            if (line.contains(":")) {
                throw new Malformed("PEM headers (such as an encrypted key's Proc-Type) are not supported");
            }
            base64.append(line);
        }
        if (i == lines.size()) {
            throw new Malformed("no line '" + END + "'");
        }
        for (int j = i + 1; j < lines.size(); j++) {
            if (!lines.get(j).isEmpty()) {
                throw new Malformed("unexpected text after '" + END + "'");
            }
        }
        try {
            return Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            throw new Malformed("bad base64: " + e.getMessage());
        }
    }

    private static PrivateKey parseDer(byte[] der) throws Malformed {
        Der outer = new Der(der, 0, der.length);
        Der seq = outer.read(SEQUENCE, "ECPrivateKey SEQUENCE");
        outer.expectEnd("after the ECPrivateKey SEQUENCE");

        byte[] version = seq.readValue(INTEGER, "version");
        if (version.length != 1 || version[0] != 1) {
            throw new Malformed("unsupported ECPrivateKey version (expected 1)");
        }
        byte[] secret = seq.readValue(OCTET_STRING, "privateKey");
        try {
            if (secret.length != PrivateKey.SIZE) {
                throw new Malformed("privateKey has " + secret.length + " bytes, expected " + PrivateKey.SIZE);
            }
            if (!seq.next(CONTEXT_0)) {
                throw new Malformed("no curve parameters [0] (RFC 5915 requires them)");
            }
            Der params = seq.read(CONTEXT_0, "parameters [0]");
            byte[] oid = params.readValue(OID, "namedCurve OID (explicit curve parameters are not supported)");
            params.expectEnd("after the namedCurve OID");
            if (!Arrays.equals(oid, SECP256K1_OID)) {
                throw new Malformed("the key is for curve " + describeOid(oid) + ", not secp256k1 (1.3.132.0.10)");
            }
            byte[] claimedPoint = null;
            if (seq.next(CONTEXT_1)) {
                Der pub = seq.read(CONTEXT_1, "publicKey [1]");
                byte[] bits = pub.readValue(BIT_STRING, "publicKey BIT STRING");
                pub.expectEnd("after the publicKey BIT STRING");
                if (bits.length < 1 || bits[0] != 0) {
                    throw new Malformed("publicKey BIT STRING must have 0 unused bits");
                }
                claimedPoint = Arrays.copyOfRange(bits, 1, bits.length);
            }
            seq.expectEnd("after the ECPrivateKey fields");

            PrivateKey key;
            try {
                key = PrivateKey.of(secret);
            } catch (IllegalArgumentException e) {
                throw new Malformed("privateKey is not a valid secp256k1 secret (zero or not below the group order)");
            }
            if (claimedPoint != null && !matches(claimedPoint, key)) {
                throw new Malformed("publicKey does not match privateKey");
            }
            return key;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Whether {@code point} (SEC 1 uncompressed or compressed) is {@code key}'s point. */
    private static boolean matches(byte[] point, PrivateKey key) {
        byte[] full = Secp.LIB.pubkeyCreate(key.secretView()); // 04 || x || y
        if (point.length == 65) {
            return Arrays.equals(point, full);
        }
        if (point.length == 33) {
            byte[] compressed = Arrays.copyOfRange(full, 0, 33);
            compressed[0] = (byte) (0x02 | (full[64] & 1));
            return Arrays.equals(point, compressed);
        }
        return false;
    }

    /** An OID in dotted form for a message, or its hex when it is not well-formed. */
    static String describeOid(byte[] oid) {
        StringBuilder dotted = new StringBuilder();
        long arc = 0;
        int septets = 0;
        boolean first = true;
        for (byte b : oid) {
            if (++septets > 8) {
                return "0x" + java.util.HexFormat.of().formatHex(oid);
            }
            arc = (arc << 7) | (b & 0x7f);
            if ((b & 0x80) == 0) {
                if (first) {
                    long top = Math.min(arc / 40, 2);
                    dotted.append(top).append('.').append(arc - 40 * top);
                    first = false;
                } else {
                    dotted.append('.').append(arc);
                }
                arc = 0;
                septets = 0;
            }
        }
        if (first || septets != 0) {
            return "0x" + java.util.HexFormat.of().formatHex(oid);
        }
        return dotted.toString();
    }

    /** A strict DER reader over {@code buf[pos, end)}: one-byte tags, definite minimal lengths. */
    private static final class Der {
        private final byte[] buf;
        private int pos;
        private final int end;

        Der(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        boolean next(int tag) {
            return pos < end && (buf[pos] & 0xff) == tag;
        }

        /** Reads a constructed element and returns a reader over its contents. */
        Der read(int tag, String what) throws Malformed {
            int len = header(tag, what);
            Der inner = new Der(buf, pos, pos + len);
            pos += len;
            return inner;
        }

        /** Reads a primitive element and returns a copy of its contents. */
        byte[] readValue(int tag, String what) throws Malformed {
            int len = header(tag, what);
            byte[] value = Arrays.copyOfRange(buf, pos, pos + len);
            pos += len;
            return value;
        }

        void expectEnd(String where) throws Malformed {
            if (pos != end) {
                throw new Malformed("unexpected bytes " + where);
            }
        }

        private int header(int tag, String what) throws Malformed {
            if (end - pos < 2) {
                throw new Malformed("truncated: missing " + what);
            }
            if ((buf[pos] & 0xff) != tag) {
                throw new Malformed(String.format("expected %s (tag 0x%02x), found tag 0x%02x", what, tag, buf[pos] & 0xff));
            }
            int first = buf[pos + 1] & 0xff;
            pos += 2;
            int len;
            if (first < 0x80) {
                len = first;
            } else if (first == 0x81) {
                if (pos >= end) {
                    throw new Malformed("truncated length of " + what);
                }
                len = buf[pos++] & 0xff;
                if (len < 0x80) {
                    throw new Malformed("non-minimal DER length of " + what);
                }
            } else {
                // 0x80 is BER's indefinite length; longer forms cannot fit in a key file.
                throw new Malformed("unsupported DER length form of " + what);
            }
            if (len > end - pos) {
                throw new Malformed("truncated: " + what + " claims " + len + " bytes, " + (end - pos) + " left");
            }
            return len;
        }
    }

    /** A parse failure inside this class, turned into {@link Decoded.Malformed} at {@link #decode}. */
    private static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }
}
