package org.giggossip.settler.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.Signer;
import org.giggossip.settler.auth.RequestSigner;
import org.giggossip.settler.http.SettlerJson;

/**
 * The low-level client of a settler's HTTP API: signed JSON POSTs and unsigned
 * GETs over {@link HttpClient}, with a connect timeout and a per-request timeout,
 * and answers read up to {@value #MAX_ANSWER_BYTES} bytes. Thread-safe.
 */
public final class SettlerHttp implements AutoCloseable {
    /** The largest answer read (a full revocation list is under 1 MB). */
    public static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;
    /** The default connect and request timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    /** An answer: its status and JSON body (an {@code {"error"}} text node if the body was not JSON). */
    public record Answer(int status, JsonNode body) {
        /** The error reason of a non-2xx answer. */
        public String error() {
            return body.path("error").asText("(no reason given)");
        }

        /** The body of a 2xx answer. */
        public JsonNode orThrow() throws SettlerHttpException {
            if (status / 100 != 2) {
                throw new SettlerHttpException(status, error());
            }
            return body;
        }
    }

    private static final ObjectMapper READER = new ObjectMapper();

    private final URI base;
    private final String basePath;
    private final RequestSigner signer;
    private final HttpClient client;
    private final Duration timeout;

    /** A client of the settler at {@code base} signing with {@code key}, with the default timeout. */
    public SettlerHttp(URI base, PrivateKey key) {
        this(base, new RequestSigner(Signer.of(key, new SecureRandom()), Clock.systemUTC(), new SecureRandom()),
                DEFAULT_TIMEOUT);
    }

    /**
     * @param base    the settler's base URI, e.g. {@code http://127.0.0.1:8740}
     * @param signer  signs requests
     * @param timeout connect timeout and default request timeout
     */
    public SettlerHttp(URI base, RequestSigner signer, Duration timeout) {
        this.base = Objects.requireNonNull(base, "base");
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException("the settler URI must be http or https: " + base);
        }
        String p = base.getRawPath() == null ? "" : base.getRawPath();
        this.basePath = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        this.signer = Objects.requireNonNull(signer, "signer");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The key requests are signed with. */
    public PublicKey key() {
        return signer.publicKey();
    }

    /** The settler's base URI. */
    public URI base() {
        return base;
    }

    /** A signed POST of {@code body} (an {@code ApiBodies} record or any JSON value) with the default timeout. */
    public Answer post(String path, Object body) throws IOException, InterruptedException {
        return post(path, body, timeout);
    }

    /** A signed POST of {@code body}, waiting at most {@code requestTimeout} for the answer. */
    public Answer post(String path, Object body, Duration requestTimeout) throws IOException, InterruptedException {
        byte[] bytes = SettlerJson.MAPPER.writeValueAsBytes(body);
        String full = basePath + path;
        HttpRequest request = HttpRequest.newBuilder(base.resolve(full)).timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Authorization", signer.authorization("POST", full, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return send(request);
    }

    /**
     * A new certificate of this client's key from {@code /v1/certificates/issue},
     * checked to be signed by {@code settler} and to certify this key.
     */
    public org.giggossip.core.wire.Certificate issueCertificate(PublicKey settler)
            throws IOException, InterruptedException {
        JsonNode issued = post("/v1/certificates/issue", new org.giggossip.settler.http.ApiBodies.Empty()).orThrow();
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(issued.path("certificate").asText());
        } catch (IllegalArgumentException e) {
            throw new IOException("the settler's certificate is not base64");
        }
        if (!(org.giggossip.core.wire.Certificate.decode(bytes)
                instanceof org.giggossip.core.wire.Decoded.Ok<org.giggossip.core.wire.Certificate> ok)) {
            throw new IOException("the settler's certificate does not decode");
        }
        org.giggossip.core.wire.Certificate c = ok.value();
        if (!c.authority().equals(settler) || !c.subject().equals(key())) {
            throw new IOException("the certificate from " + base + " is signed by " + c.authority().hex()
                    + " for " + c.subject().hex() + ", not by the trusted settler for this key");
        }
        return c;
    }

    /** An unsigned GET of a public route. */
    public Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(basePath + path)).timeout(timeout).GET().build());
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
        }
        if (bytes.length > MAX_ANSWER_BYTES) {
            throw new IOException("the settler's answer is over " + MAX_ANSWER_BYTES + " bytes");
        }
        JsonNode body;
        try {
            body = bytes.length == 0 ? JsonNodeFactory.instance.objectNode() : READER.readTree(bytes);
        } catch (IOException e) {
            body = JsonNodeFactory.instance.objectNode().put("error", "the answer is not JSON: " + e.getMessage());
        }
        return new Answer(response.statusCode(), body);
    }

    @Override
    public void close() {
        client.close();
    }
}
