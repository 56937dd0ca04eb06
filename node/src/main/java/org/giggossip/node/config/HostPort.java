package org.giggossip.node.config;

import java.util.Optional;
import java.util.regex.Pattern;
import org.giggossip.core.crypto.PublicKey;

/**
 * A network address from the configuration: {@code host:port}, {@code [v6]:port}, or for a
 * peer {@code pubkey@host:port} (docs/architecture.md, "Transport"). Immutable.
 *
 * @param nodeId the peer's 32-byte x-only key when written as {@code pubkey@...}
 * @param host   a host name or IP literal (IPv6 without brackets)
 * @param port   0 to 65535; 0 (listen addresses only) lets the system pick
 */
public record HostPort(Optional<PublicKey> nodeId, String host, int port) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]{1,253}|[0-9A-Fa-f:.]{2,45}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** Checks the fields. */
    public HostPort {
        if (!HOST.matcher(host).matches() || port < 0 || port > 65535) {
            throw new IllegalArgumentException("bad address " + host + ":" + port);
        }
    }

    /**
     * Parses {@code text}; {@code allowNodeId} admits the {@code pubkey@} prefix, and
     * {@code allowZeroPort} a port of 0.
     *
     * @throws IllegalArgumentException with a message fit for a {@link ConfigException}
     */
    public static HostPort parse(String text, boolean allowNodeId, boolean allowZeroPort) {
        Optional<PublicKey> id = Optional.empty();
        String rest = text;
        int at = text.indexOf('@');
        if (at >= 0) {
            if (!allowNodeId) {
                throw new IllegalArgumentException("expected host:port, not pubkey@host:port");
            }
            String hex = text.substring(0, at);
            if (!HEX64.matcher(hex).matches()) {
                throw new IllegalArgumentException("node id before '@' must be 64 lower-case hex digits");
            }
            try {
                id = Optional.of(PublicKey.fromHex(hex));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("node id is not a point on secp256k1");
            }
            rest = text.substring(at + 1);
        }
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("expected [ipv6]:port");
            }
            host = rest.substring(1, close);
            port = rest.substring(close + 2);
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon <= 0 || rest.indexOf(':') != colon) {
                throw new IllegalArgumentException("expected host:port (write IPv6 as [addr]:port)");
            }
            host = rest.substring(0, colon);
            port = rest.substring(colon + 1);
        }
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("bad host '" + host + "'");
        }
        if (!port.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("bad port '" + port + "'");
        }
        int p = Integer.parseInt(port);
        if (p > 65535 || p == 0 && !allowZeroPort) {
            throw new IllegalArgumentException("port out of range: " + p);
        }
        return new HostPort(id, host, p);
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return nodeId.map(k -> k.hex() + "@").orElse("") + h + ":" + port;
    }
}
