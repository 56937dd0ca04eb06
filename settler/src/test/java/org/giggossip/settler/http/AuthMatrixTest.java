package org.giggossip.settler.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.settler.testing.ApiFixture.ADMIN_KEY;
import static org.giggossip.settler.testing.ApiFixture.CUSTOMER;
import static org.giggossip.settler.testing.ApiFixture.CUSTOMER_KEY;
import static org.giggossip.settler.testing.ApiFixture.REPLIER_KEY;
import static org.giggossip.settler.testing.ApiFixture.STRANGER_KEY;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.wire.Hash32;
import org.giggossip.settler.testing.ApiFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every signed route of the OpenAPI document, as served, is refused without
 * credentials, with an expired timestamp, with a replayed nonce and with a bad
 * signature (401), and to the wrong user (403) when the document says the route
 * has an owner or needs the admin role; the rightful caller passes those checks.
 * The routes come from the document, and each needs a sample body here, so a new
 * route cannot escape the matrix.
 */
class AuthMatrixTest {
    static ApiFixture fx;

    /** A body for each signed route; {@code g} is a fresh gig of the customer and the replier. */
    interface Sample {
        String body(Hash32 g) throws Exception;
    }

    static final Map<String, Sample> SAMPLES = new TreeMap<>(Map.ofEntries(
            Map.entry("/v1/certificates/issue", g -> "{}"),
            Map.entry("/v1/certificates/list", g -> "{}"),
            Map.entry("/v1/gigs/reply-hash", g -> "{\"call_id\":1,\"signed_request\":\""
                    + ApiFixture.base64(fx.signedRequest().encode()) + "\",\"reply_amount_msat\":5000}"),
            Map.entry("/v1/gigs/seal", g -> "{\"call_id\":1,\"reply_hash\":\"" + g.hex()
                    + "\",\"reply_payload\":\"AAEC\"}"),
            Map.entry("/v1/gigs/reply-accepted", AuthMatrixTest::gigCall),
            Map.entry("/v1/gigs/payment-locked", g -> "{\"call_id\":1,\"reply_hash\":\"" + g.hex()
                    + "\",\"amount_msat\":5000,\"signature\":\"" + "44".repeat(64) + "\"}"),
            Map.entry("/v1/gigs/confirm", AuthMatrixTest::gigCall),
            Map.entry("/v1/gigs/dispute", g -> "{\"call_id\":1,\"reply_hash\":\"" + g.hex()
                    + "\",\"reason\":\"no show\"}"),
            Map.entry("/v1/gigs/close-dispute", AuthMatrixTest::gigCall),
            Map.entry("/v1/gigs/cancel", AuthMatrixTest::gigCall),
            Map.entry("/v1/gigs/status", g -> "{\"reply_hash\":\"" + g.hex() + "\"}"),
            Map.entry("/v1/notices", g -> "{\"after\":0,\"wait_ms\":0}"),
            Map.entry("/v1/admin/grant", g -> "{\"subject\":\"" + CUSTOMER.hex()
                    + "\",\"name\":\"driving_licence\",\"value\":\"valid\"}"),
            Map.entry("/v1/admin/revoke-property", g -> "{\"subject\":\"" + CUSTOMER.hex()
                    + "\",\"name\":\"nothing\"}"),
            Map.entry("/v1/admin/revoke-certificate", g -> "{\"certificate_id\":\"" + "00".repeat(32) + "\"}"),
            Map.entry("/v1/admin/granted", g -> "{\"subject\":\"" + CUSTOMER.hex() + "\"}"),
            Map.entry("/v1/admin/disputes", g -> "{}"),
            Map.entry("/v1/admin/disputes/resolve", g -> "{\"reply_hash\":\"" + g.hex() + "\",\"pay_worker\":true}"),
            Map.entry("/v1/wallet/open", g -> "{}"),
            Map.entry("/v1/wallet/balance", g -> "{}"),
            Map.entry("/v1/wallet/invoices/create", g -> "{\"call_id\":1,\"payment_hash\":\"" + "11".repeat(32)
                    + "\",\"amount_msat\":1000,\"expires_at\":" + Instant.now().plusSeconds(600).toEpochMilli()
                    + ",\"memo\":\"m\"}"),
            Map.entry("/v1/wallet/pay", g -> "{\"call_id\":1,\"bolt11\":\"lnbcrt1nothing\",\"max_amount_msat\":1000}"),
            Map.entry("/v1/wallet/invoices/settle", g -> "{\"call_id\":1,\"payment_hash\":\"" + "22".repeat(32)
                    + "\",\"preimage\":\"" + "33".repeat(32) + "\"}"),
            Map.entry("/v1/wallet/invoices/cancel", g -> "{\"call_id\":1,\"payment_hash\":\"" + "22".repeat(32)
                    + "\"}"),
            Map.entry("/v1/wallet/events", g -> "{\"after\":0,\"wait_ms\":0}")));

    static String gigCall(Hash32 g) {
        return "{\"call_id\":1,\"reply_hash\":\"" + g.hex() + "\"}";
    }

    /** A signed route as the document describes it. */
    record Secured(String path, boolean admin, String owner) {}

    @BeforeAll
    static void start() throws Exception {
        fx = new ApiFixture();
        fx.backend.wallets().orElseThrow().open(CUSTOMER).get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    static List<Secured> securedRoutes() {
        List<Secured> routes = new ArrayList<>();
        fx.server.openApi().get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            JsonNode security = op.getValue().get("security");
            if (!security.isEmpty()) {
                JsonNode roles = security.get(0).get(OpenApiDocument.SCHEME);
                boolean admin = false;
                for (JsonNode role : roles) {
                    admin |= role.asText().equals("admin");
                }
                routes.add(new Secured(path.getKey(), admin, op.getValue().path("x-gg-owner").asText(null)));
            }
        }));
        return routes;
    }

    @Test
    void everySignedRouteOfTheDocumentHasASample() {
        Set<String> documented = new TreeSet<>(securedRoutes().stream().map(Secured::path).toList());
        assertThat(documented).isEqualTo(SAMPLES.keySet());
    }

    /** Who may call: an admin on admin routes, the gig's party by owner, else the customer. */
    static PrivateKey rightful(Secured r) {
        if (r.admin()) {
            return ADMIN_KEY;
        }
        return r.owner() != null && r.owner().equals("gig-replier") ? REPLIER_KEY : CUSTOMER_KEY;
    }

    /** Who must get 403: a non-admin, the other party, or a stranger (no wallet account). */
    static PrivateKey wrong(Secured r) {
        if (r.admin()) {
            return CUSTOMER_KEY;
        }
        return switch (r.owner()) {
            case "gig-replier" -> CUSTOMER_KEY;
            case "gig-customer" -> REPLIER_KEY;
            default -> STRANGER_KEY;
        };
    }

    @TestFactory
    List<DynamicTest> matrix() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Secured r : securedRoutes()) {
            Sample sample = SAMPLES.get(r.path());
            tests.add(DynamicTest.dynamicTest(r.path() + ": no credentials -> 401", () -> {
                var a = fx.send(r.path(), sample.body(fx.newGig()), null);
                assertUnauthenticated(a, "no Authorization header");
            }));
            tests.add(DynamicTest.dynamicTest(r.path() + ": expired -> 401", () -> {
                String body = sample.body(fx.newGig());
                String auth = fx.authorization(rightful(r), r.path(), body,
                        Instant.now().minus(Duration.ofSeconds(61 + 60)), nonce());
                assertUnauthenticated(fx.send(r.path(), body, auth), "outside the window");
            }));
            tests.add(DynamicTest.dynamicTest(r.path() + ": bad signature -> 401", () -> {
                String body = sample.body(fx.newGig());
                String auth = fx.authorization(rightful(r), r.path(), body, Instant.now(), nonce());
                // the same header over another body
                assertUnauthenticated(fx.send(r.path(), body + " ", auth), "bad signature");
            }));
            tests.add(DynamicTest.dynamicTest(r.path() + ": replayed -> 401", () -> {
                String body = sample.body(fx.newGig());
                String auth = fx.authorization(rightful(r), r.path(), body, Instant.now(), nonce());
                var first = fx.send(r.path(), body, auth);
                assertThat(first.status()).as(first.body().toString()).isNotIn(401, 403, 500);
                assertUnauthenticated(fx.send(r.path(), body, auth), "replayed");
            }));
            if (r.admin() || r.owner() != null) {
                tests.add(DynamicTest.dynamicTest(r.path() + ": wrong user -> 403", () -> {
                    var a = fx.post(wrong(r), r.path(), sample.body(fx.newGig()));
                    assertThat(a.status()).as(a.body().toString()).isEqualTo(403);
                    assertThat(a.body().path("error").asText()).isNotBlank();
                }));
            }
        }
        return tests;
    }

    static void assertUnauthenticated(ApiFixture.Answer a, String reason) {
        assertThat(a.status()).as(a.body().toString()).isEqualTo(401);
        assertThat(a.authenticate()).startsWith("GG-Schnorr");
        assertThat(a.body().path("error").asText()).contains(reason);
    }

    static byte[] nonce() {
        byte[] n = new byte[16];
        new SecureRandom().nextBytes(n);
        return n;
    }
}
