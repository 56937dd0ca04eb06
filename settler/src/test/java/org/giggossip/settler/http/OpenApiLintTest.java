package org.giggossip.settler.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
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
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text, null, options);
            assertThat(parsed.getMessages()).isEmpty();
            OpenAPI api = parsed.getOpenAPI();
            assertThat(api).isNotNull();
            assertThat(api.getServers()).isNotEmpty();
            assertThat(api.getServers()).allSatisfy(s -> assertThat(s.getUrl()).isNotBlank());

            List<String> ids = new ArrayList<>();
            List<String> documented = new ArrayList<>();
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
                documented.add(method.name().toUpperCase(Locale.ROOT) + " " + path);
                assertThat(op.getOperationId()).as(method + " " + path).isNotBlank();
                ids.add(op.getOperationId());
                assertThat(op.getResponses()).as(method + " " + path).isNotEmpty();
                assertThat(op.getResponses().keySet()).as("a 4xx answer is documented")
                        .anyMatch(code -> code.startsWith("4"));
            }));
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(new TreeSet<>(documented)).isEqualTo(new TreeSet<>(fx.server.routeList()));
            assertThat(documented).hasSameSizeAs(fx.server.routeList());
            Operation health = api.getPaths().get("/v1/health").getGet();
            assertThat(health.getSecurity()).isEmpty();
        }
    }
}
