package org.giggossip.core.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * A slow, plain BigInteger model of BIP 340 Schnorr signatures on secp256k1, to
 * check production (native libsecp256k1) against the specification and to read
 * test vectors written for an earlier draft. Test code only: it is not constant
 * time and not meant to be fast.
 *
 * <p>Two {@link Revision}s differ in exactly two points: the tag prefix of the
 * tagged hashes, and the rule that fixes the sign of the nonce point R. Public
 * keys use even Y in both.
 */
final class Bip340Reference {

    /** Which text of BIP 340 to follow. */
    enum Revision {
        /** BIP 340 as merged and deployed (Taproot, Nostr): tags "BIP0340/...", R has even Y. */
        FINAL("BIP0340"),
        /** The 2020 draft: tags "BIP340/...", R has a square Y (a quadratic residue mod p). */
        DRAFT_2020("BIP340");

        private final String tagPrefix;

        Revision(String tagPrefix) {
            this.tagPrefix = tagPrefix;
        }

        String tag(String name) {
            return tagPrefix + "/" + name;
        }

        /** Whether R, with this Y, is the nonce point the signature commits to. */
        boolean acceptsNonceY(BigInteger y) {
            return this == FINAL ? isEven(y) : isSquare(y);
        }
    }

    static final BigInteger P = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", 16);
    static final BigInteger N = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
    static final Point G = new Point(
            new BigInteger("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798", 16),
            new BigInteger("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8", 16));

    private static final BigInteger SEVEN = BigInteger.valueOf(7);
    private static final BigInteger SQRT_EXPONENT = P.add(BigInteger.ONE).shiftRight(2); // (p+1)/4
    private static final BigInteger EULER_EXPONENT = P.subtract(BigInteger.ONE).shiftRight(1); // (p-1)/2

    private Bip340Reference() {}

    /** An affine point on the curve; {@code null} stands for the point at infinity. */
    record Point(BigInteger x, BigInteger y) {}

    /** BIP 340 {@code Sign(sk, m, a)}; empty when the secret key is not in [1, n-1]. */
    static Optional<byte[]> sign(Revision rev, byte[] secretKey, byte[] message, byte[] auxRand) {
        BigInteger d0 = toInt(secretKey);
        if (d0.signum() == 0 || d0.compareTo(N) >= 0 || auxRand.length != 32) {
            return Optional.empty();
        }
        Point pub = multiply(G, d0);
        BigInteger d = isEven(pub.y()) ? d0 : N.subtract(d0);
        byte[] t = xor(toBytes(d), taggedHash(rev.tag("aux"), auxRand));
        BigInteger k0 = toInt(taggedHash(rev.tag("nonce"), t, toBytes(pub.x()), message)).mod(N);
        if (k0.signum() == 0) {
            return Optional.empty();
        }
        Point r = multiply(G, k0);
        BigInteger k = rev.acceptsNonceY(r.y()) ? k0 : N.subtract(k0);
        BigInteger e = challenge(rev, toBytes(r.x()), toBytes(pub.x()), message);
        return Optional.of(concat(toBytes(r.x()), toBytes(k.add(e.multiply(d)).mod(N))));
    }

    /** BIP 340 {@code Verify(pk, m, sig)}; false for any malformed input. */
    static boolean verify(Revision rev, byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != 32 || signature.length != 64) {
            return false;
        }
        Optional<Point> pub = liftX(toInt(publicKey));
        byte[] rBytes = Arrays.copyOfRange(signature, 0, 32);
        BigInteger r = toInt(rBytes);
        BigInteger s = toInt(Arrays.copyOfRange(signature, 32, 64));
        if (pub.isEmpty() || r.compareTo(P) >= 0 || s.compareTo(N) >= 0) {
            return false;
        }
        BigInteger e = challenge(rev, rBytes, publicKey, message);
        Point big = add(multiply(G, s), multiply(pub.get(), N.subtract(e)));
        return big != null && rev.acceptsNonceY(big.y()) && big.x().equals(r);
    }

    /** The x-only public key of a secret key in [1, n-1]. */
    static byte[] publicKey(byte[] secretKey) {
        return toBytes(multiply(G, toInt(secretKey)).x());
    }

    /** {@code lift_x}: the point with this X and even Y, if there is one. */
    static Optional<Point> liftX(BigInteger x) {
        if (x.compareTo(P) >= 0) {
            return Optional.empty();
        }
        BigInteger c = x.modPow(BigInteger.valueOf(3), P).add(SEVEN).mod(P);
        BigInteger y = c.modPow(SQRT_EXPONENT, P);
        if (!y.multiply(y).mod(P).equals(c)) {
            return Optional.empty();
        }
        return Optional.of(new Point(x, isEven(y) ? y : P.subtract(y)));
    }

    /** {@code k * p} by double-and-add in Jacobian coordinates; {@code null} for infinity. */
    static Point multiply(Point p, BigInteger k) {
        Jacobian acc = Jacobian.INFINITY;
        Jacobian base = Jacobian.of(p);
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            acc = acc.twice();
            if (k.testBit(i)) {
                acc = acc.plus(base);
            }
        }
        return acc.toAffine();
    }

    /** {@code a + b}; either may be {@code null} (infinity). */
    static Point add(Point a, Point b) {
        return Jacobian.of(a).plus(Jacobian.of(b)).toAffine();
    }

    static boolean isEven(BigInteger y) {
        return !y.testBit(0);
    }

    static boolean isSquare(BigInteger y) {
        return y.modPow(EULER_EXPONENT, P).equals(BigInteger.ONE);
    }

    /** The unsigned big-endian integer of some bytes. */
    static BigInteger toInt(byte[] bytes) {
        return new BigInteger(1, bytes);
    }

    /** A value below 2^256 as 32 big-endian bytes. */
    static byte[] toBytes(BigInteger v) {
        byte[] raw = v.toByteArray(); // may carry a sign byte or be short
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    static byte[] taggedHash(String tag, byte[]... parts) {
        try {
            byte[] tagHash = MessageDigest.getInstance("SHA-256").digest(tag.getBytes(StandardCharsets.UTF_8));
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(tagHash);
            d.update(tagHash);
            for (byte[] part : parts) {
                d.update(part);
            }
            return d.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static BigInteger challenge(Revision rev, byte[] r, byte[] pub, byte[] message) {
        return toInt(taggedHash(rev.tag("challenge"), r, pub, message)).mod(N);
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** (X, Y, Z) standing for (X/Z^2, Y/Z^3); Z = 0 is infinity. Curve y^2 = x^3 + 7, so a = 0. */
    private record Jacobian(BigInteger x, BigInteger y, BigInteger z) {
        static final Jacobian INFINITY = new Jacobian(BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO);

        static Jacobian of(Point p) {
            return p == null ? INFINITY : new Jacobian(p.x(), p.y(), BigInteger.ONE);
        }

        boolean isInfinity() {
            return z.signum() == 0;
        }

        Jacobian twice() {
            if (isInfinity() || y.signum() == 0) {
                return INFINITY;
            }
            BigInteger ySq = y.multiply(y).mod(P);
            BigInteger s = x.multiply(ySq).shiftLeft(2).mod(P); // 4 X Y^2
            BigInteger m = x.multiply(x).multiply(BigInteger.valueOf(3)).mod(P); // 3 X^2
            BigInteger x3 = m.multiply(m).subtract(s.shiftLeft(1)).mod(P);
            BigInteger y3 = m.multiply(s.subtract(x3)).subtract(ySq.multiply(ySq).shiftLeft(3)).mod(P);
            BigInteger z3 = y.multiply(z).shiftLeft(1).mod(P);
            return new Jacobian(x3, y3, z3);
        }

        Jacobian plus(Jacobian o) {
            if (isInfinity()) {
                return o;
            }
            if (o.isInfinity()) {
                return this;
            }
            BigInteger z1Sq = z.multiply(z).mod(P);
            BigInteger z2Sq = o.z.multiply(o.z).mod(P);
            BigInteger u1 = x.multiply(z2Sq).mod(P);
            BigInteger u2 = o.x.multiply(z1Sq).mod(P);
            BigInteger s1 = y.multiply(z2Sq).multiply(o.z).mod(P);
            BigInteger s2 = o.y.multiply(z1Sq).multiply(z).mod(P);
            if (u1.equals(u2)) {
                return s1.equals(s2) ? twice() : INFINITY;
            }
            BigInteger h = u2.subtract(u1).mod(P);
            BigInteger r = s2.subtract(s1).mod(P);
            BigInteger hSq = h.multiply(h).mod(P);
            BigInteger hCu = hSq.multiply(h).mod(P);
            BigInteger u1hSq = u1.multiply(hSq).mod(P);
            BigInteger x3 = r.multiply(r).subtract(hCu).subtract(u1hSq.shiftLeft(1)).mod(P);
            BigInteger y3 = r.multiply(u1hSq.subtract(x3)).subtract(s1.multiply(hCu)).mod(P);
            BigInteger z3 = h.multiply(z).multiply(o.z).mod(P);
            return new Jacobian(x3, y3, z3);
        }

        Point toAffine() {
            if (isInfinity()) {
                return null;
            }
            BigInteger zInv = z.modInverse(P);
            BigInteger zInvSq = zInv.multiply(zInv).mod(P);
            return new Point(x.multiply(zInvSq).mod(P), y.multiply(zInvSq).multiply(zInv).mod(P));
        }
    }
}
