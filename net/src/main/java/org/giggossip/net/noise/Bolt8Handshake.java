package org.giggossip.net.noise;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.giggossip.core.crypto.Aead;
import org.giggossip.core.crypto.CompressedKeys;
import org.giggossip.core.crypto.Hkdf;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.Sha256;

/**
 * The BOLT 8 handshake, {@code Noise_XK_secp256k1_ChaChaPoly_SHA256} with the
 * prologue {@code "lightning"}, as a sans-I/O state machine (BOLT 8, "Handshake
 * Exchange"; docs/architecture.md, Transport).
 *
 * <p>The initiator knows the responder's static key in advance (XK); it calls
 * {@link #start()} for Act One, then feeds Act Two to {@link #receive(byte[])} and
 * gets Act Three with the finished {@link Bolt8Transport}. The responder feeds
 * Act One and then Act Three to {@link #receive(byte[])}. The host reads exactly
 * {@link #expectedLength()} bytes before each call.
 *
 * <p>Keys are 33-byte compressed points (02 or 03), as on the wire. A node built
 * from its x-only identity ({@link #initiator(PrivateKey, PublicKey, SecureRandom)},
 * {@link #responder(PrivateKey, SecureRandom)}) uses its identity's even-Y point,
 * {@code 02 || x}, as its static key.
 *
 * <p>Hostile input never throws: every bad act yields {@link HandshakeResult.Failed}
 * with the reason, and the machine stays failed. One instance per connection; not
 * thread-safe (it is owned by the connection's event loop).
 */
public final class Bolt8Handshake {
    /** Bytes in Act One and in Act Two: version, ephemeral key, tag. */
    public static final int ACT_ONE_SIZE = 1 + CompressedKeys.SIZE + Aead.TAG_SIZE;
    /** Bytes in Act Two. */
    public static final int ACT_TWO_SIZE = ACT_ONE_SIZE;
    /** Bytes in Act Three: version, encrypted static key with its tag, final tag. */
    public static final int ACT_THREE_SIZE = 1 + CompressedKeys.SIZE + 2 * Aead.TAG_SIZE;

    private static final byte[] PROTOCOL_NAME =
        "Noise_XK_secp256k1_ChaChaPoly_SHA256".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROLOGUE = "lightning".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];
    private static final HandshakeError[] ACT_ONE_ERRORS = {HandshakeError.ACT1_READ_FAILED,
        HandshakeError.ACT1_BAD_VERSION, HandshakeError.ACT1_BAD_PUBKEY, HandshakeError.ACT1_BAD_TAG};
    private static final HandshakeError[] ACT_TWO_ERRORS = {HandshakeError.ACT2_READ_FAILED,
        HandshakeError.ACT2_BAD_VERSION, HandshakeError.ACT2_BAD_PUBKEY, HandshakeError.ACT2_BAD_TAG};

    private enum State { INITIATOR_START, INITIATOR_AWAIT_ACT_TWO, RESPONDER_AWAIT_ACT_ONE,
        RESPONDER_AWAIT_ACT_THREE, DONE, FAILED }

    private final boolean initiator;
    private final byte[] localStaticSecret;
    private final byte[] localStatic;
    private final byte[] ephemeralSecret;
    private final byte[] ephemeral;
    private byte[] remoteStatic;
    private byte[] remoteEphemeral;
    private byte[] ck;
    private byte[] h;
    private byte[] tempK2;
    private State state;

    private Bolt8Handshake(boolean initiator, byte[] localStaticSecret, byte[] remoteStatic, byte[] ephemeralSecret) {
        this.initiator = initiator;
        this.localStaticSecret = checkedSecret(localStaticSecret, "local static");
        this.localStatic = CompressedKeys.publicKey(this.localStaticSecret).orElseThrow();
        this.ephemeralSecret = checkedSecret(ephemeralSecret, "ephemeral");
        this.ephemeral = CompressedKeys.publicKey(this.ephemeralSecret).orElseThrow();
        byte[] responderStatic = initiator ? remoteStatic : localStatic;
        if (!CompressedKeys.isValid(responderStatic)) {
            throw new IllegalArgumentException("the responder's static key is not a valid compressed point");
        }
        this.remoteStatic = initiator ? remoteStatic.clone() : null;
        this.h = Sha256.hash(PROTOCOL_NAME);
        this.ck = h.clone();
        this.h = Sha256.hash(h, PROLOGUE);
        this.h = Sha256.hash(h, responderStatic);
        this.state = initiator ? State.INITIATOR_START : State.RESPONDER_AWAIT_ACT_ONE;
    }

    /**
     * An initiator with raw keys: our 32-byte static secret, the responder's
     * 33-byte compressed static key, and our 32-byte ephemeral secret (random in
     * production; fixed only by test vectors). Throws {@link IllegalArgumentException}
     * on invalid keys, which come from our own code.
     */
    public static Bolt8Handshake initiator(byte[] localStaticSecret, byte[] remoteStatic, byte[] ephemeralSecret) {
        Objects.requireNonNull(remoteStatic, "remoteStatic");
        return new Bolt8Handshake(true, localStaticSecret, remoteStatic, ephemeralSecret);
    }

    /** A responder with raw keys: our 32-byte static secret and our 32-byte ephemeral secret. */
    public static Bolt8Handshake responder(byte[] localStaticSecret, byte[] ephemeralSecret) {
        return new Bolt8Handshake(false, localStaticSecret, null, ephemeralSecret);
    }

    /** An initiator from our identity to the peer's identity (both as even-Y points), with a fresh ephemeral key. */
    public static Bolt8Handshake initiator(PrivateKey identity, PublicKey remote, SecureRandom random) {
        byte[] secret = CompressedKeys.noiseSecret(identity);
        try {
            return initiator(secret, CompressedKeys.evenY(remote), PrivateKey.generate(random).secretBytes());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** A responder for our identity (as its even-Y point), with a fresh ephemeral key. */
    public static Bolt8Handshake responder(PrivateKey identity, SecureRandom random) {
        byte[] secret = CompressedKeys.noiseSecret(identity);
        try {
            return responder(secret, PrivateKey.generate(random).secretBytes());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static byte[] checkedSecret(byte[] secret, String what) {
        if (secret == null || CompressedKeys.publicKey(secret).isEmpty()) {
            throw new IllegalArgumentException("the " + what + " secret is not a valid secp256k1 key");
        }
        return secret.clone();
    }

    /** Whether this side started the connection. */
    public boolean isInitiator() {
        return initiator;
    }

    /** Our 33-byte compressed static key. */
    public byte[] localStatic() {
        return localStatic.clone();
    }

    /** How many bytes the next {@link #receive(byte[])} expects; 0 when it expects none. */
    public int expectedLength() {
        return switch (state) {
            case INITIATOR_AWAIT_ACT_TWO -> ACT_TWO_SIZE;
            case RESPONDER_AWAIT_ACT_ONE -> ACT_ONE_SIZE;
            case RESPONDER_AWAIT_ACT_THREE -> ACT_THREE_SIZE;
            case INITIATOR_START, DONE, FAILED -> 0;
        };
    }

    /** Whether the handshake has failed (it then accepts nothing more). */
    public boolean hasFailed() {
        return state == State.FAILED;
    }

    /**
     * The initiator's Act One: {@code 0 || e.pub || tag}. Throws
     * {@link IllegalStateException} when called twice or on a responder (our own bug).
     */
    public byte[] start() {
        if (state != State.INITIATOR_START) {
            throw new IllegalStateException("Act One is sent once, by the initiator");
        }
        h = Sha256.hash(h, ephemeral);
        mixKey(ecdh(ephemeralSecret, remoteStatic));
        byte[] c = Aead.seal(tempK2, nonce(0), EMPTY, h); // tempK2 holds temp_k1 here
        h = Sha256.hash(h, c);
        state = State.INITIATOR_AWAIT_ACT_TWO;
        return act(ephemeral, c);
    }

    /** Feeds the peer's next act (exactly {@link #expectedLength()} bytes). Never throws on {@code input}. */
    public HandshakeResult receive(byte[] input) {
        try {
            HandshakeResult result = switch (state) {
                case RESPONDER_AWAIT_ACT_ONE -> actOne(input);
                case INITIATOR_AWAIT_ACT_TWO -> actTwo(input);
                case RESPONDER_AWAIT_ACT_THREE -> actThree(input);
                case INITIATOR_START, DONE, FAILED ->
                    new HandshakeResult.Failed(HandshakeError.UNEXPECTED_INPUT, "in state " + state);
            };
            if (result instanceof HandshakeResult.Failed) {
                fail();
            }
            return result;
        } catch (RuntimeException e) {
            // defensive: nothing a peer sends may escape as an exception
            fail();
            return new HandshakeResult.Failed(HandshakeError.UNEXPECTED_INPUT, "internal: " + e);
        }
    }

    private HandshakeResult actOne(byte[] m) {
        HandshakeResult.Failed bad = readEphemeralAct(m, ACT_ONE_ERRORS, localStaticSecret);
        if (bad != null) {
            return bad;
        }
        // Act Two
        h = Sha256.hash(h, ephemeral);
        mixKey(ecdh(ephemeralSecret, remoteEphemeral));
        byte[] c2 = Aead.seal(tempK2, nonce(0), EMPTY, h);
        h = Sha256.hash(h, c2);
        state = State.RESPONDER_AWAIT_ACT_THREE;
        return new HandshakeResult.Send(act(ephemeral, c2));
    }

    private HandshakeResult actTwo(byte[] m) {
        HandshakeResult.Failed bad = readEphemeralAct(m, ACT_TWO_ERRORS, ephemeralSecret);
        if (bad != null) {
            return bad;
        }
        // Act Three
        byte[] c3 = Aead.seal(tempK2, nonce(1), localStatic, h);
        h = Sha256.hash(h, c3);
        byte[][] ckK3 = hkdf(ck, ecdh(localStaticSecret, remoteEphemeral));
        ck = ckK3[0];
        byte[] t = Aead.seal(ckK3[1], nonce(0), EMPTY, h);
        byte[] out = new byte[ACT_THREE_SIZE];
        System.arraycopy(c3, 0, out, 1, c3.length);
        System.arraycopy(t, 0, out, 1 + c3.length, t.length);
        byte[][] skRk = hkdf(ck, EMPTY);
        state = State.DONE;
        wipe();
        return new HandshakeResult.Complete(out, new Bolt8Transport(ck, skRk[0], skRk[1]), remoteStatic);
    }

    /**
     * Reads Act One or Act Two, {@code 0 || re || tag}: checks them in BOLT 8's
     * order, then mixes {@code re} into h and {@code ECDH(secret, re)} into ck,
     * leaving the act's temporary key in {@link #tempK2}. Null when the act is
     * good; the state is untouched when it is not.
     */
    private HandshakeResult.Failed readEphemeralAct(byte[] m, HandshakeError[] errors, byte[] secret) {
        if (m == null || m.length != ACT_ONE_SIZE) {
            return failed(errors[0], m);
        }
        if (m[0] != 0) {
            return new HandshakeResult.Failed(errors[1], Integer.toString(m[0] & 0xff));
        }
        byte[] re = Arrays.copyOfRange(m, 1, 1 + CompressedKeys.SIZE);
        byte[] c = Arrays.copyOfRange(m, 1 + CompressedKeys.SIZE, ACT_ONE_SIZE);
        if (!CompressedKeys.isValid(re)) {
            return new HandshakeResult.Failed(errors[2], "");
        }
        byte[] h1 = Sha256.hash(h, re);
        byte[][] ckK = hkdf(ck, ecdh(secret, re));
        if (Aead.open(ckK[1], nonce(0), c, h1).isEmpty()) {
            return new HandshakeResult.Failed(errors[3], "");
        }
        remoteEphemeral = re;
        ck = ckK[0];
        tempK2 = ckK[1];
        h = Sha256.hash(h1, c);
        return null;
    }

    private HandshakeResult actThree(byte[] m) {
        if (m == null || m.length != ACT_THREE_SIZE) {
            return failed(HandshakeError.ACT3_READ_FAILED, m);
        }
        if (m[0] != 0) {
            return new HandshakeResult.Failed(HandshakeError.ACT3_BAD_VERSION, Integer.toString(m[0] & 0xff));
        }
        byte[] c = Arrays.copyOfRange(m, 1, 1 + CompressedKeys.SIZE + Aead.TAG_SIZE);
        byte[] t = Arrays.copyOfRange(m, 1 + c.length, ACT_THREE_SIZE);
        Optional<byte[]> rs = Aead.open(tempK2, nonce(1), c, h);
        if (rs.isEmpty()) {
            return new HandshakeResult.Failed(HandshakeError.ACT3_BAD_CIPHERTEXT, "");
        }
        if (!CompressedKeys.isValid(rs.get())) {
            return new HandshakeResult.Failed(HandshakeError.ACT3_BAD_PUBKEY, "");
        }
        byte[] h1 = Sha256.hash(h, c);
        byte[][] ckK3 = hkdf(ck, ecdh(ephemeralSecret, rs.get()));
        if (Aead.open(ckK3[1], nonce(0), t, h1).isEmpty()) {
            return new HandshakeResult.Failed(HandshakeError.ACT3_BAD_TAG, "");
        }
        remoteStatic = rs.get();
        ck = ckK3[0];
        h = h1;
        byte[][] rkSk = hkdf(ck, EMPTY);
        state = State.DONE;
        wipe();
        return new HandshakeResult.Complete(EMPTY, new Bolt8Transport(ck, rkSk[1], rkSk[0]), remoteStatic);
    }

    private static HandshakeResult.Failed failed(HandshakeError error, byte[] m) {
        return new HandshakeResult.Failed(error, "got " + (m == null ? "no" : Integer.toString(m.length)) + " bytes");
    }

    /** {@code ck, temp_k = HKDF(ck, ikm)}: keeps ck and leaves temp_k in {@link #tempK2}. */
    private void mixKey(byte[] ikm) {
        byte[][] ckK = hkdf(ck, ikm);
        ck = ckK[0];
        tempK2 = ckK[1];
    }

    private void fail() {
        state = State.FAILED;
        wipe();
    }

    private void wipe() {
        Arrays.fill(localStaticSecret, (byte) 0);
        Arrays.fill(ephemeralSecret, (byte) 0);
        if (tempK2 != null) {
            Arrays.fill(tempK2, (byte) 0);
        }
    }

    private static byte[] act(byte[] key, byte[] tag) {
        byte[] out = new byte[1 + key.length + tag.length];
        System.arraycopy(key, 0, out, 1, key.length);
        System.arraycopy(tag, 0, out, 1 + key.length, tag.length);
        return out;
    }

    /** ECDH between our valid secret and a point already checked valid. */
    private static byte[] ecdh(byte[] secret, byte[] point) {
        return CompressedKeys.ecdh(secret, point).orElseThrow(() -> new IllegalStateException("ECDH failed"));
    }

    /** BOLT 8's {@code HKDF(salt, ikm)}: 64 bytes with empty info, split in two 32-byte keys. */
    static byte[][] hkdf(byte[] salt, byte[] ikm) {
        byte[] out = Hkdf.derive(salt, ikm, EMPTY, 64);
        return new byte[][] {Arrays.copyOfRange(out, 0, 32), Arrays.copyOfRange(out, 32, 64)};
    }

    /** A ChaCha20-Poly1305 nonce: 32 zero bits, then the counter as 64 bits little-endian. */
    static byte[] nonce(long n) {
        byte[] nonce = new byte[Aead.NONCE_SIZE];
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (n >>> (8 * i));
        }
        return nonce;
    }

}
