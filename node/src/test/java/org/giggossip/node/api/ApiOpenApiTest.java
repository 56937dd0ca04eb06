package org.giggossip.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.giggossip.http.json.CoreJson;
import org.giggossip.http.testing.OpenApiDocuments;
import org.junit.jupiter.api.Test;

/** The OpenAPI document lists exactly the routes the server handles, and every reference resolves. */
class ApiOpenApiTest {

    private static List<String> documented(JsonNode doc) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                out.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }
        return out;
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteIsServed() throws Exception {
        try (ApiServerFixture f = new ApiServerFixture()) {
            List<String> served = f.server.routeList();
            assertThat(served).hasSizeGreaterThanOrEqualTo(14);
            assertThat(documented(OpenApi.document())).containsExactlyInAnyOrderElementsOf(served);
        }
    }

    @Test
    void theServedDocumentIsCleanForClientGenerators() throws Exception {
        try (ApiServerFixture f = new ApiServerFixture()) {
            List<String> documented = OpenApiDocuments.clean(f.get("/openapi.json").body(),
                    (route, op) -> assertThat(op.getResponses().get("401")).as(route).isNotNull()).operations();
            assertThat(documented).containsExactlyInAnyOrderElementsOf(f.server.routeList());
        }
    }

    @Test
    void isOpenApi31WithTheBearerSchemeRequiredEverywhere() {
        JsonNode doc = OpenApi.document();
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(doc.path("components").path("securitySchemes").path("bearer").path("scheme").asText())
            .isEqualTo("bearer");
        assertThat(doc.path("security").get(0).has("bearer")).isTrue();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                assertThat(op.getValue().path("responses").has("401")).as(op.getKey() + " " + path.getKey()).isTrue();
                if (path.getKey().contains("{id}")) {
                    assertThat(op.getValue().path("parameters").get(0).path("name").asText()).isEqualTo("id");
                }
            }
        }
    }

    @Test
    void everySchemaReferenceResolves() {
        JsonNode doc = OpenApi.document();
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    @Test
    void eachViewSchemaHasExactlyTheFieldsTheMapperWrites() {
        JsonNode schemas = OpenApi.document().path("components").path("schemas");
        Map<String, Class<? extends Record>> views = Map.of("Balance", Balance.class, "Invoice", InvoiceView.class,
                "Job", JobView.class, "NodeStatus", NodeStatus.class, "Offer", OfferView.class, "Peer", PeerView.class,
                "Work", WorkView.class);
        for (Map.Entry<String, Class<? extends Record>> v : views.entrySet()) {
            List<String> fields = Arrays.stream(v.getValue().getRecordComponents())
                    .map(c -> CoreJson.fieldName(c.getName())).toList();
            List<String> documented = new ArrayList<>();
            schemas.path(v.getKey()).path("properties").fieldNames().forEachRemaining(documented::add);
            assertThat(documented).as(v.getKey()).containsExactlyInAnyOrderElementsOf(fields);
        }
        List<String> event = new ArrayList<>();
        schemas.path("Event").path("properties").fieldNames().forEachRemaining(event::add);
        assertThat(event).containsExactlyInAnyOrder("seq", "at", "type", "event");
    }

    @Test
    void isServedAtItsOwnRoute() throws Exception {
        try (ApiServerFixture f = new ApiServerFixture()) {
            var r = f.get("/openapi.json");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(ApiJson.MAPPER.readTree(r.body())).isEqualTo(OpenApi.document());
        }
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equals("$ref")) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, out));
        }
    }
}
