package org.giggossip.net.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.testing.TestRandom;
import org.junit.jupiter.api.Test;

/** {@code pubkey@host:port}: round trips and the reasons for refusals. */
class PeerAddressTest {
    private static final PublicKey ID = PrivateKey.generate(TestRandom.seeded(1)).publicKey();
    private static final String HEX = ID.hex();

    @Test
    void roundTripsIpv4NamesAndBracketedIpv6() {
        for (String text : new String[] {HEX + "@127.0.0.1:9735", HEX + "@node-1.example.org:1",
            HEX + "@[::1]:65535", HEX + "@[2001:db8::7]:40000"}) {
            PeerAddress a = PeerAddress.of(text);
            assertThat(a.id()).isEqualTo(ID);
            assertThat(a.toString()).isEqualTo(text);
        }
        assertThat(PeerAddress.of(HEX + "@[::1]:9").host()).isEqualTo("::1");
        assertThat(PeerAddress.of(HEX + "@[::1]:9").port()).isEqualTo(9);
    }

    @Test
    void refusalsStateTheReason() {
        assertThat(reason(null)).contains("no address");
        assertThat(reason("127.0.0.1:9735")).contains("64 hex digits");
        assertThat(reason("zz".repeat(32) + "@h:1")).contains("not a valid x-only public key");
        assertThat(reason("ff".repeat(32) + "@h:1")).contains("not a valid x-only public key");
        assertThat(reason(HEX + "@host")).contains("host:port");
        assertThat(reason(HEX + "@::1:9735")).contains("bracketed");
        assertThat(reason(HEX + "@[::1]9735")).contains("[host]:port");
        assertThat(reason(HEX + "@[host]:1")).contains("IPv6");
        assertThat(reason(HEX + "@:1")).contains("bad host");
        assertThat(reason(HEX + "@a/b:1")).contains("bad host");
        assertThat(reason(HEX + "@" + "a".repeat(254) + ":1")).contains("bad host");
        assertThat(reason(HEX + "@h:0")).contains("out of range");
        assertThat(reason(HEX + "@h:65536")).contains("out of range");
        assertThat(reason(HEX + "@h:")).contains("decimal digits");
        assertThat(reason(HEX + "@h:+80")).contains("decimal digits");
        assertThat(reason(HEX + "@h:123456")).contains("decimal digits");
        assertThat(PeerAddress.parse(HEX + "@" + "a".repeat(253) + ":1")).isInstanceOf(PeerAddress.Parsed.Ok.class);
    }

    @Test
    void constructorAndOfThrowWithTheReason() {
        assertThatThrownBy(() -> new PeerAddress(ID, "", 1)).hasMessageContaining("bad host");
        assertThatThrownBy(() -> new PeerAddress(ID, "h", 70000)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> PeerAddress.of(HEX + "@h:0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of range");
    }

    private static String reason(String text) {
        PeerAddress.Parsed p = PeerAddress.parse(text);
        assertThat(p).isInstanceOf(PeerAddress.Parsed.Invalid.class);
        return ((PeerAddress.Parsed.Invalid) p).reason();
    }
}
