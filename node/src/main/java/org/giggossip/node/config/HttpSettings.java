package org.giggossip.node.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.giggossip.http.HttpConfig;

/**
 * The HTTP keys of a service section (the settler's {@code [settler]}): TLS from PEM files, plain
 * HTTP off loopback only on purpose, and the limits of {@link HttpConfig}, each with a default
 * that suits a service on the internet.
 *
 * <pre>
 * tls_cert = /etc/gg/fullchain.pem      ; PEM certificate chain, leaf first; with tls_key: HTTPS
 * tls_key = /etc/gg/privkey.pem         ; PEM PKCS#8 private key
 * allow_plain_http = false              ; true: plain HTTP on a non-loopback address (behind a TLS proxy)
 * max_header_bytes = 16384              ; request line and headers (431 beyond)
 * max_body_bytes = 262144               ; request body (413, refused before it is read)
 * request_read_timeout_s = 10           ; a whole request must arrive within this (slow clients are closed)
 * idle_timeout_s = 60                   ; longest silence on a connection
 * max_connections = 1024                ; open at once, in all
 * max_connections_per_address = 32      ; open at once from one remote address
 * max_streams = 256                     ; event streams and long polls at once, in all (503)
 * max_streams_per_client = 8            ; per client (its address, or its key for signed calls) (429)
 * </pre>
 */
public record HttpSettings(Optional<Path> tlsCert, Optional<Path> tlsKey, boolean allowPlainHttp,
        int maxHeaderBytes, int maxBodyBytes, Duration requestReadTimeout, Duration idleTimeout, int maxConnections,
        int maxConnectionsPerAddress, int maxStreams, int maxStreamsPerClient) {

    /** The keys read. */
    static final Set<String> KEYS = Set.of("tls_cert", "tls_key", "allow_plain_http", "max_header_bytes",
            "max_body_bytes", "request_read_timeout_s", "idle_timeout_s", "max_connections",
            "max_connections_per_address", "max_streams", "max_streams_per_client");

    /** The keys of {@code section}; tls_cert and tls_key come together or not at all. */
    static HttpSettings read(IniFile ini, IniValues v, String section) throws ConfigException {
        Optional<Path> cert = v.path(section, "tls_cert");
        Optional<Path> key = v.path(section, "tls_key");
        if (cert.isPresent() != key.isPresent()) {
            String present = cert.isPresent() ? "tls_cert" : "tls_key";
            throw new ConfigException(ini.file(), ini.get(section, present).orElseThrow().line(),
                    present + ": tls_cert and tls_key go together (a PEM certificate chain and its PEM private key)");
        }
        HttpConfig d = HttpConfig.defaults(new InetSocketAddress(0));
        return new HttpSettings(cert, key, v.bool(section, "allow_plain_http", false),
                (int) v.integer(section, "max_header_bytes", d.maxHeaderBytes(), 1024, 1 << 20),
                (int) v.integer(section, "max_body_bytes", d.maxBodyBytes(), 1024, 64 << 20),
                Duration.ofSeconds(v.integer(section, "request_read_timeout_s",
                        d.requestReadTimeout().toSeconds(), 1, 3600)),
                Duration.ofSeconds(v.integer(section, "idle_timeout_s", d.idleTimeout().toSeconds(), 1, 86_400)),
                (int) v.integer(section, "max_connections", d.maxConnections(), 1, 1_000_000),
                (int) v.integer(section, "max_connections_per_address", d.maxConnectionsPerAddress(), 1, 1_000_000),
                (int) v.integer(section, "max_streams", d.maxStreams(), 1, 1_000_000),
                (int) v.integer(section, "max_streams_per_client", d.maxStreamsPerClient(), 1, 1_000_000));
    }

    /** Every default: plain HTTP (on loopback only). */
    public static HttpSettings defaults() {
        HttpConfig d = HttpConfig.defaults(new InetSocketAddress(0));
        return new HttpSettings(Optional.empty(), Optional.empty(), false, d.maxHeaderBytes(), d.maxBodyBytes(),
                d.requestReadTimeout(), d.idleTimeout(), d.maxConnections(), d.maxConnectionsPerAddress(),
                d.maxStreams(), d.maxStreamsPerClient());
    }

    /** The server configuration for listening on {@code listen}. */
    public HttpConfig config(InetSocketAddress listen) {
        HttpConfig c = new HttpConfig(listen, Optional.empty(), allowPlainHttp, maxHeaderBytes, maxBodyBytes,
                requestReadTimeout, idleTimeout, maxConnections, maxConnectionsPerAddress, maxStreams,
                maxStreamsPerClient, HttpConfig.defaults(listen).retryAfter());
        return tlsCert.isPresent() ? c.withTls(new HttpConfig.Tls(tlsCert.get(), tlsKey.orElseThrow())) : c;
    }

    /** "https" with TLS, else "http". */
    public String scheme() {
        return tlsCert.isPresent() ? "https" : "http";
    }

    /** Writes the keys into {@code e}'s current section. */
    void effective(EffectiveSettings e) {
        e.set("tls_cert", tlsCert.map(Path::toString))
                .set("tls_key", tlsKey.map(Path::toString))
                .set("allow_plain_http", allowPlainHttp)
                .set("max_header_bytes", maxHeaderBytes)
                .set("max_body_bytes", maxBodyBytes)
                .set("request_read_timeout_s", requestReadTimeout.toSeconds())
                .set("idle_timeout_s", idleTimeout.toSeconds())
                .set("max_connections", maxConnections)
                .set("max_connections_per_address", maxConnectionsPerAddress)
                .set("max_streams", maxStreams)
                .set("max_streams_per_client", maxStreamsPerClient);
    }
}
