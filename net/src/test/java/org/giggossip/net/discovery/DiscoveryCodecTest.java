package org.giggossip.net.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.testing.TestRandom;
import org.giggossip.core.util.Hex;
import org.giggossip.net.link.MessageType;
import org.junit.jupiter.api.Test;

/** Golden bytes, round trips and hostile input for {@link DiscoveryCodec}. */
class DiscoveryCodecTest {
    private static final PublicKey A = PrivateKey.generate(TestRandom.seeded(1)).publicKey();
    private static final PublicKey B = PrivateKey.generate(TestRandom.seeded(2)).publicKey();

    private static final List<DiscoveryMessage> SAMPLES = List.of(
            new DiscoveryMessage.GetPeer(),
            new DiscoveryMessage.Peer(List.of()),
            new DiscoveryMessage.Peer(List.of(new PeerAddress(A, "10.0.0.1", 9735),
                    new PeerAddress(B, "::1", 1), new PeerAddress(A, "h".repeat(253), 65535))),
            new DiscoveryMessage.Ping(-1L, "", 0),
            new DiscoveryMessage.Ping(42L, "example.org", 9735),
            new DiscoveryMessage.Pong(7L, "2001:db8::1", 40000));

    @Test
    void goldenBytes() {
        assertThat(Hex.encode(DiscoveryCodec.encode(new DiscoveryMessage.GetPeer()))).isEqualTo("01");
        assertThat(Hex.encode(DiscoveryCodec.encode(new DiscoveryMessage.Ping(0x0102030405060708L, "h", 9735))))
                .isEqualTo("03"                  // type: PING
                        + "0102030405060708"      // nonce
                        + "2607"                  // listen port 9735
                        + "01" + "68");           // host length 1, "h"
        assertThat(Hex.encode(DiscoveryCodec.encode(new DiscoveryMessage.Pong(1, "", 0))))
                .isEqualTo("04" + "0000000000000001" + "0000" + "00"); // PONG, nonce 1, not listening, no host
        assertThat(Hex.encode(DiscoveryCodec.encode(new DiscoveryMessage.Peer(
                List.of(new PeerAddress(A, "ab", 1))))))
                .isEqualTo("02" + "01"            // PEER, one entry
                        + A.hex()                 // id
                        + "02" + "6162"           // host length 2, "ab"
                        + "0001");                // port 1
    }

    @Test
    void everySampleRoundTripsByteForByte() {
        for (DiscoveryMessage m : SAMPLES) {
            byte[] bytes = DiscoveryCodec.encode(m);
            assertThat(DiscoveryCodec.decode(bytes)).isEqualTo(new DiscoveryCodec.Decoded.Ok(m));
            assertThat(DiscoveryCodec.encode(((DiscoveryCodec.Decoded.Ok) DiscoveryCodec.decode(bytes)).message()))
                    .isEqualTo(bytes);
        }
    }

    @Test
    void theLargestPeerFitsADiscoveryBody() {
        List<PeerAddress> full = new ArrayList<>();
        for (int i = 0; i < DiscoveryCodec.MAX_PEERS; i++) {
            full.add(new PeerAddress(A, "h".repeat(PeerAddress.MAX_HOST_LENGTH), 65535));
        }
        byte[] bytes = DiscoveryCodec.encode(new DiscoveryMessage.Peer(full));
        assertThat(bytes.length).isEqualTo(DiscoveryCodec.MAX_SIZE).isLessThanOrEqualTo(MessageType.DISCOVERY.maxBody());
        assertThat(DiscoveryCodec.decode(bytes)).isInstanceOf(DiscoveryCodec.Decoded.Ok.class);
    }

    @Test
    void everyProperPrefixIsMalformed() {
        for (DiscoveryMessage m : SAMPLES) {
            byte[] bytes = DiscoveryCodec.encode(m);
            for (int n = 0; n < bytes.length; n++) {
                assertThat(DiscoveryCodec.decode(Arrays.copyOf(bytes, n)))
                        .as("%s cut to %d bytes", m, n).isInstanceOf(DiscoveryCodec.Decoded.Malformed.class);
            }
        }
    }

    @Test
    void malformedInputsSayWhy() {
        assertThat(reason(null)).contains("empty");
        assertThat(reason(new byte[] {9})).contains("unknown discovery message type 9");
        assertThat(reason(Hex.decode("0100"))).contains("trailing");
        assertThat(reason(Hex.decode("0211"))).contains("17 entries");
        assertThat(reason(Hex.decode("0201" + "ff".repeat(32) + "0168" + "0001"))).contains("public key");
        assertThat(reason(Hex.decode("0201" + A.hex() + "0168" + "0000"))).contains("port 0");
        assertThat(reason(Hex.decode("0201" + A.hex() + "00" + "0001"))).contains("bad host");
        assertThat(reason(Hex.decode("03" + "00".repeat(8) + "0001" + "012f"))).contains("bad host");
        assertThat(reason(Hex.decode("03" + "00".repeat(8) + "0001" + "ff" + "61".repeat(255))))
                .contains("at most 253");
        assertThat(reason(new byte[DiscoveryCodec.MAX_SIZE + 1])).contains("at most " + DiscoveryCodec.MAX_SIZE);
    }

    @Property(tries = 2000)
    void randomBytesNeverThrow(@ForAll @Size(max = 400) byte[] bytes) {
        assertThat(DiscoveryCodec.decode(bytes)).isNotNull();
    }

    @Property(tries = 2000)
    void mutatedMessagesNeverThrowAndOkOnesReEncode(@ForAll @IntRange(min = 0, max = 5) int sample,
            @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll byte value,
            @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] bytes = DiscoveryCodec.encode(SAMPLES.get(sample));
        bytes[position % bytes.length] = value;
        byte[] cutBytes = Arrays.copyOf(bytes, Math.max(0, bytes.length - cut % 3));
        for (byte[] input : new byte[][] {bytes, cutBytes}) {
            if (DiscoveryCodec.decode(input) instanceof DiscoveryCodec.Decoded.Ok ok) {
                assertThat(DiscoveryCodec.encode(ok.message())).isEqualTo(input);
            }
        }
    }

    private static String reason(byte[] bytes) {
        DiscoveryCodec.Decoded d = DiscoveryCodec.decode(bytes);
        assertThat(d).isInstanceOf(DiscoveryCodec.Decoded.Malformed.class);
        return ((DiscoveryCodec.Decoded.Malformed) d).reason();
    }
}
