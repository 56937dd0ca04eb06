package org.giggossip.net.dave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.DecodeError.Reason;
import org.giggossip.core.wire.Decoded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Go's {@code netip.AddrPort} text: what ParseAddrPort takes and what String writes. */
class AddrPortTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ' ', value = {
        "127.0.0.1:40000 127.0.0.1:40000",
        "0.0.0.0:0 0.0.0.0:0",
        "255.255.255.255:65535 255.255.255.255:65535",
        "1.2.3.4:0080 1.2.3.4:80",                                   // ParseUint takes leading zeros
        "[::1]:40000 [::1]:40000",
        "[::]:0 [::]:0",
        "[2001:0db8:0000:0000:0000:0000:0000:0001]:80 [2001:db8::1]:80",
        "[2001:db8:0:0:1:0:0:1]:1 [2001:db8::1:0:0:1]:1",            // tie: the first run
        "[1:0:0:2:0:0:0:3]:1 [1:0:0:2::3]:1",                        // the longest run
        "[2001:db8:0:1:1:1:1:1]:80 [2001:db8:0:1:1:1:1:1]:80",       // one zero group stays
        "[ABCD:EF::]:1 [abcd:ef::]:1",                               // lower case
        "[1::]:1 [1::]:1",
        "[::ffff:1.2.3.4]:5 [::ffff:1.2.3.4]:5",                     // IPv4-mapped
        "[::FFFF:102:304]:5 [::ffff:1.2.3.4]:5",
        "[::1.2.3.4]:1 [::102:304]:1",                               // IPv4-compatible is plain IPv6
        "[1:2:3:4:5:6:1.2.3.4]:1 [1:2:3:4:5:6:102:304]:1",
        "[fe80::1%eth0]:80 [fe80::1%eth0]:80",                       // the zone is kept
        "[fe80::1%a:b]:80 [fe80::1%a:b]:80",                         // Go takes any zone text
        "[0:0:0:0:0:0:0:0]:7 [::]:7",
        "[1:2:3:4:5:6:7:8]:9 [1:2:3:4:5:6:7:8]:9",
    })
    void parsesAndWritesAsGoDoes(String text, String canonical) {
        AddrPort a = AddrPort.parse(text).orElseThrow();
        assertThat(a.toString()).isEqualTo(canonical);
        assertThat(AddrPort.parse(canonical).orElseThrow()).isEqualTo(a);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "localhost:80", "example.org:1", "1.2.3.4", "1.2.3.4:", ":80", "1.2.3.4:65536", "1.2.3.4:99999999999",
        "01.2.3.4:80", "1.2.3.256:80", "1.2.3:80", "1.2.3.4.5:80", "1..3.4:80", ".1.2.3:4", "1.2.3.4.:5",
        "1.2.3.4:-1", "1.2.3.4:+80", "1.2.3.4: 80", " 1.2.3.4:80", "1.2.3.4%eth0:80", "[1.2.3.4]:80",
        "::1:80", "[::1]80", "[::1:80", "::1]:80", "[]:80", "[fe80::1%]:80", "[%eth0]:1", "[1::2::3]:1",
        "[12345::]:1", "[1:2:3:4:5:6:7:8:9]:1", "[1:2:3:4:5:6:7::8]:1", "[1:2:3:4:5:6:7]:1", "[1:]:1",
        "[:1]:1", "[1:2:3:4:5:6:7:1.2.3.4]:1", "[1.2.3.4::]:1", "[::ffff:01.2.3.4]:1", "[g::]:1",
        "[\u0661::]:1", "1.2.3.\u0664:1", "1.2.3.4:\u0668\u0660",
    })
    void refusesWhatGoRefuses(String text) {
        Decoded<AddrPort> d = AddrPort.parse(text);
        assertThat(d.isOk()).as("%s parsed as %s", text, d).isFalse();
        assertThat(d.errorIfAny().orElseThrow().reason()).isEqualTo(Reason.INVALID_VALUE);
    }

    @Test
    void boundsTheTextAndTakesNoNull() {
        assertThat(AddrPort.parse("1.2.3.4:" + "0".repeat(200) + "1").errorIfAny().orElseThrow().reason())
                .isEqualTo(Reason.TOO_LARGE);
        assertThat(AddrPort.parse(null).isOk()).isFalse();
        assertThat(AddrPort.parse("1.2.3.4:1x").errorIfAny().orElseThrow().detail()).contains("1.2.3.4:1x");
    }

    @Test
    void mappedAddressesUnmap() {
        AddrPort mapped = AddrPort.parse("[::ffff:10.0.0.1]:9").orElseThrow();
        assertThat(mapped.is4In6()).isTrue();
        assertThat(mapped.is4()).isFalse();
        assertThat(mapped.unmap().toString()).isEqualTo("10.0.0.1:9");
        AddrPort v6 = AddrPort.parse("[::1]:9").orElseThrow();
        assertThat(v6.unmap()).isSameAs(v6);
    }

    @Test
    void convertsToAndFromSocketAddresses() throws Exception {
        for (String s : new String[] {"127.0.0.1:40000", "[::1]:40000", "[2001:db8::5]:1"}) {
            AddrPort a = AddrPort.parse(s).orElseThrow();
            InetSocketAddress isa = a.toInetSocketAddress().orElseThrow();
            assertThat(isa.getPort()).isEqualTo(a.port());
            assertThat(isa.getAddress().getAddress()).isEqualTo(a.ip());
            assertThat(AddrPort.of(isa)).isEqualTo(a);
        }
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5);
        assertThat(AddrPort.of(local).toString()).isEqualTo("127.0.0.1:5");
        assertThat(AddrPort.parse("[fe80::1%9]:1").orElseThrow().toInetSocketAddress()).isPresent();
        assertThat(AddrPort.parse("[fe80::1%no-such-interface]:1").orElseThrow().toInetSocketAddress()).isEmpty();
        assertThatThrownBy(() -> AddrPort.of(InetSocketAddress.createUnresolved("example.org", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddrPort.of(new byte[5], "", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddrPort.of(new byte[4], "z", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddrPort.of(new byte[4], "", 65536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 2000)
    void everyAddressRoundTripsThroughItsText(@ForAll @Size(value = 16) byte[] ip16, @ForAll boolean v4,
            @ForAll @IntRange(max = 65535) int port, @ForAll @IntRange(max = 7) int zeroFrom,
            @ForAll @IntRange(max = 8) int zeros) throws Exception {
        // Runs of zero groups, so that "::" is written in every place.
        for (int g = zeroFrom; g < Math.min(8, zeroFrom + zeros); g++) {
            ip16[2 * g] = 0;
            ip16[2 * g + 1] = 0;
        }
        byte[] ip = v4 ? java.util.Arrays.copyOf(ip16, 4) : ip16;
        AddrPort a = AddrPort.of(ip, "", port);
        String text = a.toString();
        assertThat(AddrPort.parse(text).orElseThrow()).isEqualTo(a);
        assertThat(text).doesNotContain(":::").isEqualTo(text.toLowerCase());
        if (!v4) {
            assertThat(text).startsWith("[");
            String host = text.substring(1, text.lastIndexOf(']'));
            assertThat(host.split("::", -1).length).isLessThanOrEqualTo(2);
            // Java's own parser agrees on the bytes (it writes no "::", so it checks our parser, not our writer).
            InetAddress j = InetAddress.getByName(host);
            byte[] expected = j.getAddress();
            if (expected.length == 4) { // Java unmaps ::ffff:a.b.c.d
                assertThat(a.is4In6()).isTrue();
                assertThat(Hex.encode(ip).substring(24)).isEqualTo(Hex.encode(expected));
            } else {
                assertThat(expected).isEqualTo(ip);
            }
        }
    }
}
