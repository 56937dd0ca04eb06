package org.giggossip.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.service.ServiceCodec;
import org.giggossip.core.service.ServiceMessage;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.RequestPayload;
import org.giggossip.core.wire.SignedRequestPayload;
import org.giggossip.core.wire.Signer;
import org.giggossip.settler.client.SettlerAdminClient;
import org.giggossip.settler.client.SettlerHttp;
import org.giggossip.settler.http.ApiBodies;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code gg settler} process killed with SIGKILL at a random moment while
 * callers get certificates and reply hashes (issue 5, deliverable 3): restarted
 * on the same data directory, it has every certificate and every gig (with its
 * preimage) it acknowledged, and hands out no serial number twice.
 */
class SettlerKillTest {
    @TempDir
    Path dir;

    private record Issued(PrivateKey subject, Certificate certificate) {}

    @RepeatedTest(2)
    void nothingAcknowledgedIsLostOrDuplicated() throws Exception {
        SecureRandom random = new SecureRandom();
        List<Issued> certificates = new ArrayList<>();
        List<String> replyHashes = new ArrayList<>();
        PrivateKey replier = PrivateKey.generate(random);
        URI url;
        try (GgProcess settler = GgProcess.start("settler", dir, "settler", "--listen", "127.0.0.1:0", "--data",
                "data")) {
            url = URI.create(settler.await("listening on (http://[0-9.:]+)", Duration.ofSeconds(60)).group(1));
            PrivateKey admin = KeyFile.load(dir.resolve("data/admin.key"));
            AtomicBoolean killing = new AtomicBoolean();
            AtomicBoolean killed = new AtomicBoolean();
            java.util.concurrent.CountDownLatch firstAck = new java.util.concurrent.CountDownLatch(1);
            Thread killer = Thread.ofPlatform().start(() -> {
                try {
                    firstAck.await(60, java.util.concurrent.TimeUnit.SECONDS);
                    // the moment under test: a random one while acknowledgements are being made
                    Thread.sleep(ThreadLocalRandom.current().nextLong(100, 1500));
                    killing.set(true);
                    settler.kill();
                    killed.set(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try (SettlerAdminClient adminClient = new SettlerAdminClient(url, admin);
                    SettlerHttp asReplier = new SettlerHttp(url, replier)) {
                for (int i = 0; !killed.get() && i < 10_000; i++) {
                    PrivateKey customer = PrivateKey.generate(random);
                    try (SettlerHttp asCustomer = new SettlerHttp(url, customer)) {
                        adminClient.grant(customer.publicKey(), "kyc", "passed");
                        Certificate c = certificate(asCustomer.post("/v1/certificates/issue",
                                new ApiBodies.Empty()).orThrow());
                        certificates.add(new Issued(customer, c));
                        SignedRequestPayload request = request(customer, c, i);
                        JsonNode answer = asReplier.post("/v1/gigs/reply-hash", new ApiBodies.ReplyHash(i + 1,
                                Base64.getEncoder().encodeToString(request.encode()), 10_000_000)).orThrow();
                        replyHashes.add(((SettlerResponse.ReplyHashIssued) answerOf(answer)).replyPaymentHash().hex());
                        firstAck.countDown();
                    } catch (java.io.IOException | RuntimeException e) {
                        if (killing.get()) {
                            // the kill began before this failure: the loop ends once it has landed
                            await("the settler's kill to land").atMost(Duration.ofSeconds(30)).until(killed::get);
                        } else if (!settler.alive()) {
                            break;
                        } else {
                            throw e;
                        }
                    }
                }
            }
            killer.join();
        }
        assertThat(certificates).as("acknowledged before the kill").isNotEmpty();

        try (GgProcess again = GgProcess.start("settler-again", dir, "settler", "--listen", "127.0.0.1:0",
                "--data", "data")) {
            URI restarted = URI.create(again.await("listening on (http://[0-9.:]+) \\(restored",
                    Duration.ofSeconds(60)).group(1));
            Set<Long> serials = new HashSet<>();
            for (Issued issued : certificates) {
                assertThat(serials.add(issued.certificate().body().serial())).isTrue();
                try (SettlerHttp http = new SettlerHttp(restarted, issued.subject())) {
                    JsonNode list = http.post("/v1/certificates/list", new ApiBodies.Empty()).orThrow();
                    assertThat(list.path("certificates").findValuesAsText("id"))
                            .as("certificate %s survives", issued.certificate().id().hex())
                            .contains(issued.certificate().id().hex());
                }
            }
            try (SettlerHttp asReplier = new SettlerHttp(restarted, replier)) {
                for (String hash : replyHashes) {
                    JsonNode gig = asReplier.post("/v1/gigs/status", new ApiBodies.GigQuery(hash)).orThrow();
                    assertThat(gig.toString()).as("gig %s survives", hash).contains("ISSUED");
                }
                // the next serial is new
                try (SettlerHttp http = new SettlerHttp(restarted, PrivateKey.generate(random))) {
                    Certificate next = certificate(http.post("/v1/certificates/issue", new ApiBodies.Empty())
                            .orThrow());
                    assertThat(serials).doesNotContain(next.body().serial());
                }
            }
            assertThat(again.terminate(Duration.ofSeconds(20))).isEqualTo(143); // 128 + SIGTERM, after the hook
            assertThat(again.output()).contains("stopped");
        }
    }

    private static Certificate certificate(JsonNode issued) {
        byte[] bytes = Base64.getDecoder().decode(issued.path("certificate").asText());
        return ((Decoded.Ok<Certificate>) Certificate.decode(bytes)).value();
    }

    private static SettlerResponse answerOf(JsonNode answer) {
        byte[] message = Base64.getDecoder().decode(answer.path("message").asText());
        return ((ServiceMessage.SettlerAnswer) ((Decoded.Ok<ServiceMessage>) ServiceCodec.decode(message)).value())
                .response();
    }

    private static SignedRequestPayload request(PrivateKey customer, Certificate certificate, int id) {
        byte[] payloadId = new byte[16];
        payloadId[12] = (byte) (id >>> 24);
        payloadId[13] = (byte) (id >>> 16);
        payloadId[14] = (byte) (id >>> 8);
        payloadId[15] = (byte) id;
        Instant now = Instant.now();
        TaxiTopic topic = new TaxiTopic("r3gx2g5", "r3gx2f", now.plus(Duration.ofMinutes(10)),
                now.plus(Duration.ofMinutes(40)));
        return SignedRequestPayload.sign(new RequestPayload(PayloadId.of(payloadId), topic, certificate),
                Signer.of(customer, new SecureRandom()));
    }
}
