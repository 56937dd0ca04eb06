package org.giggossip.net.dave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.DecodeError;
import org.giggossip.core.wire.DecodeError.Reason;
import org.giggossip.core.wire.Decoded;
import org.junit.jupiter.api.Test;

/**
 * Golden datagrams written by hand from the proto3 rules (dave-v1.md, Message),
 * round trips and hostile input for {@link DaveCodec}.
 */
class DaveCodecTest {
    private static final String AA = "aa".repeat(32);
    private static final String BB = "0000" + "bb".repeat(30);
    private static final String CC = "cc".repeat(32);
    private static final String V200 = "76".repeat(200);

    /** Each golden datagram with the message it must decode to. */
    private static final List<Object[]> GOLDEN = List.of(
            new Object[] {"", DaveMsg.getPeer()},                       // GETPEER: every field default, zero bytes
            new Object[] {"0801", DaveMsg.peer(List.of())},             // op 1 (PEER), no peers
            new Object[] {"0801"                                        // op: PEER
                    + "120f" + ascii("127.0.0.1:40000")                 // peers[0], 15 bytes
                    + "120b" + ascii("[::1]:40000"),                    // peers[1], 11 bytes
                    DaveMsg.peer(List.of("127.0.0.1:40000", "[::1]:40000"))},
            new Object[] {"0802"                                        // op: SETDAT
                    + "1a20" + AA                                       // prev, 32 bytes
                    + "2220" + BB                                       // work, 32 bytes
                    + "2a20" + CC                                       // nonce, 32 bytes
                    + "3205" + ascii("hello")                           // val, 5 bytes
                    + "3a03" + ascii("tag"),                            // tag, 3 bytes
                    msg(DaveMsg.Op.SETDAT, List.of(), AA, BB, CC, ascii("hello"), ascii("tag"))},
            new Object[] {"0803"                                        // op: GETDAT
                    + "120f" + ascii("127.0.0.1:40000")                 // route[0]
                    + "120f" + ascii("[2001:db8::1]:1")                 // route[1]
                    + "2220" + BB,                                      // work: the key
                    DaveMsg.getDat(Hex.decode(BB), List.of("127.0.0.1:40000", "[2001:db8::1]:1"))},
            new Object[] {"0804"                                        // op: DAT, no prev
                    + "2220" + BB                                       // work
                    + "2a20" + CC                                       // nonce
                    + "32c801" + V200                                   // val, 200 bytes: a two-byte varint length
                    + "3a01" + "74",                                    // tag "t"
                    msg(DaveMsg.Op.DAT, List.of(), "", BB, CC, V200, "74")});

    private static String ascii(String s) {
        return Hex.encode(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static DaveMsg msg(DaveMsg.Op op, List<String> peers, String prev, String work, String nonce, String val,
            String tag) {
        return new DaveMsg(op, peers, Hex.decode(prev), Hex.decode(work), Hex.decode(nonce), Hex.decode(val),
                Hex.decode(tag));
    }

    @Test
    void goldenDatagramsEncodeDecodeAndReEncodeExactly() {
        for (Object[] g : GOLDEN) {
            String hex = (String) g[0];
            DaveMsg m = (DaveMsg) g[1];
            assertThat(Hex.encode(DaveCodec.encode(m))).as("%s", m).isEqualTo(hex);
            DaveMsg decoded = DaveCodec.decode(Hex.decode(hex)).orElseThrow();
            assertThat(decoded).isEqualTo(m);
            assertThat(Hex.encode(DaveCodec.encode(decoded))).isEqualTo(hex);
        }
        assertThat(DaveCodec.encode(DaveMsg.getPeer())).isEmpty();
        assertThat(DaveCodec.decode(new byte[0]).orElseThrow().op()).isEqualTo(DaveMsg.Op.GETPEER);
    }

    @Test
    void proto3RulesAGoNodeMayUse() {
        // Unknown fields (8 varint, 11 bytes, 13 fixed32, 14 fixed64) are skipped.
        assertThat(decoded("0801" + "4001" + "5a0161" + "6d01020304" + "710102030405060708"))
                .isEqualTo(DaveMsg.peer(List.of()));
        // Unknown groups, nested, are skipped, even under a known field number (8 and 1 with wire type 3).
        assertThat(decoded("0801" + "43" + "1001" + "13" + "14" + "2201ff" + "44")).isEqualTo(DaveMsg.peer(List.of()));
        assertThat(decoded("0801" + "0b".repeat(700) + "0c".repeat(700))).isEqualTo(DaveMsg.peer(List.of()));
        // A known field with another wire type is an unknown field.
        assertThat(decoded("0801" + "1805")).isEqualTo(DaveMsg.peer(List.of()));
        // The last op wins; Go reads an enum as int32(v), so 2^32 + 1 is PEER.
        assertThat(decoded("0802" + "0801")).isEqualTo(DaveMsg.peer(List.of()));
        assertThat(decoded("088180808010")).isEqualTo(DaveMsg.peer(List.of()));
        // A non-canonical address is accepted and kept as sent.
        assertThat(decoded("0801" + "120c" + ascii("1.2.3.4:0080")).peers()).containsExactly("1.2.3.4:0080");
        // An empty bytes field is the default.
        assertThat(decoded("0801" + "1a00")).isEqualTo(DaveMsg.peer(List.of()));
    }

    @Test
    void refusalsSayWhy() {
        assertThat(error(new byte[DaveConfig.PACKET_SIZE + 1])).isEqualTo(Reason.TOO_LARGE);
        assertThat(error((byte[]) null)).isEqualTo(Reason.MALFORMED);
        assertThat(error("0805")).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(error("08ffffffffffffffffff01")).isEqualTo(Reason.OUT_OF_RANGE);   // op -1
        assertThat(error("0801" + "1a01" + "00")).isEqualTo(Reason.BAD_LENGTH);     // prev of 1 byte
        assertThat(error("0801" + "2a02" + "0000")).isEqualTo(Reason.BAD_LENGTH);   // nonce of 2 bytes
        assertThat(error("0801" + "221f" + "00".repeat(31))).isEqualTo(Reason.BAD_LENGTH); // work of 31 bytes
        assertThat(error("0802")).isEqualTo(Reason.BAD_LENGTH);                     // SETDAT without work
        assertThat(error("0803")).isEqualTo(Reason.BAD_LENGTH);                     // GETDAT without work
        assertThat(error("0804" + "3201" + "00")).isEqualTo(Reason.BAD_LENGTH);     // DAT without work
        assertThat(error("0804" + "32810a" + "00".repeat(1281))).isEqualTo(Reason.BAD_LENGTH); // val of 1281
        assertThat(error("0804" + "3a21" + "00".repeat(33))).isEqualTo(Reason.BAD_LENGTH);     // tag of 33
        assertThat(error("0801" + ("1209" + ascii("1.2.3.4:1")).repeat(DaveCodec.MAX_PEERS + 1)))
                .isEqualTo(Reason.TOO_MANY);
        assertThat(error("0801" + "120b" + ascii("localhost:1"))).isEqualTo(Reason.INVALID_VALUE);
        assertThat(error("0801" + "1203" + ascii("::1"))).isEqualTo(Reason.INVALID_VALUE);
        assertThat(error("0801" + "1200")).isEqualTo(Reason.INVALID_VALUE);                // empty address
        assertThat(error("0801" + "1201" + "ff")).isEqualTo(Reason.MALFORMED);              // not UTF-8
        assertThat(error("0801" + "1205" + "31")).isEqualTo(Reason.MALFORMED);              // truncated
        assertThat(error("08" + "ff".repeat(10) + "01")).isEqualTo(Reason.MALFORMED);       // 11-byte varint
        assertThat(error("08" + "ff".repeat(9) + "02")).isEqualTo(Reason.MALFORMED);        // varint overflow
        assertThat(error("08")).isEqualTo(Reason.MALFORMED);                                // value missing
        assertThat(error("00")).isEqualTo(Reason.MALFORMED);                                // field number 0
        assertThat(error("0801" + "0b")).isEqualTo(Reason.MALFORMED);                       // group not closed
        assertThat(error("0801" + "0b" + "14")).isEqualTo(Reason.MALFORMED);                // closed by field 2
        assertThat(error("0801" + "0c")).isEqualTo(Reason.MALFORMED);                       // end without start
        assertThat(error("0801" + "0b" + "00" + "0c")).isEqualTo(Reason.MALFORMED);         // field 0 inside
        assertThat(error("0801" + "0b".repeat(700) + "0c".repeat(699))).isEqualTo(Reason.MALFORMED);
        assertThat(error("0e")).isEqualTo(Reason.MALFORMED);                                // wire type 6
        assertThat(error("6d0102")).isEqualTo(Reason.MALFORMED);                            // fixed32 cut short
        DecodeError tooMany = DaveCodec.decode(Hex.decode("0801" + ("1209" + ascii("1.2.3.4:1")).repeat(65)))
                .errorIfAny().orElseThrow();
        assertThat(tooMany.detail()).contains("64");
        assertThat(DaveCodec.decode(Hex.decode("0801" + "120b" + ascii("localhost:1"))).errorIfAny().orElseThrow()
                .detail()).contains("peer 1").contains("localhost:1");
    }

    @Test
    void theLargestDatagramsAreSentAndOneByteMoreIsRefused() {
        // op 2 + prev 34 + work 34 + nonce 34 + tag 34 + val 3 + 1280 = 1421; 79 more bytes as one peer entry.
        String peer = "1.2.3.4:" + "0".repeat(72) + "1"; // 81 characters, an entry of 83 bytes would be too many
        DaveMsg full = new DaveMsg(DaveMsg.Op.SETDAT, List.of("1.2.3.4:" + "0".repeat(68) + "1"), new byte[32],
                new byte[32], new byte[32], new byte[1280], new byte[32]);
        byte[] bytes = DaveCodec.encode(full);
        assertThat(bytes).hasSize(DaveConfig.PACKET_SIZE);
        assertThat(DaveCodec.decode(bytes).orElseThrow()).isEqualTo(full);
        assertThatThrownBy(() -> DaveCodec.encode(full.withPeers(List.of(peer))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1500");
    }

    @Property(tries = 1000)
    void validMessagesRoundTripByteForByte(@ForAll("messages") DaveMsg m) {
        byte[] bytes = DaveCodec.encode(m);
        assertThat(bytes.length).isLessThanOrEqualTo(DaveConfig.PACKET_SIZE);
        DaveMsg back = DaveCodec.decode(bytes).orElseThrow();
        assertThat(back).isEqualTo(m);
        assertThat(DaveCodec.encode(back)).isEqualTo(bytes);
    }

    @Property(tries = 3000)
    void randomBytesNeverThrow(@ForAll @Size(max = 1600) byte[] bytes) {
        Decoded<DaveMsg> d = DaveCodec.decode(bytes);
        if (d instanceof Decoded.Ok<DaveMsg> ok) {
            // Whatever decodes re-encodes to something that decodes to the same message.
            assertThat(DaveCodec.decode(DaveCodec.encode(ok.value())).orElseThrow()).isEqualTo(ok.value());
        } else {
            assertThat(d.errorIfAny()).isPresent();
        }
    }

    @Property(tries = 3000)
    void mutatedDatagramsNeverThrow(@ForAll("messages") DaveMsg m, @ForAll @IntRange(max = 100_000) int position,
            @ForAll byte value, @ForAll @IntRange(max = 3) int cut) {
        byte[] bytes = DaveCodec.encode(m);
        if (bytes.length == 0) {
            bytes = new byte[] {value};
        } else {
            bytes[position % bytes.length] = value;
        }
        byte[] cutBytes = Arrays.copyOf(bytes, Math.max(0, bytes.length - cut));
        for (byte[] input : new byte[][] {bytes, cutBytes}) {
            if (DaveCodec.decode(input) instanceof Decoded.Ok<DaveMsg> ok) {
                assertThat(DaveCodec.decode(DaveCodec.encode(ok.value())).orElseThrow()).isEqualTo(ok.value());
            }
        }
    }

    @Provide
    Arbitrary<DaveMsg> messages() {
        Arbitrary<String> address = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofSize(4),
                Arbitraries.bytes().array(byte[].class).ofSize(16))
                .flatMap(ip -> Arbitraries.integers().between(0, 65535)
                        .map(port -> AddrPort.of(ip, "", port).toString()));
        Arbitrary<byte[]> hash = Arbitraries.bytes().array(byte[].class).ofSize(32);
        Arbitrary<byte[]> optionalHash = Arbitraries.oneOf(Arbitraries.just(new byte[0]), hash);
        return Combinators.combine(Arbitraries.of(DaveMsg.Op.class), address.list().ofMaxSize(8), optionalHash,
                optionalHash, optionalHash, Arbitraries.bytes().array(byte[].class).ofMaxSize(900),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(32))
                .as((op, peers, prev, work, nonce, val, tag) -> {
                    boolean keyed = op == DaveMsg.Op.SETDAT || op == DaveMsg.Op.GETDAT || op == DaveMsg.Op.DAT;
                    byte[] w = keyed && work.length == 0 ? new byte[32] : work;
                    return new DaveMsg(op, peers, prev, w, nonce, val, tag);
                });
    }

    private static DaveMsg decoded(String hex) {
        return DaveCodec.decode(Hex.decode(hex)).orElseThrow();
    }

    private static Reason error(String hex) {
        return error(Hex.decode(hex));
    }

    private static Reason error(byte[] bytes) {
        Decoded<DaveMsg> d = DaveCodec.decode(bytes);
        assertThat(d.isOk()).as("decoded %s", d).isFalse();
        return d.errorIfAny().orElseThrow().reason();
    }
}
