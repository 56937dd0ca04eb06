package org.giggossip.lightning.lnd;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.giggossip.core.util.Hex;

/**
 * Where and how to reach an lnd node over gRPC: its host and RPC port (lnd's
 * {@code rpclisten}, 10009 by default), its TLS certificate ({@code tls.cert}),
 * the macaroon to authenticate with ({@code admin.macaroon}: the wallet creates,
 * settles and cancels invoices and sends payments, which the invoice and
 * read-only macaroons do not allow), the directory where the wallet keeps the
 * payment hashes it tracks ({@link LndWalletStore}), how long one call may take,
 * and the longest pause between two reconnection attempts.
 *
 * <p>The constructor checks the values; {@link #readCredentials()} reads and checks
 * the files, each failure with a message naming the file and what is wrong.
 */
public record LndConfig(String host, int port, Path tlsCertificate, Path macaroon, Path stateDirectory,
        Duration callTimeout, Duration maxBackoff) {

    /** lnd's default gRPC port. */
    public static final int DEFAULT_PORT = 10009;
    /** A default for {@link #callTimeout}. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    /** A default for {@link #maxBackoff}. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    /** A macaroon is a few hundred bytes; anything this large is not one. */
    static final long MAX_MACAROON_BYTES = 64 * 1024;
    /** lnd's certificate is a few hundred bytes of PEM; refuse files far larger before reading them. */
    static final long MAX_CERTIFICATE_BYTES = 256 * 1024;

    public LndConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tlsCertificate, "tlsCertificate");
        Objects.requireNonNull(macaroon, "macaroon");
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (host.isBlank()) {
            throw new IllegalArgumentException("lnd host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("lnd port must be 1 to 65535: " + port);
        }
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("lnd call timeout must be positive: " + callTimeout);
        }
        if (maxBackoff.isNegative() || maxBackoff.isZero()) {
            throw new IllegalArgumentException("lnd reconnection backoff must be positive: " + maxBackoff);
        }
    }

    /** A configuration with the default timeout and backoff. */
    public static LndConfig of(String host, int port, Path tlsCertificate, Path macaroon, Path stateDirectory) {
        return new LndConfig(host, port, tlsCertificate, macaroon, stateDirectory, DEFAULT_CALL_TIMEOUT,
                DEFAULT_MAX_BACKOFF);
    }

    /** The certificates to trust and the macaroon to send, read from the configured files. */
    record Credentials(List<X509Certificate> certificates, String macaroonHex) {}

    /**
     * Reads the TLS certificate (PEM, one or more X.509 certificates) and the
     * macaroon (binary, as lnd writes it). Throws {@link IllegalArgumentException}
     * naming the file if it is missing, unreadable, too large, empty, or not a
     * certificate.
     */
    Credentials readCredentials() {
        byte[] pem = readBounded(tlsCertificate, "lnd TLS certificate", MAX_CERTIFICATE_BYTES);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                certificates.add((X509Certificate) c);
            }
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("lnd TLS certificate " + tlsCertificate
                    + " is not a PEM X.509 certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("lnd TLS certificate " + tlsCertificate + " holds no certificate");
        }
        byte[] mac = readBounded(macaroon, "lnd macaroon", MAX_MACAROON_BYTES);
        return new Credentials(List.copyOf(certificates), Hex.encode(mac));
    }

    private static byte[] readBounded(Path file, String what, long max) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(what + " " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " " + file + " is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " " + file + " is not readable (check its permissions)");
        }
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new IllegalArgumentException(what + " " + file + " is empty");
            }
            if (size > max) {
                throw new IllegalArgumentException(what + " " + file + " is " + size + " bytes, more than "
                        + max + ": not a " + what);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
