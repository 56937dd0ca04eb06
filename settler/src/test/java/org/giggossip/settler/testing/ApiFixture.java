package org.giggossip.settler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.RequestPayload;
import org.giggossip.core.wire.SignedRequestPayload;
import org.giggossip.core.wire.Signer;
import org.giggossip.core.wire.TestSigners;
import org.giggossip.http.HttpConfig;
import org.giggossip.http.HttpObserver;
import org.giggossip.settler.auth.RequestSigner;
import org.giggossip.settler.http.SettlerHttpServer;

/**
 * A settler API on 127.0.0.1 (a free port) over a {@link TestBackend}, with an
 * administrator, a customer, a replier and a stranger, and a raw HTTP client
 * that can sign requests as any of them with any timestamp and nonce.
 */
public final class ApiFixture implements AutoCloseable {
    public static final PrivateKey SETTLER_KEY = TestSigners.key(100);
    public static final PrivateKey CUSTOMER_KEY = TestSigners.key(101);
    public static final PrivateKey REPLIER_KEY = TestSigners.key(102);
    public static final PrivateKey STRANGER_KEY = TestSigners.key(103);
    public static final PrivateKey ADMIN_KEY = TestSigners.key(110);
    public static final PublicKey SETTLER = SETTLER_KEY.publicKey();
    public static final PublicKey CUSTOMER = CUSTOMER_KEY.publicKey();
    public static final PublicKey REPLIER = REPLIER_KEY.publicKey();
    public static final long JOB_MSAT = 50_000;
    public static final long STARTING_BALANCE = 10_000_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    public final TestBackend backend;
    public final SettlerHttpServer server;
    public final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SecureRandom random = new SecureRandom();
    private Certificate customerCertificate;
    private int nextPayloadId = 1;
    private long nextCallId = 1_000;

    public ApiFixture() throws IOException {
        this(SettlerHttpServer.Options.defaults());
    }

    public ApiFixture(SettlerHttpServer.Options options) throws IOException {
        this(options, true);
    }

    /** A fixture whose settler offers regtest wallet accounts or not. */
    public ApiFixture(SettlerHttpServer.Options options, boolean wallets) throws IOException {
        this(HttpConfig.defaults(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), options, wallets);
    }

    /** A fixture whose settler listens (plain HTTP, on loopback) with the limits of {@code http}. */
    public ApiFixture(HttpConfig http, SettlerHttpServer.Options options, boolean wallets) throws IOException {
        backend = new TestBackend(SETTLER_KEY, Set.of(ADMIN_KEY.publicKey()), Clock.systemUTC(), STARTING_BALANCE,
                wallets);
        server = SettlerHttpServer.start(http, backend, options, HttpObserver.NONE);
        base = URI.create("http://127.0.0.1:" + server.address().getPort());
    }

    /** An answer: status, the WWW-Authenticate header if any, the JSON body and its media type ("" if none). */
    public record Answer(int status, String authenticate, JsonNode body, String contentType) {}

    /** A request signed by {@code key} now with a fresh nonce. */
    public Answer post(PrivateKey key, String path, String json) throws IOException, InterruptedException {
        return send(path, json, signer(key).authorization("POST", path, bytes(json)));
    }

    /** A request with the given Authorization header (null for none). */
    public Answer send(String path, String json, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(40))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(json)));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return answer(http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** An unsigned GET. */
    public Answer get(String path) throws IOException, InterruptedException {
        return answer(http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET()
                .build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** The header of a request by {@code key} signed at {@code at} with {@code nonce}. */
    public String authorization(PrivateKey key, String path, String json, Instant at, byte[] nonce) {
        return signer(key).authorization("POST", path, bytes(json), at.toEpochMilli(), nonce);
    }

    public RequestSigner signer(PrivateKey key) {
        return new RequestSigner(Signer.of(key, random), Clock.systemUTC(), random);
    }

    public HttpClient http() {
        return http;
    }

    private static Answer answer(HttpResponse<byte[]> r) throws IOException {
        JsonNode body = r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
        return new Answer(r.statusCode(), r.headers().firstValue("WWW-Authenticate").orElse(null), body,
                r.headers().firstValue("Content-Type").orElse(""));
    }

    public static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The customer's certificate, issued by the settler once. */
    public synchronized Certificate customerCertificate() throws Exception {
        if (customerCertificate == null) {
            customerCertificate = backend.issueCertificate(CUSTOMER).get(10, TimeUnit.SECONDS);
        }
        return customerCertificate;
    }

    /** A fresh request of the customer, signed. */
    public synchronized SignedRequestPayload signedRequest() throws Exception {
        byte[] id = new byte[16];
        id[14] = (byte) (nextPayloadId >> 8);
        id[15] = (byte) nextPayloadId++;
        Instant now = Instant.now();
        TaxiTopic topic = new TaxiTopic("r3gx2g5", "r3gx2f", now.plus(Duration.ofHours(1)),
                now.plus(Duration.ofHours(2)));
        return SignedRequestPayload.sign(new RequestPayload(PayloadId.of(id), topic, customerCertificate()),
                TestSigners.deterministic(CUSTOMER_KEY));
    }

    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A new gig of the customer and the replier (its reply hash issued), straight through the backend. */
    public Hash32 newGig() throws Exception {
        long callId;
        synchronized (this) {
            callId = nextCallId++;
        }
        SettlerResponse r = backend.call(REPLIER, new SettlerRequest.IssueReplyHash(callId, signedRequest(), JOB_MSAT))
                .get(10, TimeUnit.SECONDS);
        if (!(r instanceof SettlerResponse.ReplyHashIssued issued)) {
            throw new IllegalStateException("no reply hash: " + r);
        }
        return issued.replyPaymentHash();
    }

    @Override
    public void close() {
        server.close();
        backend.close();
        http.close();
    }
}
