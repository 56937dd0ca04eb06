package org.giggossip.net.dave;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.giggossip.core.wire.DecodeError.Reason;
import org.giggossip.core.wire.Decoded;

/**
 * An IP address and port in the text form of Go's {@code netip.AddrPort}, the
 * form Dave writes addresses in (dave-v1.md, Transport): {@code 127.0.0.1:40000},
 * {@code [::1]:40000}, {@code [::ffff:1.2.3.4]:40000}, {@code [fe80::1%eth0]:40000}.
 *
 * <p>{@link #parse} accepts exactly what Go's {@code netip.ParseAddrPort} (Go 1.22)
 * accepts, so an address a Go node writes is never refused and one it would refuse
 * is never sent: IPv4 in four decimal octets without leading zeros; IPv6 in square
 * brackets with hex groups of at most four digits, one {@code ::}, an optional
 * trailing dotted IPv4, and an optional non-empty zone after {@code %} (Go keeps
 * the zone, so we do too; {@link #toInetSocketAddress} resolves it only if it names
 * an interface of this host or is a number); the port in decimal up to 65535, leading
 * zeros allowed as Go's {@code strconv.ParseUint} allows them. Host names are refused.
 * Our one addition is a bound: text longer than {@link #MAX_TEXT} characters is refused
 * before it is looked at.
 *
 * <p>{@link #toString} writes Go's canonical form (RFC 5952: lower case, the first
 * longest run of two or more zero groups as {@code ::}, IPv4-mapped addresses as
 * {@code ::ffff:a.b.c.d}), so {@code parse(s).toString()} is how two texts of one
 * address are compared.
 */
public final class AddrPort {
    /** Longest text {@link #parse} looks at; a bracketed full IPv6 with port is 47 characters. */
    public static final int MAX_TEXT = 128;

    private static final byte[] V4_IN_V6_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private final byte[] ip;
    private final String zone;
    private final int port;

    private AddrPort(byte[] ip, String zone, int port) {
        this.ip = ip;
        this.zone = zone;
        this.port = port;
    }

    /**
     * An address from its bytes: 4 (IPv4) or 16 (IPv6), a zone (empty for none;
     * IPv6 only) and a port in 0..65535.
     *
     * @throws IllegalArgumentException if one of them is out of range
     */
    public static AddrPort of(byte[] ip, String zone, int port) {
        Objects.requireNonNull(zone, "zone");
        if (ip.length != 4 && ip.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + ip.length);
        }
        if (ip.length == 4 && !zone.isEmpty()) {
            throw new IllegalArgumentException("an IPv4 address has no zone");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
        return new AddrPort(ip.clone(), zone, port);
    }

    /**
     * The address of a resolved socket address; an IPv6 scope becomes the zone
     * (the interface name if Java knows it, else the scope number).
     *
     * @throws IllegalArgumentException if {@code address} is unresolved
     */
    public static AddrPort of(InetSocketAddress address) {
        InetAddress a = address.getAddress();
        if (a == null) {
            throw new IllegalArgumentException("unresolved address " + address.getHostString());
        }
        String zone = "";
        if (a instanceof Inet6Address v6) {
            if (v6.getScopedInterface() != null) {
                zone = v6.getScopedInterface().getName();
            } else if (v6.getScopeId() != 0) {
                zone = Integer.toString(v6.getScopeId());
            }
        }
        return of(a.getAddress(), zone, address.getPort());
    }

    /** Parses Go's {@code netip.AddrPort} text; never throws. */
    public static Decoded<AddrPort> parse(String s) {
        if (s == null) {
            return Decoded.err(Reason.INVALID_VALUE, "no address");
        }
        if (s.length() > MAX_TEXT) {
            return Decoded.err(Reason.TOO_LARGE, "address text of " + s.length() + " characters, at most " + MAX_TEXT);
        }
        // splitAddrPort: the port follows the last colon.
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            return bad(s, "not an ip:port");
        }
        String host = s.substring(0, colon);
        String portText = s.substring(colon + 1);
        if (host.isEmpty()) {
            return bad(s, "no IP");
        }
        if (portText.isEmpty()) {
            return bad(s, "no port");
        }
        boolean bracketed = false;
        if (host.charAt(0) == '[') {
            if (host.length() < 2 || host.charAt(host.length() - 1) != ']') {
                return bad(s, "missing ]");
            }
            host = host.substring(1, host.length() - 1);
            bracketed = true;
        }
        int port = 0;
        for (int i = 0; i < portText.length(); i++) {
            char c = portText.charAt(i);
            if (c < '0' || c > '9') {
                return bad(s, "invalid port");
            }
            port = port * 10 + (c - '0');
            if (port > 65535) {
                return bad(s, "invalid port");
            }
        }
        Parsed addr = parseAddr(host);
        if (addr.error != null) {
            return bad(s, addr.error);
        }
        if (bracketed && addr.ip.length == 4) {
            return bad(s, "square brackets can only be used with IPv6 addresses");
        }
        if (!bracketed && addr.ip.length == 16) {
            return bad(s, "IPv6 addresses must be surrounded by square brackets");
        }
        return Decoded.ok(new AddrPort(addr.ip, addr.zone, port));
    }

    private static Decoded<AddrPort> bad(String s, String why) {
        return Decoded.err(Reason.INVALID_VALUE, "address \"" + s + "\": " + why);
    }

    /** An address or why not: the result of Go's {@code ParseAddr}. */
    private record Parsed(byte[] ip, String zone, String error) {
        static Parsed error(String why) {
            return new Parsed(null, "", why);
        }
    }

    /** Go's {@code netip.ParseAddr}: the first '.', ':' or '%' decides the family. */
    private static Parsed parseAddr(String s) {
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case '.' -> {
                    return parseIpv4(s);
                }
                case ':' -> {
                    return parseIpv6(s);
                }
                case '%' -> {
                    return Parsed.error("missing IPv6 address");
                }
                default -> { }
            }
        }
        return Parsed.error("unable to parse IP");
    }

    private static Parsed parseIpv4(String s) {
        byte[] fields = new byte[4];
        int val = 0;
        int pos = 0;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 1 && val == 0) {
                    return Parsed.error("IPv4 field has octet with leading zero");
                }
                val = val * 10 + (c - '0');
                digits++;
                if (val > 255) {
                    return Parsed.error("IPv4 field has value >255");
                }
            } else if (c == '.') {
                if (i == 0 || i == s.length() - 1 || s.charAt(i - 1) == '.') {
                    return Parsed.error("IPv4 field must have at least one digit");
                }
                if (pos == 3) {
                    return Parsed.error("IPv4 address too long");
                }
                fields[pos++] = (byte) val;
                val = 0;
                digits = 0;
            } else {
                return Parsed.error("unexpected character in IPv4 address");
            }
        }
        if (pos < 3) {
            return Parsed.error("IPv4 address too short");
        }
        fields[3] = (byte) val;
        return new Parsed(fields, "", null);
    }

    private static Parsed parseIpv6(String in) {
        String s = in;
        String zone = "";
        int percent = s.indexOf('%');
        if (percent >= 0) {
            zone = s.substring(percent + 1);
            s = s.substring(0, percent);
            if (zone.isEmpty()) {
                return Parsed.error("zone must be a non-empty string");
            }
        }
        byte[] ip = new byte[16];
        int ellipsis = -1;
        if (s.startsWith("::")) {
            ellipsis = 0;
            s = s.substring(2);
            if (s.isEmpty()) {
                return new Parsed(ip, zone, null);
            }
        }
        int i = 0;
        while (i < 16) {
            int off = 0;
            int acc = 0;
            for (; off < s.length(); off++) {
                int d = Character.digit(s.charAt(off), 16);
                if (d < 0 || s.charAt(off) > 'f') { // Character.digit also takes non-ASCII digits
                    break;
                }
                acc = (acc << 4) + d;
                if (off > 3) {
                    return Parsed.error("each group must have 4 or less digits");
                }
            }
            if (off == 0) {
                return Parsed.error("each colon-separated field must have at least one digit");
            }
            if (off < s.length() && s.charAt(off) == '.') {
                if (ellipsis < 0 && i != 12) {
                    return Parsed.error("embedded IPv4 address must replace the final 2 fields of the address");
                }
                if (i + 4 > 16) {
                    return Parsed.error("too many hex fields to fit an embedded IPv4 at the end of the address");
                }
                Parsed v4 = parseIpv4(s);
                if (v4.error != null) {
                    return v4;
                }
                System.arraycopy(v4.ip, 0, ip, i, 4);
                s = "";
                i += 4;
                break;
            }
            ip[i] = (byte) (acc >> 8);
            ip[i + 1] = (byte) acc;
            i += 2;
            s = s.substring(off);
            if (s.isEmpty()) {
                break;
            }
            if (s.charAt(0) != ':') {
                return Parsed.error("unexpected character, want colon");
            } else if (s.length() == 1) {
                return Parsed.error("colon must be followed by more characters");
            }
            s = s.substring(1);
            if (s.charAt(0) == ':') {
                if (ellipsis >= 0) {
                    return Parsed.error("multiple :: in address");
                }
                ellipsis = i;
                s = s.substring(1);
                if (s.isEmpty()) {
                    break;
                }
            }
        }
        if (!s.isEmpty()) {
            return Parsed.error("trailing garbage after address");
        }
        if (i < 16) {
            if (ellipsis < 0) {
                return Parsed.error("address string too short");
            }
            int n = 16 - i;
            System.arraycopy(ip, ellipsis, ip, ellipsis + n, i - ellipsis);
            Arrays.fill(ip, ellipsis, ellipsis + n, (byte) 0);
        } else if (ellipsis >= 0) {
            return Parsed.error("the :: must expand to at least one field of zeros");
        }
        return new Parsed(ip, zone, null);
    }

    /** The address: 4 bytes (IPv4) or 16 (IPv6, IPv4-mapped included). */
    public byte[] ip() {
        return ip.clone();
    }

    /** The IPv6 zone, empty if none. */
    public String zone() {
        return zone;
    }

    /** The port, 0..65535. */
    public int port() {
        return port;
    }

    /** Whether this is an IPv4 address (not an IPv4-mapped IPv6 one). */
    public boolean is4() {
        return ip.length == 4;
    }

    /** Whether this is an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}). */
    public boolean is4In6() {
        return ip.length == 16 && Arrays.equals(ip, 0, 12, V4_IN_V6_PREFIX, 0, 12);
    }

    /**
     * The same endpoint with an IPv4-mapped address as plain IPv4 (Go's {@code Unmap}),
     * so that a peer seen over a dual-stack socket and one written as IPv4 are one peer.
     */
    public AddrPort unmap() {
        return is4In6() ? new AddrPort(Arrays.copyOfRange(ip, 12, 16), "", port) : this;
    }

    /**
     * The socket address to send to; empty if the zone names no interface of this
     * host (a zone only means something on the host that wrote it).
     */
    public Optional<InetSocketAddress> toInetSocketAddress() {
        try {
            InetAddress a;
            if (zone.isEmpty()) {
                a = InetAddress.getByAddress(ip);
            } else if (zone.chars().allMatch(c -> c >= '0' && c <= '9') && zone.length() < 10) {
                a = Inet6Address.getByAddress(null, ip, Integer.parseInt(zone));
            } else {
                NetworkInterface nif = NetworkInterface.getByName(zone);
                if (nif == null) {
                    return Optional.empty();
                }
                a = Inet6Address.getByAddress(null, ip, nif);
            }
            // Java turns 16 mapped bytes into an Inet4Address; either sends to the same endpoint.
            return Optional.of(new InetSocketAddress(a, port));
        } catch (UnknownHostException | SocketException e) {
            return Optional.empty();
        }
    }

    /** Go's {@code AddrPort.String()}: {@code 1.2.3.4:5}, {@code [::1]:5}, {@code [::ffff:1.2.3.4%z]:5}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(48);
        if (ip.length == 4) {
            appendV4(b, ip, 0);
        } else {
            b.append('[');
            if (is4In6()) {
                b.append("::ffff:");
                appendV4(b, ip, 12);
            } else {
                appendV6(b);
            }
            if (!zone.isEmpty()) {
                b.append('%').append(zone);
            }
            b.append(']');
        }
        return b.append(':').append(port).toString();
    }

    private static void appendV4(StringBuilder b, byte[] ip, int from) {
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                b.append('.');
            }
            b.append(ip[from + i] & 0xff);
        }
    }

    private int group(int i) {
        return (ip[2 * i] & 0xff) << 8 | (ip[2 * i + 1] & 0xff);
    }

    /** Go's {@code appendTo6}: the first longest run of at least two zero groups becomes "::". */
    private void appendV6(StringBuilder b) {
        int zeroStart = -1;
        int zeroLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && group(j) == 0) {
                j++;
            }
            if (j - i > zeroLength) {
                zeroStart = i;
                zeroLength = j - i;
            }
        }
        for (int i = 0; i < 8; i++) {
            if (i == zeroStart) {
                b.append("::");
                i += zeroLength;
                if (i >= 8) {
                    break;
                }
            } else if (i > 0) {
                b.append(':');
            }
            b.append(Integer.toHexString(group(i)));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddrPort a && port == a.port && zone.equals(a.zone) && Arrays.equals(ip, a.ip);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(ip) + zone.hashCode()) + port;
    }
}
