package org.giggossip.net.admission;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.giggossip.core.pow.PowScheme;
import org.giggossip.core.pow.Target;

/**
 * The wire form of {@link AdmissionMessage}s, each one BOLT 8 message:
 * <pre>
 * Challenge: 0x01 type | 0x01 scheme (SHA-256 hashcash) | nonce (32) | target (32, big-endian)   66 bytes
 * Answer:    0x02 type | 0x01 scheme                    | proof-of-work nonce (8, big-endian)      10 bytes
 * </pre>
 * The scheme is named in every frame (docs/style.md 7). Decoding checks the size for
 * the type before reading anything else (docs/style.md 4) and never throws.
 */
public final class AdmissionCodec {
    /** Type byte of a challenge. */
    public static final byte CHALLENGE = 0x01;
    /** Type byte of an answer. */
    public static final byte ANSWER = 0x02;
    /** Scheme byte of SHA-256 hashcash ({@link PowScheme#SHA256}). */
    public static final byte SCHEME_SHA256 = 0x01;
    /** Bytes in an encoded challenge. */
    public static final int CHALLENGE_SIZE = 2 + AdmissionMessage.Challenge.NONCE_SIZE + Target.SIZE;
    /** Bytes in an encoded answer. */
    public static final int ANSWER_SIZE = 2 + Long.BYTES;

    private AdmissionCodec() {}

    /** The bytes of a message. */
    public static byte[] encode(AdmissionMessage message) {
        return switch (message) {
            case AdmissionMessage.Challenge c -> ByteBuffer.allocate(CHALLENGE_SIZE)
                .put(CHALLENGE).put(schemeByte(c.scheme())).put(c.nonce()).put(c.target().toByteArray()).array();
            case AdmissionMessage.Answer a -> ByteBuffer.allocate(ANSWER_SIZE)
                .put(ANSWER).put(schemeByte(a.scheme())).putLong(a.powNonce()).array();
        };
    }

    private static byte schemeByte(PowScheme scheme) {
        return switch (scheme) {
            case SHA256 -> SCHEME_SHA256;
        };
    }

    /** The result of decoding: a message, or why the bytes are not one. */
    public sealed interface Decoded {
        /** Well-formed bytes. */
        record Ok(AdmissionMessage message) implements Decoded {}

        /** Bytes that are not an admission message; {@code reason} is for a log line. */
        record Malformed(String reason) implements Decoded {}
    }

    /** Decodes one frame; never throws on its content. */
    public static Decoded decode(byte[] frame) {
        if (frame == null || frame.length == 0) {
            return new Decoded.Malformed("empty frame");
        }
        int expected = switch (frame[0]) {
            case CHALLENGE -> CHALLENGE_SIZE;
            case ANSWER -> ANSWER_SIZE;
            default -> -1;
        };
        if (expected < 0) {
            return new Decoded.Malformed("unknown admission message type " + (frame[0] & 0xff));
        }
        if (frame.length != expected) {
            return new Decoded.Malformed("admission message type " + frame[0] + " is " + expected
                + " bytes, got " + frame.length);
        }
        Optional<PowScheme> scheme = frame[1] == SCHEME_SHA256 ? Optional.of(PowScheme.SHA256) : Optional.empty();
        if (scheme.isEmpty()) {
            return new Decoded.Malformed("unknown proof-of-work scheme " + (frame[1] & 0xff));
        }
        if (frame[0] == ANSWER) {
            return new Decoded.Ok(new AdmissionMessage.Answer(scheme.get(), ByteBuffer.wrap(frame, 2, 8).getLong()));
        }
        byte[] nonce = Arrays.copyOfRange(frame, 2, 2 + AdmissionMessage.Challenge.NONCE_SIZE);
        Target target = Target.parse(Arrays.copyOfRange(frame, 2 + nonce.length, CHALLENGE_SIZE)).orElseThrow();
        return new Decoded.Ok(new AdmissionMessage.Challenge(scheme.get(), nonce, target));
    }
}
