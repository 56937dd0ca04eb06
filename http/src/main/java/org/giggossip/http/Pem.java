package org.giggossip.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A TLS key store made in memory from a PEM certificate chain and a PEM PKCS#8 private key. */
public final class Pem {
    /** The alias of the one entry, and its in-memory password. */
    static final String ALIAS = "server";
    static final char[] PASSWORD = "in-memory".toCharArray();

    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private Pem() {}

    /**
     * A PKCS#12 key store holding the key of {@code keyFile} with the chain of {@code chainFile}.
     *
     * @throws IOException when a file cannot be read or holds no certificate or no PKCS#8 key
     */
    public static KeyStore keyStore(Path chainFile, Path keyFile) throws IOException {
        List<Certificate> chain = certificates(Files.readAllBytes(chainFile), chainFile);
        PrivateKey key = privateKey(Files.readString(keyFile, StandardCharsets.US_ASCII), keyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, PASSWORD, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException("the key of " + keyFile + " does not go with the certificate of " + chainFile
                    + ": " + e.getMessage(), e);
        }
    }

    static List<Certificate> certificates(byte[] pem, Path source) throws IOException {
        try {
            List<Certificate> chain = List.copyOf(
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)));
            if (chain.isEmpty()) {
                throw new IOException(source + " holds no PEM certificate");
            }
            return chain;
        } catch (GeneralSecurityException e) {
            throw new IOException(source + " is not a PEM certificate chain: " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(String pem, Path source) throws IOException {
        Matcher m = PRIVATE_KEY.matcher(pem);
        if (!m.find()) {
            throw new IOException(source + " holds no PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----); "
                    + "convert one with: openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": the private key is not base64", e);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("EC", "RSA", "Ed25519", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IOException(source + ": the private key is not an EC, RSA or Ed25519 PKCS#8 key");
    }
}
