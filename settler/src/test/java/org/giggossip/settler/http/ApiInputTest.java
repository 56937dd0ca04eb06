package org.giggossip.settler.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.settler.testing.ApiFixture.ADMIN_KEY;
import static org.giggossip.settler.testing.ApiFixture.CUSTOMER;
import static org.giggossip.settler.testing.ApiFixture.CUSTOMER_KEY;
import static org.giggossip.settler.testing.ApiFixture.REPLIER_KEY;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.giggossip.core.wire.Hash32;
import org.giggossip.settler.testing.ApiFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hostile and malformed input, the public routes, and the OpenAPI document against the routes served. */
class ApiInputTest {
    static ApiFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new ApiFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void theDocumentListsExactlyTheRoutesServedWithTheirSecurity() throws Exception {
        JsonNode doc = fx.get("/openapi.json").body();
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(doc).isEqualTo(fx.server.openApi());
        List<String> documented = new ArrayList<>();
        doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> {
            documented.add(op.getKey().toUpperCase() + " " + p.getKey());
            JsonNode security = op.getValue().get("security");
            assertThat(security).as(p.getKey()).isNotNull();
            // public routes are exactly the GETs
            assertThat(security.isEmpty()).as(p.getKey()).isEqualTo(op.getKey().equals("get"));
        }));
        assertThat(new TreeSet<>(documented)).isEqualTo(new TreeSet<>(fx.server.routeList()));
        assertThat(documented).hasSize(fx.server.routeList().size());
        assertThat(doc.at("/components/securitySchemes/ggSchnorr/name").asText()).isEqualTo("Authorization");
        Set<String> publicPaths = new TreeSet<>();
        doc.get("paths").properties().forEach(p -> {
            if (p.getValue().has("get")) {
                publicPaths.add(p.getKey());
            }
        });
        assertThat(publicPaths).containsExactlyInAnyOrder("/openapi.json", "/v1/health", "/v1/settler",
                "/v1/revocations", "/v1/revocations/stream", "/v1/preimages/{payment_hash}");
    }

    @Test
    void publicRoutesAnswerWithoutCredentials() throws Exception {
        var settler = fx.get("/v1/settler");
        assertThat(settler.status()).isEqualTo(200);
        assertThat(settler.body().path("id").asText()).isEqualTo(ApiFixture.SETTLER.hex());
        assertThat(settler.body().at("/certificate/subject").asText()).isEqualTo(ApiFixture.SETTLER.hex());
        assertThat(fx.get("/v1/health").body().path("status").asText()).isEqualTo("ok");
        var revocations = fx.get("/v1/revocations");
        assertThat(revocations.status()).isEqualTo(200);
        assertThat(revocations.body().path("list").asText()).isNotEmpty();
    }

    @Test
    void aPreimageNotRevealedIs404AndBadHexIs400() throws Exception {
        Hash32 gig = fx.newGig();
        var a = fx.get("/v1/preimages/" + gig.hex());
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body().path("error").asText()).contains("not revealed");
        assertThat(fx.get("/v1/preimages/" + "AB".repeat(32)).status()).isEqualTo(400);
        assertThat(fx.get("/v1/preimages/1234").status()).isEqualTo(400);
    }

    @Test
    void aBodyOverTheLimitIs413BeforeAnyCheck() throws Exception {
        String big = "{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}";
        var a = fx.send("/v1/certificates/list", big, null);
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.body().path("error").asText()).contains("over the limit");
        // signed, too
        assertThat(fx.post(CUSTOMER_KEY, "/v1/certificates/list", big).status()).isEqualTo(413);
    }

    @Test
    void malformedJsonUnknownMissingAndMistypedFieldsAre400() throws Exception {
        String path = "/v1/gigs/status";
        String hash = fx.newGig().hex();
        assertBad(fx.post(CUSTOMER_KEY, path, "{\"reply_hash\":"), "malformed");
        assertBad(fx.post(CUSTOMER_KEY, path, "[1,2]"), "malformed");
        assertBad(fx.post(CUSTOMER_KEY, path, "{\"reply_hash\":\"" + hash + "\",\"extra\":1}"), "extra");
        assertBad(fx.post(CUSTOMER_KEY, path, "{}"), "reply_hash");
        assertBad(fx.post(CUSTOMER_KEY, path, "{\"reply_hash\":null}"), "reply_hash");
        assertBad(fx.post(CUSTOMER_KEY, path, "{\"reply_hash\":\"" + hash + "\"} trailing"), "malformed");
        assertBad(fx.post(CUSTOMER_KEY, path, "{\"reply_hash\":\"" + hash + "\",\"reply_hash\":\"" + hash + "\"}"),
                "malformed");
        assertBad(fx.post(CUSTOMER_KEY, "/v1/notices", "{\"after\":\"5\",\"wait_ms\":0}"), "malformed");
        assertBad(fx.post(CUSTOMER_KEY, "/v1/notices", "{\"after\":1.5,\"wait_ms\":0}"), "malformed");
        assertBad(fx.post(CUSTOMER_KEY, "/v1/notices", "{\"after\":0,\"wait_ms\":30001}"), "wait_ms");
        assertBad(fx.post(CUSTOMER_KEY, "/v1/notices", "{\"after\":-1,\"wait_ms\":0}"), "after");
    }

    @Test
    void aDeeplyNestedOrOverlongBodyIs400ProblemJsonNotAStackOverflow() throws Exception {
        String path = "/v1/gigs/status";
        // 50,000 levels in 100 KB: under the body limit, far over the parser's nesting limit
        String deep = "{\"reply_hash\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}";
        String longNumber = "{\"after\":" + "9".repeat(1000) + ",\"wait_ms\":0}";
        String longName = "{\"" + "k".repeat(1000) + "\":1}";
        for (String body : List.of(deep, longNumber, longName)) {
            var a = fx.post(CUSTOMER_KEY, body.equals(longNumber) ? "/v1/notices" : path, body);
            assertBad(a, "malformed");
            assertThat(a.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void badHexBase64AndAmountsAre400() throws Exception {
        String hash = fx.newGig().hex();
        assertBad(fx.post(CUSTOMER_KEY, "/v1/gigs/status", "{\"reply_hash\":\"" + hash.toUpperCase() + "\"}"),
                "lower-case hex");
        assertBad(fx.post(CUSTOMER_KEY, "/v1/gigs/status", "{\"reply_hash\":\"" + hash.substring(2) + "\"}"),
                "64 lower-case hex");
        assertBad(fx.post(CUSTOMER_KEY, "/v1/gigs/status", "{\"reply_hash\":\"zz" + hash.substring(2) + "\"}"),
                "hex");
        assertBad(fx.post(REPLIER_KEY, "/v1/gigs/seal", "{\"call_id\":1,\"reply_hash\":\"" + hash
                + "\",\"reply_payload\":\"***\"}"), "base64");
        assertBad(fx.post(REPLIER_KEY, "/v1/gigs/reply-hash", "{\"call_id\":1,\"signed_request\":\"AAAA\","
                + "\"reply_amount_msat\":1000}"), "signed_request");
        String request = ApiFixture.base64(fx.signedRequest().encode());
        assertBad(fx.post(REPLIER_KEY, "/v1/gigs/reply-hash", "{\"call_id\":1,\"signed_request\":\"" + request
                + "\",\"reply_amount_msat\":0}"), "reply_amount_msat");
        assertBad(fx.post(REPLIER_KEY, "/v1/gigs/reply-hash", "{\"call_id\":0,\"signed_request\":\"" + request
                + "\",\"reply_amount_msat\":10}"), "call_id");
        assertBad(fx.post(ADMIN_KEY, "/v1/admin/grant", "{\"subject\":\"" + "00".repeat(32)
                + "\",\"name\":\"a\",\"value\":\"b\"}"), "public key");
        assertBad(fx.post(ADMIN_KEY, "/v1/admin/grant", "{\"subject\":\"" + CUSTOMER.hex()
                + "\",\"name\":\"" + "n".repeat(65) + "\",\"value\":\"b\"}"), "name");
    }

    @Test
    void aRefusalIs409WithTheSettlersReason() throws Exception {
        String hash = fx.newGig().hex();
        // the reply is not sealed yet
        var a = fx.post(REPLIER_KEY, "/v1/gigs/reply-accepted", "{\"call_id\":7,\"reply_hash\":\"" + hash + "\"}");
        assertThat(a.status()).isEqualTo(409);
        assertThat(a.body().path("type").asText()).isEqualTo("Refused");
        assertThat(a.body().path("call_id").asLong()).isEqualTo(7);
        assertThat(a.body().path("reason").asText()).contains("not sealed");
        assertThat(a.body().path("message").asText()).isNotEmpty();
        var unknown = fx.post(CUSTOMER_KEY, "/v1/gigs/status", "{\"reply_hash\":\"" + "44".repeat(32) + "\"}");
        assertThat(unknown.status()).isEqualTo(404);
        var closing = fx.post(CUSTOMER_KEY, "/v1/gigs/close-dispute", "{\"call_id\":8,\"reply_hash\":\"" + hash
                + "\"}");
        assertThat(closing.status()).isEqualTo(409);
        assertThat(closing.body().path("reason").asText()).contains("no dispute");
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405() throws Exception {
        assertThat(fx.get("/v1/nothing").status()).isEqualTo(404);
        var a = fx.get("/v1/gigs/status");
        assertThat(a.status()).isEqualTo(405);
    }

    @Test
    void theStatusOfAGigShowsItsParties() throws Exception {
        String hash = fx.newGig().hex();
        for (var key : List.of(CUSTOMER_KEY, REPLIER_KEY, ADMIN_KEY)) {
            var a = fx.post(key, "/v1/gigs/status", "{\"reply_hash\":\"" + hash + "\"}");
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body().path("stage").asText()).isEqualTo("ISSUED");
            assertThat(a.body().path("customer").asText()).isEqualTo(CUSTOMER.hex());
            assertThat(SettlerJson.gigView(a.body()).replyHash().hex()).isEqualTo(hash);
        }
    }

    @Test
    void theRevocationStreamSendsEachNewListAndIsBounded() throws Exception {
        try (ApiFixture small = new ApiFixture(org.giggossip.settler.http.SettlerHttpServer.Options.defaults()
                .withMaxSubscribers(1))) {
            var cert = small.backend.issueCertificate(CUSTOMER).get();
            HttpResponse<java.util.stream.Stream<String>> stream = small.http().send(HttpRequest.newBuilder(
                    small.base.resolve("/v1/revocations/stream")).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(stream.statusCode()).isEqualTo(200);
            var lines = stream.body().iterator();
            long first = versionOf(nextData(lines));
            // a second subscriber is over the bound
            assertThat(small.get("/v1/revocations/stream").status()).isEqualTo(503);
            var revoked = small.post(ADMIN_KEY, "/v1/admin/revoke-certificate", "{\"certificate_id\":\""
                    + cert.id().hex() + "\"}");
            assertThat(revoked.status()).isEqualTo(200);
            JsonNode next = nextData(lines);
            assertThat(versionOf(next)).isGreaterThan(first);
            assertThat(next.path("revoked").toString()).contains(cert.id().hex());
            stream.body().close();
        }
    }

    @Test
    void theServersClockAndWindowAreInjected() throws Exception {
        Instant serverTime = Instant.now().minus(Duration.ofDays(1));
        var options = SettlerHttpServer.Options.defaults()
                .withClock(new org.giggossip.core.testing.FakeClock(serverTime)).withWindow(Duration.ofSeconds(5));
        try (ApiFixture skewed = new ApiFixture(options)) {
            String body = "{\"after\":0,\"wait_ms\":0}";
            // signed by a caller whose clock says now: a day off for this server
            var now = skewed.post(CUSTOMER_KEY, "/v1/notices", body);
            assertThat(now.status()).isEqualTo(401);
            assertThat(now.body().path("error").asText()).contains("window of 5 s");
            byte[] nonce = new byte[16];
            nonce[0] = 1;
            assertThat(skewed.send("/v1/notices", body, skewed.authorization(CUSTOMER_KEY, "/v1/notices", body,
                    serverTime.plusSeconds(4), nonce)).status()).isEqualTo(200);
            nonce[0] = 2;
            assertThat(skewed.send("/v1/notices", body, skewed.authorization(CUSTOMER_KEY, "/v1/notices", body,
                    serverTime.plusSeconds(6), nonce)).status()).isEqualTo(401);
        }
    }

    @Test
    void walletRoutesAre404WhenTheSettlerOffersNoAccounts() throws Exception {
        try (ApiFixture none = new ApiFixture(SettlerHttpServer.Options.defaults(), false)) {
            for (String path : List.of("/v1/wallet/open", "/v1/wallet/balance")) {
                var a = none.post(CUSTOMER_KEY, path, "{}");
                assertThat(a.status()).isEqualTo(404);
                assertThat(a.body().path("error").asText()).contains("no wallet accounts");
            }
        }
    }

    private static JsonNode nextData(java.util.Iterator<String> lines) throws Exception {
        for (int i = 0; i < 100 && lines.hasNext(); i++) {
            String line = lines.next();
            if (line.startsWith("data: ")) {
                return SettlerJson.MAPPER.readTree(line.substring(6));
            }
        }
        throw new AssertionError("no event");
    }

    private static long versionOf(JsonNode list) {
        return Long.parseUnsignedLong(list.path("version").asText());
    }

    static void assertBad(ApiFixture.Answer a, String reason) {
        assertThat(a.status()).as(a.body().toString()).isEqualTo(400);
        assertThat(a.body().path("error").asText()).containsIgnoringCase(reason);
    }
}
