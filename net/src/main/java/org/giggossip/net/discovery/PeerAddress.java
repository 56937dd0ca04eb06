package org.giggossip.net.discovery;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.util.Hex;

/**
 * A peer's identity and where it listens, written {@code pubkey@host:port}
 * (docs/architecture.md, Transport): 64 hex digits of the x-only key, a host name or IP
 * literal, a port. An IPv6 literal is bracketed, {@code [::1]:9735}, as Go's
 * {@code netip.AddrPort} writes it (specs/dave-v1.md, Transport).
 *
 * @param id   the peer's x-only identity key, which the BOLT 8 handshake authenticates
 * @param host 1 to {@value #MAX_HOST_LENGTH} letters, digits, '.', '-', '_' or ':'
 * @param port 1 to 65535
 */
public record PeerAddress(PublicKey id, String host, int port) {
    /** Longest host name (RFC 1035); the same bound as the node's address book. */
    public static final int MAX_HOST_LENGTH = 253;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_HOST_LENGTH + "}");
    private static final int HEX_ID_LENGTH = 2 * PublicKey.SIZE;

    /** Checks the host and port; throws {@link IllegalArgumentException} with the reason. */
    public PeerAddress {
        Objects.requireNonNull(id, "id");
        hostProblem(host).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Why {@code host} is not a valid host, or empty if it is. Never throws. */
    public static Optional<String> hostProblem(String host) {
        if (host == null || !HOST.matcher(host).matches()) {
            return Optional.of("bad host (1 to " + MAX_HOST_LENGTH + " of letters, digits, '.', '-', '_', ':')");
        }
        return Optional.empty();
    }

    /**
     * True for a wildcard ("any address") host such as {@code 0.0.0.0} or {@code ::}: where a
     * node binds to listen on every interface, never an address another node can dial.
     */
    public static boolean isWildcard(String host) {
        return host != null && !host.isEmpty() && host.chars().allMatch(c -> c == '0' || c == '.' || c == ':');
    }

    /** The result of {@link #parse}: an address, or why the text is not one. */
    public sealed interface Parsed {
        /** Well-formed text. */
        record Ok(PeerAddress address) implements Parsed {}

        /** Text that is not an address; {@code reason} is for a message to the user or a log line. */
        record Invalid(String reason) implements Parsed {}
    }

    /** Parses {@code hex64@host:port} or {@code hex64@[v6]:port}; never throws. */
    public static Parsed parse(String text) {
        if (text == null) {
            return new Parsed.Invalid("no address");
        }
        int at = text.indexOf('@');
        if (at != HEX_ID_LENGTH) {
            return new Parsed.Invalid("expected 64 hex digits of the public key before '@'");
        }
        Optional<PublicKey> id = Hex.tryDecode(text.substring(0, at)).flatMap(PublicKey::parse);
        if (id.isEmpty()) {
            return new Parsed.Invalid("not a valid x-only public key: " + text.substring(0, at));
        }
        String rest = text.substring(at + 1);
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf("]:");
            if (close < 0) {
                return new Parsed.Invalid("expected [host]:port after '@'");
            }
            host = rest.substring(1, close);
            port = rest.substring(close + 2);
            if (host.indexOf(':') < 0) {
                return new Parsed.Invalid("brackets are for IPv6 literals only");
            }
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                return new Parsed.Invalid("expected host:port after '@'");
            }
            host = rest.substring(0, colon);
            port = rest.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                return new Parsed.Invalid("an IPv6 literal must be bracketed: [host]:port");
            }
        }
        Optional<String> hostProblem = hostProblem(host);
        if (hostProblem.isPresent()) {
            return new Parsed.Invalid(hostProblem.get());
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new Parsed.Invalid("port is not 1 to 5 decimal digits: " + port);
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            return new Parsed.Invalid("port out of range: " + p);
        }
        return new Parsed.Ok(new PeerAddress(id.get(), host, p));
    }

    /** Like {@link #parse} but throws {@link IllegalArgumentException} with the reason; for configuration. */
    public static PeerAddress of(String text) {
        return switch (parse(text)) {
            case Parsed.Ok ok -> ok.address();
            case Parsed.Invalid invalid -> throw new IllegalArgumentException(invalid.reason());
        };
    }

    /** {@code pubkey@host:port}, an IPv6 host bracketed; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return id.hex() + "@" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
