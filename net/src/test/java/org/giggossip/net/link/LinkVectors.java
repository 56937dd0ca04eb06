package org.giggossip.net.link;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.pow.PowHasher;
import org.giggossip.core.pow.PowScheme;
import org.giggossip.core.pow.Target;
import org.giggossip.core.service.ServiceCodec;
import org.giggossip.core.service.ServiceMessage;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.AskDeclinedFrame;
import org.giggossip.core.wire.AskId;
import org.giggossip.core.wire.DeclineReason;
import org.giggossip.core.wire.DecodeError.Reason;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.FrameCodec;
import org.giggossip.core.wire.GoldenVectors;
import org.giggossip.core.wire.GoldenVectors.Case;
import org.giggossip.core.wire.GoldenVectors.Codec;
import org.giggossip.core.wire.GoldenVectors.Negative;
import org.giggossip.core.wire.GoldenVectors.Positive;
import org.giggossip.core.wire.TestSigners;
import org.giggossip.core.wire.VectorFile;
import org.giggossip.core.wire.VectorFile.Field;
import org.giggossip.net.admission.AdmissionCodec;
import org.giggossip.net.admission.AdmissionMessage;
import org.giggossip.net.admission.AdmissionPayload;
import org.giggossip.net.admission.AdmissionPayload.Role;
import org.giggossip.net.discovery.DiscoveryCodec;
import org.giggossip.net.discovery.DiscoveryMessage;
import org.giggossip.net.discovery.PeerAddress;
import org.giggossip.net.voidphone.ItemFrame;

/**
 * The golden vectors of what crosses a link between two nodes besides the
 * protocol frames ({@code docs/vectors/link.*}): the link envelope of each
 * {@link MessageType}, the proof-of-work admission exchange with the payloads
 * each side solves, the discovery messages and the VoidPhone ITEM body. Every
 * input is fixed: identities are the keys of the secrets 1 and 2, nonces are
 * counted bytes. {@link LinkVectorsTest} checks the file.
 */
final class LinkVectors {
    private LinkVectors() {}

    static final String TITLE = "Gig-gossip link messages (wire format v1)";

    static List<String> header() {
        return GoldenVectors.header("link messages between nodes: envelope, admission, discovery, ITEM",
                "link.txt", "net/src/test/java/org/giggossip/net/link/LinkVectors.java");
    }

    static List<String> intro() {
        return List.of("Generated from `link.txt` (the file to test against); see `README.md`. Each vector is the",
                "plaintext of one BOLT 8 transport message (the encryption is BOLT 8's, with its own vectors):",
                "first the two admission messages each side sends, then link messages, each a type byte and a",
                "body. The `ADMISSION_PAYLOAD` vectors are not sent: they are the bytes each side's proof of",
                "work is computed over. Big-endian integers throughout.");
    }

    // ---- the fixed inputs --------------------------------------------------------------

    static final PublicKey INITIATOR = TestSigners.key(1).publicKey();
    static final PublicKey RESPONDER = TestSigners.key(2).publicKey();
    /** 0x01, 0x02, ..., 0x20. */
    static final byte[] INITIATOR_NONCE = counted(0x01);
    /** 0x21, 0x22, ..., 0x40. */
    static final byte[] RESPONDER_NONCE = counted(0x21);
    /** 2^248 - 1 = 0x00ff..ff: one attempt in 256 succeeds. */
    static final Target ADMISSION_TARGET = Target.fromDifficulty(256);

    private static byte[] counted(int first) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    // ---- codecs --------------------------------------------------------------------------

    /** A link message as it is sent inside one BOLT 8 message: a type byte, then the body. */
    record LinkMessage(MessageType type, byte[] body) {
        @Override
        public boolean equals(Object o) {
            return o instanceof LinkMessage m && m.type == type && Arrays.equals(m.body, body);
        }

        @Override
        public int hashCode() {
            return 31 * type.hashCode() + Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return "LinkMessage[" + type + ", " + Hex.encode(body) + "]";
        }
    }

    static final Codec<LinkMessage> LINK = new Codec<>() {
        @Override
        public Decoded<LinkMessage> decode(byte[] bytes) {
            if (bytes.length == 0) {
                return Decoded.err(Reason.MALFORMED, "link: an empty message");
            }
            Optional<MessageType> type = MessageType.of(bytes[0] & 0xff);
            if (type.isEmpty()) {
                return Decoded.err(Reason.UNKNOWN_KIND, "link: unknown message type " + (bytes[0] & 0xff));
            }
            if (bytes.length - 1 > type.get().maxBody()) {
                return Decoded.err(Reason.TOO_LARGE, "link: body over " + type.get().maxBody());
            }
            return Decoded.ok(new LinkMessage(type.get(), Arrays.copyOfRange(bytes, 1, bytes.length)));
        }

        @Override
        public byte[] encode(LinkMessage m) {
            byte[] out = new byte[1 + m.body().length];
            out[0] = (byte) m.type().code();
            System.arraycopy(m.body(), 0, out, 1, m.body().length);
            return out;
        }

        @Override
        public List<Field> fields(LinkMessage m) {
            return List.of(new Field("type", m.type() + " (" + m.type().code() + ")"),
                    new Field("body", VectorFile.bytes(m.body())));
        }
    };

    private static <T> Decoded<T> malformed(String reason) {
        return Decoded.err(Reason.MALFORMED, reason);
    }

    static final Codec<AdmissionMessage> ADMISSION = new Codec<>() {
        @Override
        public Decoded<AdmissionMessage> decode(byte[] bytes) {
            return switch (AdmissionCodec.decode(bytes)) {
                case AdmissionCodec.Decoded.Ok ok -> Decoded.ok(ok.message());
                case AdmissionCodec.Decoded.Malformed m -> malformed(m.reason());
            };
        }

        @Override
        public byte[] encode(AdmissionMessage m) {
            return AdmissionCodec.encode(m);
        }

        @Override
        public List<Field> fields(AdmissionMessage m) {
            return switch (m) {
                case AdmissionMessage.Challenge c -> List.of(new Field("type", "CHALLENGE (1)"),
                        new Field("scheme", scheme(c.scheme())), new Field("nonce", VectorFile.bytes(c.nonce())),
                        new Field("target", VectorFile.bytes(c.target().toByteArray())));
                case AdmissionMessage.Answer a -> List.of(new Field("type", "ANSWER (2)"),
                        new Field("scheme", scheme(a.scheme())),
                        new Field("pow_nonce", Long.toUnsignedString(a.powNonce())));
            };
        }

        /** Challenges hold an array, so a record compares them by identity: compare their bytes. */
        @Override
        public boolean same(AdmissionMessage decoded, AdmissionMessage input) {
            return Arrays.equals(encode(decoded), encode(input));
        }
    };

    private static String scheme(PowScheme s) {
        return switch (s) {
            case SHA256 -> "SHA256 (1)";
        };
    }

    /**
     * What one side proves work over, with the target of the challenge it answers
     * (not in the bytes: the target the peer demanded).
     */
    record AdmissionWork(Role solver, PublicKey initiator, PublicKey responder, byte[] initiatorNonce,
            byte[] responderNonce, Target target) {
        byte[] payload() {
            return AdmissionPayload.of(solver, initiator, responder, initiatorNonce, responderNonce);
        }

        /** The smallest nonce whose work meets the target. */
        long powNonce() {
            PowHasher hasher = new PowHasher();
            hasher.setPayload(payload());
            for (long first = 0; ; first += 1 << 16) {
                int hit = hasher.search(first, 1, 1 << 16, target);
                if (hit >= 0) {
                    return first + hit;
                }
            }
        }
    }

    private static final byte[] ADMISSION_TAG = "giggossip/admission/v1".getBytes(StandardCharsets.US_ASCII);

    static final Codec<AdmissionWork> ADMISSION_PAYLOAD = new Codec<>() {
        @Override
        public Decoded<AdmissionWork> decode(byte[] bytes) {
            int size = ADMISSION_TAG.length + 1 + 4 * 32;
            if (bytes.length != size || !Arrays.equals(bytes, 0, ADMISSION_TAG.length, ADMISSION_TAG, 0,
                    ADMISSION_TAG.length)) {
                return malformed("an admission payload is the tag and " + (size - ADMISSION_TAG.length) + " bytes");
            }
            int at = ADMISSION_TAG.length;
            Role role = switch (bytes[at]) {
                case 1 -> Role.INITIATOR;
                case 2 -> Role.RESPONDER;
                default -> null;
            };
            if (role == null) {
                return malformed("solver role " + bytes[at]);
            }
            Function<Integer, byte[]> part = i -> Arrays.copyOfRange(bytes, at + 1 + 32 * i, at + 1 + 32 * (i + 1));
            Optional<PublicKey> initiator = PublicKey.parse(part.apply(0));
            Optional<PublicKey> responder = PublicKey.parse(part.apply(1));
            if (initiator.isEmpty() || responder.isEmpty()) {
                return malformed("an id is not an x-only public key");
            }
            return Decoded.ok(new AdmissionWork(role, initiator.get(), responder.get(), part.apply(2),
                    part.apply(3), ADMISSION_TARGET));
        }

        @Override
        public byte[] encode(AdmissionWork w) {
            return w.payload();
        }

        @Override
        public List<Field> fields(AdmissionWork w) {
            return List.of(new Field("tag", VectorFile.quote(new String(ADMISSION_TAG, StandardCharsets.US_ASCII))),
                    new Field("solver", w.solver() + " (" + (w.solver() == Role.INITIATOR ? 1 : 2) + ")"),
                    new Field("initiator_id", VectorFile.bytes(w.initiator().bytes())),
                    new Field("responder_id", VectorFile.bytes(w.responder().bytes())),
                    new Field("initiator_nonce", VectorFile.bytes(w.initiatorNonce())),
                    new Field("responder_nonce", VectorFile.bytes(w.responderNonce())));
        }

        @Override
        public List<Field> derived(AdmissionWork w) {
            long nonce = w.powNonce();
            return List.of(new Field("target", VectorFile.bytes(w.target().toByteArray())),
                    new Field("smallest_pow_nonce", Long.toUnsignedString(nonce)),
                    new Field("work", VectorFile.bytes(PowHasher.work(w.payload(), nonce))));
        }

        @Override
        public boolean same(AdmissionWork decoded, AdmissionWork input) {
            return Arrays.equals(decoded.payload(), input.payload()) && decoded.target().equals(input.target());
        }
    };

    static final Codec<DiscoveryMessage> DISCOVERY = new Codec<>() {
        @Override
        public Decoded<DiscoveryMessage> decode(byte[] bytes) {
            return switch (DiscoveryCodec.decode(bytes)) {
                case DiscoveryCodec.Decoded.Ok ok -> Decoded.ok(ok.message());
                case DiscoveryCodec.Decoded.Malformed m -> malformed(m.reason());
            };
        }

        @Override
        public byte[] encode(DiscoveryMessage m) {
            return DiscoveryCodec.encode(m);
        }

        @Override
        public List<Field> fields(DiscoveryMessage m) {
            List<Field> out = new ArrayList<>();
            switch (m) {
                case DiscoveryMessage.GetPeer g -> out.add(new Field("type", "GETPEER (1)"));
                case DiscoveryMessage.Peer p -> {
                    out.add(new Field("type", "PEER (2)"));
                    out.add(new Field("count", String.valueOf(p.peers().size())));
                    for (int i = 0; i < p.peers().size(); i++) {
                        PeerAddress a = p.peers().get(i);
                        out.add(new Field("peers[" + i + "].id", VectorFile.bytes(a.id().bytes())));
                        out.add(new Field("peers[" + i + "].host", VectorFile.quote(a.host())));
                        out.add(new Field("peers[" + i + "].port", String.valueOf(a.port())));
                    }
                }
                case DiscoveryMessage.Ping p -> probe(out, "PING (3)", p.nonce(), p.listenPort(), p.listenHost());
                case DiscoveryMessage.Pong p -> probe(out, "PONG (4)", p.nonce(), p.listenPort(), p.listenHost());
            }
            return out;
        }
    };

    private static void probe(List<Field> out, String type, long nonce, int port, String host) {
        out.add(new Field("type", type));
        out.add(new Field("nonce", Long.toUnsignedString(nonce)));
        out.add(new Field("listen_port", String.valueOf(port)));
        out.add(new Field("listen_host", VectorFile.quote(host)));
    }

    static final Codec<ItemFrame> ITEM = new Codec<>() {
        @Override
        public Decoded<ItemFrame> decode(byte[] bytes) {
            return ItemFrame.decode(bytes).<Decoded<ItemFrame>>map(Decoded::ok)
                    .orElseGet(() -> malformed("not an ITEM body"));
        }

        @Override
        public byte[] encode(ItemFrame f) {
            return f.encode();
        }

        @Override
        public List<Field> fields(ItemFrame f) {
            return List.of(new Field("ttl", String.valueOf(f.ttl())),
                    new Field("data_type", String.valueOf(f.dataType())),
                    new Field("data", VectorFile.bytes(f.data())));
        }
    };

    // ---- the vectors ------------------------------------------------------------------------

    static AdmissionMessage.Challenge challenge(byte[] nonce) {
        return new AdmissionMessage.Challenge(PowScheme.SHA256, nonce, ADMISSION_TARGET);
    }

    static AdmissionWork work(Role solver) {
        return new AdmissionWork(solver, INITIATOR, RESPONDER, INITIATOR_NONCE, RESPONDER_NONCE, ADMISSION_TARGET);
    }

    static final ItemFrame ITEM_FRAME = new ItemFrame(5, 540, "hello".getBytes(StandardCharsets.US_ASCII));

    private static Case positive(String name, String note, String kind, Codec<?> codec, Object value) {
        return positiveOf(name, note, kind, codec, value);
    }

    @SuppressWarnings("unchecked")
    private static <T> Case positiveOf(String name, String note, String kind, Codec<T> codec, Object value) {
        return new Positive<>(name, kind, note, codec, (T) value);
    }

    private static String kind(DiscoveryMessage m) {
        return "DISCOVERY " + m.getClass().getSimpleName().toUpperCase(Locale.ROOT);
    }

    /** The vectors in file order; built once, as the payload vectors search for their proof of work. */
    static List<Case> cases() {
        return Cases.ALL;
    }

    private static final class Cases {
        static final List<Case> ALL = List.copyOf(build());
    }

    private static List<Case> build() {
        List<Case> c = new ArrayList<>();
        // admission: each side sends its challenge, solves the other's, sends its answer
        c.add(positive("admission/challenge_from_initiator", "The initiator (key 1) demands 0x00ff..ff.",
                "ADMISSION CHALLENGE", ADMISSION, challenge(INITIATOR_NONCE)));
        c.add(positive("admission/challenge_from_responder", "The responder (key 2) demands the same.",
                "ADMISSION CHALLENGE", ADMISSION, challenge(RESPONDER_NONCE)));
        c.add(positive("admission/payload_initiator_solves", "The initiator's work is over these bytes.",
                "ADMISSION_PAYLOAD INITIATOR", ADMISSION_PAYLOAD, work(Role.INITIATOR)));
        c.add(positive("admission/payload_responder_solves", "The responder's work is over these bytes.",
                "ADMISSION_PAYLOAD RESPONDER", ADMISSION_PAYLOAD, work(Role.RESPONDER)));
        c.add(positive("admission/answer_from_initiator", "The smallest nonce for payload_initiator_solves.",
                "ADMISSION ANSWER", ADMISSION, new AdmissionMessage.Answer(PowScheme.SHA256,
                        work(Role.INITIATOR).powNonce())));
        c.add(positive("admission/answer_from_responder", "The smallest nonce for payload_responder_solves.",
                "ADMISSION ANSWER", ADMISSION, new AdmissionMessage.Answer(PowScheme.SHA256,
                        work(Role.RESPONDER).powNonce())));
        c.add(new Negative("admission_rejected/empty", "ADMISSION", "", ADMISSION, new byte[0], Reason.MALFORMED));
        c.add(new Negative("admission_rejected/unknown_type", "ADMISSION", "Type 3.", ADMISSION,
                Hex.decode("0301" + "00".repeat(8)), Reason.MALFORMED));
        c.add(new Negative("admission_rejected/challenge_short", "ADMISSION", "A challenge is 66 bytes, not 65.",
                ADMISSION, Arrays.copyOf(AdmissionCodec.encode(challenge(INITIATOR_NONCE)), 65), Reason.MALFORMED));
        c.add(new Negative("admission_rejected/unknown_scheme", "ADMISSION", "Scheme 2 in an answer.", ADMISSION,
                Hex.decode("0202" + "00".repeat(8)), Reason.MALFORMED));

        // the link envelope of each message type, with a body from below
        byte[] frame = FrameCodec.encode(new AskDeclinedFrame(AskId.of(filled(16, 0x11)),
                DeclineReason.GEOHASH_TOO_PRECISE, "max precision 7"));
        c.add(positive("link/gossip", "The body is frame/ask_declined of frames.txt.", "LINK GOSSIP", LINK,
                new LinkMessage(MessageType.GOSSIP, frame)));
        c.add(positive("link/discovery", "The body is discovery/getpeer.", "LINK DISCOVERY", LINK,
                new LinkMessage(MessageType.DISCOVERY, DiscoveryCodec.encode(new DiscoveryMessage.GetPeer()))));
        c.add(positive("link/service", "The body is service/balance_query of service.txt.", "LINK SERVICE", LINK,
                new LinkMessage(MessageType.SERVICE, ServiceCodec.encode(new ServiceMessage.BalanceQuery(12)))));
        c.add(positive("link/item", "The body is item/item.", "LINK ITEM", LINK,
                new LinkMessage(MessageType.ITEM, ITEM_FRAME.encode())));
        c.add(new Negative("link_rejected/empty", "LINK", "No type byte.", LINK, new byte[0], Reason.MALFORMED));
        c.add(new Negative("link_rejected/type_0", "LINK", "", LINK, Hex.decode("0001"), Reason.UNKNOWN_KIND));
        c.add(new Negative("link_rejected/type_5", "LINK", "", LINK, Hex.decode("05"), Reason.UNKNOWN_KIND));

        // discovery
        PublicKey key3 = TestSigners.key(3).publicKey();
        DiscoveryMessage getPeer = new DiscoveryMessage.GetPeer();
        DiscoveryMessage peer = new DiscoveryMessage.Peer(List.of(new PeerAddress(key3, "node3.example", 9735),
                new PeerAddress(INITIATOR, "::1", 9736)));
        DiscoveryMessage noPeer = new DiscoveryMessage.Peer(List.of());
        DiscoveryMessage ping = new DiscoveryMessage.Ping(0x0102030405060708L, "node2.example", 9735);
        DiscoveryMessage pingSilent = new DiscoveryMessage.Ping(0xfedcba9876543210L, "", 0);
        DiscoveryMessage pong = ((DiscoveryMessage.Ping) ping).pong("", 9735);
        c.add(positive("discovery/getpeer", "", kind(getPeer), DISCOVERY, getPeer));
        c.add(positive("discovery/peer", "A host name and an IPv6 literal.", kind(peer), DISCOVERY, peer));
        c.add(positive("discovery/peer_none", "", kind(noPeer), DISCOVERY, noPeer));
        c.add(positive("discovery/ping", "", kind(ping), DISCOVERY, ping));
        c.add(positive("discovery/ping_not_listening", "Port 0: accepts no connections; the nonce is above 2^63.",
                kind(pingSilent), DISCOVERY, pingSilent));
        c.add(positive("discovery/pong", "Answers discovery/ping; an empty host: dial the address you see.",
                kind(pong), DISCOVERY, pong));
        byte[] peerBytes = DiscoveryCodec.encode(peer);
        byte[] oneEntry = DiscoveryCodec.encode(new DiscoveryMessage.Peer(List.of(new PeerAddress(key3, "h", 1))));
        c.add(new Negative("discovery_rejected/empty", "DISCOVERY", "", DISCOVERY, new byte[0], Reason.MALFORMED));
        c.add(new Negative("discovery_rejected/unknown_type", "DISCOVERY", "Type 5.", DISCOVERY, Hex.decode("05"),
                Reason.MALFORMED));
        c.add(new Negative("discovery_rejected/trailing_byte", "DISCOVERY", "A GETPEER is one byte.", DISCOVERY,
                Hex.decode("0100"), Reason.MALFORMED));
        c.add(new Negative("discovery_rejected/peer_count_17", "DISCOVERY", "At most 16 entries.", DISCOVERY,
                Hex.decode("0211"), Reason.MALFORMED));
        c.add(new Negative("discovery_rejected/peer_truncated", "DISCOVERY", "discovery/peer less its last byte.",
                DISCOVERY, Arrays.copyOf(peerBytes, peerBytes.length - 1), Reason.MALFORMED));
        byte[] port0 = oneEntry.clone();
        port0[port0.length - 1] = 0;
        c.add(new Negative("discovery_rejected/peer_port_0", "DISCOVERY", "", DISCOVERY, port0, Reason.MALFORMED));
        byte[] offCurve = oneEntry.clone();
        Arrays.fill(offCurve, 2, 34, (byte) 0xff);
        c.add(new Negative("discovery_rejected/peer_id_not_a_key", "DISCOVERY", "0xff..ff is above the field prime.",
                DISCOVERY, offCurve, Reason.MALFORMED));
        c.add(new Negative("discovery_rejected/ping_host_with_space", "DISCOVERY", "Host \"a b\".", DISCOVERY,
                Hex.decode("03" + "0102030405060708" + "2607" + "03" + "612062"), Reason.MALFORMED));

        // VoidPhone items
        ItemFrame unlimited = new ItemFrame(0, 65535, new byte[0]);
        c.add(positive("item/item", "Data type 540, 5 hops left.", "ITEM", ITEM, ITEM_FRAME));
        c.add(positive("item/item_unlimited_ttl", "TTL 0 is unlimited; no data.", "ITEM", ITEM, unlimited));
        c.add(new Negative("item_rejected/short", "ITEM", "Shorter than the 3-byte header.", ITEM,
                Hex.decode("0502"), Reason.MALFORMED));
        return c;
    }

    private static byte[] filled(int size, int value) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
