package org.giggossip.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.topic.ApplicationTopic;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real {@link ApiServer} on 127.0.0.1 over the {@link FakeNodeApi}: every route, auth, limits, the stream. */
class ApiServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TAXI = """
        {"taxi":{"from":"u4pruyd","to":"u4pruzz","pickup_after":"2026-01-31T18:00:00Z","pickup_before":"2026-01-31T18:30:00Z"}}""";

    private ApiServerFixture f;

    @BeforeEach
    void start() throws IOException {
        f = new ApiServerFixture(Duration.ofMillis(100));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return ApiJson.MAPPER.readTree(r.body());
    }

    private String postTaxi() throws Exception {
        HttpResponse<String> r = f.post("/v1/jobs", TAXI);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).path("id").asText();
    }

    @Test
    void bindsToLoopbackByDefault() {
        assertThat(ApiServer.loopback(0).getAddress().isLoopbackAddress()).isTrue();
        assertThat(f.server.address().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void statusPeersBalanceInvoices() throws Exception {
        JsonNode status = json(f.get("/v1/status"));
        assertThat(status.path("id").asText()).isEqualTo(f.api.id.hex());
        assertThat(status.path("balance_msat").asLong()).isEqualTo(21_000);
        assertThat(status.path("started").asText()).isEqualTo("2026-01-31T18:00:00Z");

        JsonNode peers = json(f.get("/v1/peers"));
        assertThat(peers.size()).isEqualTo(1);
        assertThat(peers.get(0).path("id").asText()).isEqualTo(f.api.peer.hex());
        assertThat(peers.get(0).path("outbound").asBoolean()).isTrue();
        assertThat(peers.get(0).path("direction").asText()).isEqualTo("outbound");
        assertThat(peers.get(0).path("since").asText()).isEqualTo("2026-01-31T18:00:00Z");
        assertThat(peers.get(0).path("reconnects").asInt()).isEqualTo(2);

        JsonNode balance = json(f.get("/v1/balance"));
        assertThat(balance.path("available_msat").asLong()).isEqualTo(21_000);
        assertThat(balance.path("locked_msat").asLong()).isEqualTo(5_000);
        assertThat(balance.has("served_settler_msat")).as("a node serving no settler has no settler account").isFalse();
        JsonNode hub = ApiJson.toJson(new Balance(21_000, 5_000, java.util.Optional.of(4_000L)));
        assertThat(hub.path("served_settler_msat").asLong()).as("the served settler's fees").isEqualTo(4_000);

        JsonNode invoices = json(f.get("/v1/invoices"));
        assertThat(invoices.get(0).path("payment_hash").asText()).isEqualTo("00".repeat(32));
        assertThat(invoices.get(0).path("state").asText()).isEqualTo("ACCEPTED");
        assertThat(invoices.get(0).path("bolt11").asText()).isEqualTo("lnbcrt50n1test");
    }

    @Test
    void postsATaxiJobAndListsIt() throws Exception {
        HttpResponse<String> r = f.post("/v1/jobs", TAXI);
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode job = json(r);
        assertThat(job.path("id").asText()).matches("[0-9a-f]{32}");
        assertThat(job.path("state").asText()).isEqualTo("OPEN");
        assertThat(job.path("topic").path("taxi").path("from").asText()).isEqualTo("u4pruyd");
        assertThat(job.path("topic").path("taxi").path("pickup_before").asText()).isEqualTo("2026-01-31T18:30:00Z");
        assertThat(job.has("chosen")).as("empty optionals are left out").isFalse();

        String second = postTaxi();
        JsonNode list = json(f.get("/v1/jobs"));
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.get(0).path("id").asText()).as("newest first").isEqualTo(second);
        assertThat(json(f.get("/v1/jobs/" + job.path("id").asText())).path("id").asText())
            .isEqualTo(job.path("id").asText());
    }

    @Test
    void postsAnOpaqueJobWithBase64OrTextData() throws Exception {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 1};
        HttpResponse<String> r = f.post("/v1/jobs",
            "{\"app\":{\"kind\":\"delivery/v1\",\"data_base64\":\"" + Base64.getEncoder().encodeToString(binary) + "\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode app = json(r).path("topic").path("app");
        assertThat(app.path("kind").asText()).isEqualTo("delivery/v1");
        assertThat(app.path("data").has("utf8")).as("not UTF-8, so base64").isFalse();
        assertThat(Base64.getDecoder().decode(app.path("data").path("base64").asText())).isEqualTo(binary);

        JsonNode text = json(f.post("/v1/jobs", "{\"app\":{\"kind\":\"delivery/v1\",\"data_text\":\"2 pizzas\"}}"));
        assertThat(text.path("topic").path("app").path("data").path("utf8").asText()).isEqualTo("2 pizzas");
        assertThat(f.api.model.jobs().getFirst().topic()).isInstanceOf(ApplicationTopic.class);
    }

    @Test
    void aJobsLifeFromOffersToTheOpenedReply() throws Exception {
        String id = postTaxi();
        PayloadId job = PayloadId.of(Hex.decode(id));
        PublicKey settler = PrivateKey.generate(new SecureRandom()).publicKey();
        f.api.emit(new AppEvent.OfferReceived(job, 1, 1_500_000, 20_000, settler, hash(1)));
        f.api.emit(new AppEvent.OfferReceived(job, 2, 1_200_000, 25_000, settler, hash(2)));

        JsonNode view = json(f.get("/v1/jobs/" + id));
        assertThat(view.path("offers").size()).isEqualTo(2);
        assertThat(view.path("offers").get(1).path("job_price_msat").asLong()).isEqualTo(1_200_000);
        assertThat(view.path("offers").get(0).path("settler").asText()).isEqualTo(settler.hex());

        HttpResponse<String> accepted = f.post("/v1/jobs/" + id + "/accept", "{\"offer\":2}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(json(accepted).path("state").asText()).isEqualTo("PAYING");
        assertThat(json(accepted).path("chosen").asInt()).isEqualTo(2);
        assertThat(f.api.calls).contains("accept " + id + " 2");

        HttpResponse<String> again = f.post("/v1/jobs/" + id + "/accept", "{\"offer\":1}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).path("error").asText()).contains("PAYING");

        PublicKey worker = PrivateKey.generate(new SecureRandom()).publicKey();
        f.api.emit(new AppEvent.JobPaid(job, 2, 25_000, 1_200_000));
        f.api.emit(new AppEvent.ReplyOpened(job, 2, worker, "black Prius, 3 min".getBytes(StandardCharsets.UTF_8)));
        view = json(f.get("/v1/jobs/" + id));
        assertThat(view.path("state").asText()).isEqualTo("OPENED");
        assertThat(view.path("worker").asText()).isEqualTo(worker.hex());
        assertThat(view.path("reply").path("utf8").asText()).isEqualTo("black Prius, 3 min");

        HttpResponse<String> confirmed = f.post("/v1/jobs/" + id + "/confirm", "");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(202);
        assertThat(f.api.calls).contains("confirm " + id);

        HttpResponse<String> disputed = f.post("/v1/jobs/" + id + "/dispute", "{\"reason\":\"no show\"}");
        assertThat(disputed.statusCode()).as(disputed.body()).isEqualTo(202);
        assertThat(json(disputed).path("state").asText()).isEqualTo("DISPUTED");
        assertThat(json(disputed).path("reason").asText()).isEqualTo("no show");
    }

    @Test
    void anOpenJobIsCancelledAndAPaidOneIsRefusedWithAProblem() throws Exception {
        String id = postTaxi();
        PayloadId job = PayloadId.of(Hex.decode(id));
        f.api.emit(new AppEvent.OfferReceived(job, 1, 1_500_000, 20_000,
            PrivateKey.generate(new SecureRandom()).publicKey(), hash(1)));
        HttpResponse<String> cancelled = f.post("/v1/jobs/" + id + "/cancel", "");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);
        assertThat(json(cancelled).path("state").asText()).isEqualTo("CANCELLED");
        assertThat(json(cancelled).path("reason").asText()).isEqualTo("cancelled by the customer");
        assertThat(f.api.calls).contains("cancel " + id);
        HttpResponse<String> noAccept = f.post("/v1/jobs/" + id + "/accept", "{\"offer\":1}");
        assertThat(noAccept.statusCode()).isEqualTo(409);
        assertThat(json(noAccept).path("error").asText()).contains("CANCELLED");

        HttpResponse<String> again = f.post("/v1/jobs/" + id + "/cancel", "");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(
            t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(again).path("status").asInt()).isEqualTo(409);

        String paid = postTaxi();
        PayloadId paidJob = PayloadId.of(Hex.decode(paid));
        f.api.emit(new AppEvent.OfferReceived(paidJob, 1, 1_500_000, 20_000,
            PrivateKey.generate(new SecureRandom()).publicKey(), hash(2)));
        f.api.emit(new AppEvent.OfferChosen(paidJob, 1, 1_520_000, false));
        HttpResponse<String> paying = f.post("/v1/jobs/" + paid + "/cancel", "");
        assertThat(paying.statusCode()).isEqualTo(409);
        assertThat(json(paying).path("error").asText()).contains("is PAYING");
        f.api.emit(new AppEvent.JobPaid(paidJob, 1, 20_000, 1_500_000));
        HttpResponse<String> refused = f.post("/v1/jobs/" + paid + "/cancel", "");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).path("error").asText()).contains("is PAID").contains("confirm it or open a dispute");
        assertThat(f.api.calls).doesNotContain("cancel " + paid);
        assertThat(f.post("/v1/jobs/" + "00".repeat(16) + "/cancel", "").statusCode()).isEqualTo(404);
    }

    @Test
    void aWorkerWithdrawsAnOfferOnlyOnceSentAndNotYetPaid() throws Exception {
        PayloadId job = PayloadId.random(new SecureRandom());
        f.api.emit(new AppEvent.TopicReceived(job, new ApplicationTopic("delivery/v1", "3 boxes".getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> notAnswered = f.post("/v1/work/" + job.hex() + "/withdraw", "");
        assertThat(notAnswered.statusCode()).isEqualTo(409);
        assertThat(json(notAnswered).path("error").asText()).contains("is NEW");

        f.post("/v1/work/" + job.hex() + "/reply", "{\"price_sat\":1500,\"message\":\"at 6pm\"}");
        HttpResponse<String> withdrawn = f.post("/v1/work/" + job.hex() + "/withdraw", "");
        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(202);
        assertThat(json(withdrawn).path("withdrawn").asBoolean()).isTrue();
        assertThat(f.api.calls).contains("withdraw " + job.hex());
        assertThat(json(f.get("/v1/work")).get(0).path("state").asText()).isEqualTo("CANCELLED");

        PayloadId paid = PayloadId.random(new SecureRandom());
        f.api.emit(new AppEvent.TopicReceived(paid, new ApplicationTopic("delivery/v1", "1 box".getBytes(StandardCharsets.UTF_8))));
        f.api.emit(new AppEvent.ReplySent(paid, hash(9), 1_000));
        f.api.emit(new AppEvent.JobPaymentAccepted(hash(9), 1_000));
        HttpResponse<String> tooLate = f.post("/v1/work/" + paid.hex() + "/withdraw", "");
        assertThat(tooLate.statusCode()).isEqualTo(409);
        assertThat(json(tooLate).path("error").asText()).contains("is PAID");
        assertThat(f.post("/v1/work/" + "00".repeat(16) + "/withdraw", "").statusCode()).isEqualTo(404);
    }

    @Test
    void anUnknownPathIs404AndAWrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> none = f.get("/v1/no-such-thing");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(json(none).path("error").asText()).contains("no such endpoint: /v1/no-such-thing");
        HttpResponse<String> wrong = f.post("/v1/status", "{}");
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("Allow")).contains("GET");
        assertThat(json(wrong).path("error").asText()).contains("POST not allowed on /v1/status");
    }

    @Test
    void unknownJobOrOfferIs404AndABadIdIs400() throws Exception {
        String unknown = "00".repeat(16);
        HttpResponse<String> r = f.get("/v1/jobs/" + unknown);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).path("error").asText()).contains(unknown);

        String id = postTaxi();
        assertThat(f.post("/v1/jobs/" + id + "/accept", "{\"offer\":7}").statusCode()).isEqualTo(404);
        assertThat(f.post("/v1/jobs/" + unknown + "/dispute", "{\"reason\":\"x\"}").statusCode()).isEqualTo(404);

        HttpResponse<String> bad = f.get("/v1/jobs/XYZ");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("error").asText()).contains("hex");
    }

    @Test
    void aWorkerSeesJobsAndReplies() throws Exception {
        PayloadId job = PayloadId.random(new SecureRandom());
        f.api.emit(new AppEvent.TopicReceived(job, new ApplicationTopic("delivery/v1", "3 boxes".getBytes(StandardCharsets.UTF_8))));

        JsonNode work = json(f.get("/v1/work"));
        assertThat(work.size()).isEqualTo(1);
        assertThat(work.get(0).path("id").asText()).isEqualTo(job.hex());
        assertThat(work.get(0).path("state").asText()).isEqualTo("NEW");

        HttpResponse<String> r = f.post("/v1/work/" + job.hex() + "/reply",
            "{\"price_sat\":1500,\"message\":\"at 6pm\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(json(r).path("price_msat").asLong()).isEqualTo(1_500_000);
        assertThat(f.api.calls).contains("reply " + job.hex() + " 1500000 at 6pm");
        assertThat(json(f.get("/v1/work")).get(0).path("state").asText()).isEqualTo("REPLIED");

        assertThat(f.post("/v1/work/" + job.hex() + "/reply", "{\"price_msat\":1,\"message\":\"x\"}").statusCode())
            .as("already answered").isEqualTo(404);
    }

    @Test
    void badBodiesAre400WithAReason() throws Exception {
        HttpResponse<String> malformed = f.post("/v1/jobs", "{\"taxi\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).path("error").asText()).startsWith("malformed JSON");

        HttpResponse<String> both = f.post("/v1/jobs", "{\"taxi\":{},\"app\":{}}");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(json(both).path("error").asText()).contains("exactly one");

        HttpResponse<String> geohash = f.post("/v1/jobs", TAXI.replace("u4pruyd", "U4PRUYD"));
        assertThat(geohash.statusCode()).isEqualTo(400);
        assertThat(json(geohash).path("error").asText()).contains("from");

        HttpResponse<String> time = f.post("/v1/jobs", TAXI.replace("2026-01-31T18:00:00Z", "6pm"));
        assertThat(time.statusCode()).isEqualTo(400);
        assertThat(json(time).path("error").asText()).contains("pickup_after");

        PayloadId job = PayloadId.random(new SecureRandom());
        f.api.emit(new AppEvent.TopicReceived(job, new ApplicationTopic("k", new byte[0])));
        HttpResponse<String> price = f.post("/v1/work/" + job.hex() + "/reply", "{\"price_sat\":0,\"message\":\"x\"}");
        assertThat(price.statusCode()).isEqualTo(400);
        assertThat(json(price).path("error").asText()).contains("positive");
        HttpResponse<String> longMessage = f.post("/v1/work/" + job.hex() + "/reply",
            "{\"price_sat\":1,\"message\":\"" + "x".repeat(4097) + "\"}");
        assertThat(longMessage.statusCode()).isEqualTo(400);
        assertThat(f.api.calls).isEmpty();
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() throws Exception {
        String big = "{\"app\":{\"kind\":\"k\",\"data_text\":\"" + "x".repeat(ApiServer.MAX_BODY_BYTES) + "\"}}";
        HttpResponse<String> r = f.post("/v1/jobs", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("error").asText()).contains("limit");
        assertThat(f.api.calls).isEmpty();
    }

    @Test
    void aDeeplyNestedOrOverlongBodyIs400ProblemJsonNotAStackOverflow() throws Exception {
        // 20,000 levels in 40 KB: under the body limit, far over the parser's nesting limit
        String deep = "{\"offer\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";
        String longNumber = "{\"offer\":" + "9".repeat(1000) + "}";
        String wide = "{\"" + "k".repeat(1000) + "\":1}";
        PayloadId job = PayloadId.random(new SecureRandom());
        for (String body : List.of(deep, longNumber, wide)) {
            HttpResponse<String> r = f.post("/v1/jobs/" + job.hex() + "/accept", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(json(r).path("error").asText()).startsWith("malformed JSON");
        }
        assertThat(f.api.calls).isEmpty();
    }

    @Test
    void withoutOrWithAWrongTokenIs401() throws Exception {
        HttpResponse<String> none = f.send(HttpRequest.newBuilder(java.net.URI.create("http://" + f.hostPort() + "/v1/status"))
            .GET().build());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).path("error").asText()).contains("token");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

        HttpResponse<String> wrong = f.send(HttpRequest.newBuilder(java.net.URI.create("http://" + f.hostPort() + "/v1/jobs"))
            .header("Authorization", "Bearer " + "cd".repeat(32)).POST(HttpRequest.BodyPublishers.ofString(TAXI)).build());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(f.api.calls).as("nothing done without the token").isEmpty();

        HttpResponse<String> openapi = f.send(HttpRequest.newBuilder(java.net.URI.create("http://" + f.hostPort() + "/openapi.json"))
            .GET().build());
        assertThat(openapi.statusCode()).isEqualTo(401);
    }

    @Test
    void unknownRouteIs404AndWrongMethodIs405() throws Exception {
        HttpResponse<String> missing = f.get("/v1/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("error").asText()).contains("/v1/nope");
        assertThat(f.get("/").statusCode()).isEqualTo(404);
        assertThat(f.get("/v1/jobs/" + "00".repeat(16) + "/accept/extra").statusCode()).isEqualTo(404);

        HttpResponse<String> wrong = f.send(f.request("/v1/status").DELETE().build());
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("Allow")).hasValue("GET");

        HttpResponse<String> getAccept = f.get("/v1/jobs/" + "00".repeat(16) + "/accept");
        assertThat(getAccept.statusCode()).isEqualTo(405);
        assertThat(getAccept.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void theEventStreamDeliversEventsInOrderAndHeartbeats() throws Exception {
        HttpResponse<InputStream> r = f.http.send(f.request("/v1/events").GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        await("the stream to subscribe").atMost(WAIT).until(() -> f.api.model.subscriberCount() == 1);

        PayloadId job = PayloadId.random(new SecureRandom());
        long first = f.api.emit(new AppEvent.TopicReceived(job, new ApplicationTopic("k", "hi".getBytes(StandardCharsets.UTF_8)))).seq();
        f.api.emit(new AppEvent.TopicRelayed(job, 3));
        f.api.emit(new AppEvent.ReplyFailed(job, "no route"));

        List<String> lines = new ArrayList<>();
        boolean heartbeat = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            while (lines.stream().filter(l -> l.startsWith("data:")).count() < 3 || !heartbeat) {
                String line = in.readLine();
                assertThat(line).as("stream ended early: " + lines).isNotNull();
                heartbeat |= line.equals(": heartbeat");
                lines.add(line);
            }
        }
        List<String> ids = lines.stream().filter(l -> l.startsWith("id: ")).toList();
        assertThat(ids).containsExactly("id: " + first, "id: " + (first + 1), "id: " + (first + 2));
        assertThat(lines.stream().filter(l -> l.startsWith("event: ")).toList())
            .containsExactly("event: TopicReceived", "event: TopicRelayed", "event: ReplyFailed");
        JsonNode data = ApiJson.MAPPER.readTree(lines.stream().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow()
            .substring(6));
        assertThat(data.path("type").asText()).isEqualTo("TopicReceived");
        assertThat(data.path("event").path("job").asText()).isEqualTo(job.hex());
        assertThat(data.path("event").path("topic").path("app").path("data").path("utf8").asText()).isEqualTo("hi");

        // the client went away: the next heartbeat fails and the subscription is closed
        await("the subscription to close").atMost(WAIT).until(() -> f.api.model.subscriberCount() == 0);
    }

    @Test
    void closingTheServerEndsOpenStreams() throws Exception {
        HttpResponse<InputStream> r = f.http.send(f.request("/v1/events").GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        await("the stream to subscribe").atMost(WAIT).until(() -> f.api.model.subscriberCount() == 1);
        f.close();
        await("the subscription to close").atMost(WAIT).until(() -> f.api.model.subscriberCount() == 0);
        try (InputStream in = r.body()) {
            // whatever was sent before the close, the stream then ends
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).doesNotContain("event:");
        } catch (IOException expected) {
            // or the connection was cut: also an end
        }
    }

    @Test
    void theClientFollowsTheStream() throws Exception {
        List<JsonNode> got = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                f.client().events(e -> {
                    got.add(e);
                    return got.size() < 2;
                });
            } catch (ApiClient.ApiClientException e) {
                throw new AssertionError(e);
            }
        });
        await("the stream to subscribe").atMost(WAIT).until(() -> f.api.model.subscriberCount() == 1);
        PublicKey peer = PrivateKey.generate(new SecureRandom()).publicKey();
        f.api.emit(new AppEvent.FrameRejected(peer, org.giggossip.core.wire.FrameKind.REPLY,
            org.giggossip.core.validation.Penalty.fatal(org.giggossip.core.validation.Penalty.Reason.BAD_SIGNATURE,
                "bad signature")));
        f.api.emit(new AppEvent.FeeEarned(hash(9), 42));
        reader.join(WAIT.toMillis());
        assertThat(reader.isAlive()).isFalse();
        assertThat(got).hasSize(2);
        assertThat(got.get(0).path("event").path("penalty").path("severity").asText()).isEqualTo("FATAL");
        assertThat(got.get(0).path("event").path("penalty").path("reason").asText()).isEqualTo("BAD_SIGNATURE");
        assertThat(got.get(0).path("event").path("kind").asText()).isEqualTo("REPLY");
        assertThat(got.get(1).path("event").path("fee_msat").asLong()).isEqualTo(42);
        assertThat(got.get(1).path("seq").asLong()).isEqualTo(got.get(0).path("seq").asLong() + 1);
    }

    @Test
    void theStreamNeedsTheTokenToo() {
        ApiClient.ApiClientException e = org.junit.jupiter.api.Assertions.assertThrows(
            ApiClient.ApiClientException.class, () -> new ApiClient(f.hostPort(), "wrong").events(ev -> true));
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).contains("401").contains("token");
        assertThat(f.api.model.subscriberCount()).isZero();
    }

    @Test
    void theClientSaysClearlyWhenTheNodeIsNotRunning() throws Exception {
        int port = f.server.address().getPort();
        f.close();
        ApiClient.ApiClientException e = org.junit.jupiter.api.Assertions.assertThrows(
            ApiClient.ApiClientException.class, () -> new ApiClient("127.0.0.1:" + port, "x").get("/v1/status"));
        assertThat(e.getMessage()).isEqualTo("cannot reach the node at 127.0.0.1:" + port
            + ": connection refused; is `gg node` running?");
        assertThat(e.status()).isZero();
    }

    private static Hash32 hash(int b) {
        byte[] h = new byte[32];
        h[0] = (byte) b;
        return Hash32.of(h);
    }
}
