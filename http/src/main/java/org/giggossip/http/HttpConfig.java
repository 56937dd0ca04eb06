package org.giggossip.http;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one {@link HttpService} listens and what it refuses. Plain HTTP is allowed only on a
 * loopback address unless {@code allowPlainHttp} says the operator wants it (behind a TLS
 * proxy, on a private network); anywhere else the service needs {@code tls}.
 *
 * @param listen                   the address to bind (port 0: any free port)
 * @param tls                      the PEM certificate chain and private key; empty: plain HTTP
 * @param allowPlainHttp           plain HTTP on a non-loopback address, on purpose
 * @param maxHeaderBytes           largest request line and headers (431 beyond)
 * @param maxBodyBytes             largest request body (413, refused before it is read when declared)
 * @param requestReadTimeout       how long a client has to send a whole request (line, headers, body)
 *                                 from connecting, or from the first byte of a later request on the
 *                                 connection; then it is closed (checked each quarter of it)
 * @param idleTimeout              longest silence on a connection
 * @param maxConnections           most connections open at once, in all (further ones wait to be accepted)
 * @param maxConnectionsPerAddress most connections open at once from one remote address (closed beyond)
 * @param maxStreams               most long-lived answers (event streams, long polls) at once, in all (503)
 * @param maxStreamsPerClient      most long-lived answers at once per client key (429)
 * @param retryAfter               the {@code Retry-After} of a 429 or 503 for a stream over its cap
 */
public record HttpConfig(InetSocketAddress listen, Optional<Tls> tls, boolean allowPlainHttp, int maxHeaderBytes,
        int maxBodyBytes, Duration requestReadTimeout, Duration idleTimeout, int maxConnections,
        int maxConnectionsPerAddress, int maxStreams, int maxStreamsPerClient, Duration retryAfter) {

    /** A PEM certificate chain (leaf first) and its PEM (PKCS#8) private key. */
    public record Tls(Path certificateChain, Path privateKey) {
        public Tls {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    public HttpConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(requestReadTimeout, "requestReadTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (maxHeaderBytes < 1024 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("header limit must be at least 1024 bytes, body limit positive");
        }
        if (!positive(requestReadTimeout) || !positive(idleTimeout) || !positive(retryAfter)) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxConnections < 1 || maxConnectionsPerAddress < 1 || maxStreams < 1 || maxStreamsPerClient < 1) {
            throw new IllegalArgumentException("connection and stream limits must be positive");
        }
    }

    /**
     * Plain HTTP on {@code listen}: 16 KiB headers, 256 KiB bodies, 10 s to send a request,
     * 60 s idle, 1024 connections (32 per address), 256 streams (8 per client), retry after 5 s.
     */
    public static HttpConfig defaults(InetSocketAddress listen) {
        return new HttpConfig(listen, Optional.empty(), false, 16 * 1024, 256 * 1024, Duration.ofSeconds(10),
                Duration.ofSeconds(60), 1024, 32, 256, 8, Duration.ofSeconds(5));
    }

    /**
     * Refuses, before anything binds, plain HTTP on an address that is not loopback when the
     * operator did not ask for it.
     *
     * @throws IllegalArgumentException with what to set instead
     */
    public void checkPlainHttp() {
        if (tls.isEmpty() && !allowPlainHttp && (listen.getAddress() == null
                || !listen.getAddress().isLoopbackAddress())) {
            throw new IllegalArgumentException("refusing plain HTTP on " + listen.getHostString()
                    + ", which is not a loopback address: set a TLS certificate and key (tls_cert, tls_key), "
                    + "listen on 127.0.0.1, or set allow_plain_http = true (behind a TLS proxy)");
        }
    }

    public HttpConfig withListen(InetSocketAddress l) {
        return new HttpConfig(l, tls, allowPlainHttp, maxHeaderBytes, maxBodyBytes, requestReadTimeout,
                idleTimeout, maxConnections, maxConnectionsPerAddress, maxStreams, maxStreamsPerClient, retryAfter);
    }

    public HttpConfig withTls(Tls t) {
        return new HttpConfig(listen, Optional.of(t), allowPlainHttp, maxHeaderBytes, maxBodyBytes,
                requestReadTimeout, idleTimeout, maxConnections, maxConnectionsPerAddress, maxStreams,
                maxStreamsPerClient, retryAfter);
    }

    public HttpConfig withAllowPlainHttp(boolean allow) {
        return new HttpConfig(listen, tls, allow, maxHeaderBytes, maxBodyBytes, requestReadTimeout, idleTimeout,
                maxConnections, maxConnectionsPerAddress, maxStreams, maxStreamsPerClient, retryAfter);
    }

    public HttpConfig withMaxHeaderBytes(int n) {
        return new HttpConfig(listen, tls, allowPlainHttp, n, maxBodyBytes, requestReadTimeout, idleTimeout,
                maxConnections, maxConnectionsPerAddress, maxStreams, maxStreamsPerClient, retryAfter);
    }

    public HttpConfig withMaxBodyBytes(int n) {
        return new HttpConfig(listen, tls, allowPlainHttp, maxHeaderBytes, n, requestReadTimeout, idleTimeout,
                maxConnections, maxConnectionsPerAddress, maxStreams, maxStreamsPerClient, retryAfter);
    }

    public HttpConfig withRequestReadTimeout(Duration d) {
        return new HttpConfig(listen, tls, allowPlainHttp, maxHeaderBytes, maxBodyBytes, d, idleTimeout,
                maxConnections, maxConnectionsPerAddress, maxStreams, maxStreamsPerClient, retryAfter);
    }

    public HttpConfig withIdleTimeout(Duration d) {
        return new HttpConfig(listen, tls, allowPlainHttp, maxHeaderBytes, maxBodyBytes, requestReadTimeout, d,
                maxConnections, maxConnectionsPerAddress, maxStreams, maxStreamsPerClient, retryAfter);
    }

    public HttpConfig withConnections(int total, int perAddress) {
        return new HttpConfig(listen, tls, allowPlainHttp, maxHeaderBytes, maxBodyBytes, requestReadTimeout,
                idleTimeout, total, perAddress, maxStreams, maxStreamsPerClient, retryAfter);
    }

    public HttpConfig withStreams(int total, int perClient) {
        return new HttpConfig(listen, tls, allowPlainHttp, maxHeaderBytes, maxBodyBytes, requestReadTimeout,
                idleTimeout, maxConnections, maxConnectionsPerAddress, total, perClient, retryAfter);
    }

    /** "https" with TLS, else "http". */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
