package org.giggossip.settler.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import java.util.List;
import java.util.TreeSet;
import org.giggossip.http.testing.OpenApiDocuments;
import org.giggossip.settler.testing.ApiFixture;
import org.junit.jupiter.api.Test;

/**
 * The served document read as a client generator reads it (swagger-parser): no parse message,
 * a server to call, every operation with its own operationId (a generator names methods by
 * it), and exactly the routes the server serves.
 */
class OpenApiLintTest {
    @Test
    void theServedDocumentIsCleanForClientGenerators() throws Exception {
        try (ApiFixture fx = new ApiFixture()) {
            String text = fx.http().send(java.net.http.HttpRequest.newBuilder(fx.base.resolve("/openapi.json"))
                    .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            OpenApiDocuments.Checked doc = OpenApiDocuments.clean(text, (route, op) -> {
                assertThat(op.getResponses()).as(route).isNotEmpty();
                assertThat(op.getResponses().keySet()).as("a 4xx answer is documented")
                        .anyMatch(code -> code.startsWith("4"));
            });
            List<String> documented = doc.operations();
            OpenAPI api = doc.api();
            assertThat(new TreeSet<>(documented)).isEqualTo(new TreeSet<>(fx.server.routeList()));
            assertThat(documented).hasSameSizeAs(fx.server.routeList());
            Operation health = api.getPaths().get("/v1/health").getGet();
            assertThat(health.getSecurity()).isEmpty();
        }
    }
}
