package org.giggossip.net.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.net.noise.Bolt8Vectors.hex;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.giggossip.core.util.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of BOLT 8's transport test vectors (Appendix A), as given in the
 * project's unedited copy {@code core/src/test/resources/vectors/bolt08-transport-vectors.txt}: the initiator's and the
 * responder's handshakes (successful and failing) and the message encryption
 * outputs across two key rotations.
 */
class Bolt8VectorTest {

    static Stream<Bolt8Vectors.Case> initiatorCases() {
        return Bolt8Vectors.load().cases().stream().filter(c -> c.name().startsWith("transport-initiator"));
    }

    static Stream<Bolt8Vectors.Case> responderCases() {
        return Bolt8Vectors.load().cases().stream().filter(c -> c.name().startsWith("transport-responder"));
    }

    @Test
    void theFileHoldsEveryCase() {
        List<String> names = Bolt8Vectors.load().cases().stream().map(Bolt8Vectors.Case::name).toList();
        assertThat(names).hasSize(16)
            .contains("transport-initiator successful handshake", "transport-responder successful handshake",
                "transport-message test");
        assertThat(initiatorCases()).hasSize(5);
        assertThat(responderCases()).hasSize(10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("initiatorCases")
    void initiator(Bolt8Vectors.Case v) {
        Bolt8Handshake hs = Bolt8Handshake.initiator(hex(v.first("ls.priv")), hex(v.first("rs.pub")),
            hex(v.first("e.priv")));
        assertThat(Hex.encode(hs.localStatic())).isEqualTo(v.first("ls.pub").substring(2));
        List<String> outputs = v.all("output");
        assertThat(Hex.encode(hs.start())).isEqualTo(outputs.get(0).substring(2));
        byte[] actTwo = hex(v.first("input"));
        HandshakeResult r = hs.receive(actTwo);
        String expected = outputs.get(1);
        if (expected.startsWith("ERROR")) {
            assertError(r, expected);
            assertThat(hs.hasFailed()).isTrue();
            return;
        }
        HandshakeResult.Complete done = (HandshakeResult.Complete) r;
        assertThat(Hex.encode(done.bytes())).isEqualTo(expected.substring(2));
        assertThat(Hex.encode(done.remoteStatic())).isEqualTo(v.first("rs.pub").substring(2));
        assertKeys(done.transport(), outputs.get(2), "sk,rk=");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responderCases")
    void responder(Bolt8Vectors.Case v) {
        Bolt8Handshake hs = Bolt8Handshake.responder(hex(v.first("ls.priv")), hex(v.first("e.priv")));
        assertThat(Hex.encode(hs.localStatic())).isEqualTo(v.first("ls.pub").replace("0x", ""));
        List<String> inputs = v.all("input");
        List<String> outputs = v.all("output");
        assertThat(hs.expectedLength()).isEqualTo(Bolt8Handshake.ACT_ONE_SIZE);
        HandshakeResult r1 = hs.receive(hex(inputs.get(0)));
        if (outputs.get(0).startsWith("ERROR")) {
            assertError(r1, outputs.get(0));
            assertThat(hs.hasFailed()).isTrue();
            return;
        }
        assertThat(Hex.encode(((HandshakeResult.Send) r1).bytes())).isEqualTo(outputs.get(0).substring(2));
        assertThat(hs.expectedLength()).isEqualTo(Bolt8Handshake.ACT_THREE_SIZE);
        HandshakeResult r3 = hs.receive(hex(inputs.get(1)));
        if (outputs.get(1).startsWith("ERROR")) {
            assertError(r3, outputs.get(1));
            assertThat(hs.hasFailed()).isTrue();
            return;
        }
        HandshakeResult.Complete done = (HandshakeResult.Complete) r3;
        assertThat(done.bytes()).isEmpty();
        assertThat(Hex.encode(done.remoteStatic()))
            .isEqualTo("034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa");
        assertKeys(done.transport(), outputs.get(1), "rk,sk=");
    }

    /**
     * {@code ERROR (NAME)} or {@code ERROR (NAME detail)}: the failure's reason is
     * NAME, and its detail is the vector's when the vector gives one (the bad
     * version byte).
     */
    private static void assertError(HandshakeResult r, String expected) {
        assertThat(expected).startsWith("ERROR (").endsWith(")");
        String[] parts = expected.substring("ERROR (".length(), expected.length() - 1).split(" ", 2);
        assertThat(r).isInstanceOf(HandshakeResult.Failed.class);
        HandshakeResult.Failed failed = (HandshakeResult.Failed) r;
        assertThat(failed.error().name()).isEqualTo(parts[0]);
        if (parts.length > 1) {
            assertThat(failed.detail()).isEqualTo(parts[1]);
        }
    }

    /**
     * Checks the session's keys against the vector's {@code sk,rk=} (or {@code rk,sk=})
     * by what they do: a session built from the expected keys must read what ours sends.
     */
    private static void assertKeys(Bolt8Transport ours, String output, String prefix) {
        assertThat(output).startsWith(prefix);
        String[] keys = output.substring(prefix.length()).split(",");
        byte[] first = hex(keys[0]);
        byte[] second = hex(keys[1]);
        byte[] sk = prefix.startsWith("sk") ? first : second;
        byte[] rk = prefix.startsWith("sk") ? second : first;
        byte[] ck = hex("0x919219dbb2920afa8db80f9a51787a840bcf111ed8d588caf9ab4be716e42b01");
        Bolt8Transport peer = Bolt8Transport.fromKeys(ck, rk, sk); // the other side: sends with our rk
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        assertThat(RoundTrip.deliver(ours, peer, hello)).isEqualTo(hello);
        assertThat(RoundTrip.deliver(peer, ours, hello)).isEqualTo(hello);
    }

    @Test
    void messageEncryptionAcrossKeyRotations() {
        Bolt8Vectors.Case v = Bolt8Vectors.load().cases().stream()
            .filter(c -> c.name().equals("transport-message test")).findFirst().orElseThrow();
        byte[] ck = hex(v.first("ck"));
        Bolt8Transport initiator = Bolt8Transport.fromKeys(ck, hex(v.first("sk")), hex(v.first("rk")));
        Bolt8Transport responder = Bolt8Transport.fromKeys(ck, hex(v.first("rk")), hex(v.first("sk")));
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        int checked = 0;
        for (int i = 0; i <= 1001; i++) {
            byte[] wire = initiator.encrypt(hello);
            int index = i;
            var expected = v.fields().stream().filter(f -> f.getKey().equals("output " + index)).findFirst();
            if (expected.isPresent()) {
                assertThat(Hex.encode(wire)).as("output " + i).isEqualTo(expected.get().getValue().substring(2));
                checked++;
            }
            assertThat(RoundTrip.read(responder, wire)).isEqualTo(hello);
        }
        assertThat(checked).isEqualTo(6); // messages 0, 1, 500, 501, 1000, 1001
    }
}
