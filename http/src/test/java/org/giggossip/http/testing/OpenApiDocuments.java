package org.giggossip.http.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * A served OpenAPI document read as a client generator reads it (swagger-parser), for the
 * services' document tests: no parse message, a server to call, and every operation with an
 * operationId of its own (a generator names its methods by it).
 */
public final class OpenApiDocuments {
    private OpenApiDocuments() {}

    /** A document that passed {@link #clean}: the parsed model and its operations as {@code "METHOD /path"}. */
    public record Checked(OpenAPI api, List<String> operations) {}

    /**
     * Parses {@code text} and asserts what a client generator needs; {@code eachOperation} adds
     * a service's own checks of each operation (its route, as {@code "METHOD /path"}, first).
     */
    public static Checked clean(String text, BiConsumer<String, Operation> eachOperation) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text, null, options);
        assertThat(parsed.getMessages()).isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api).isNotNull();
        assertThat(api.getServers()).isNotEmpty();
        assertThat(api.getServers()).allSatisfy(s -> assertThat(s.getUrl()).isNotBlank());
        List<String> ids = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            String route = method.name().toUpperCase(Locale.ROOT) + " " + path;
            operations.add(route);
            assertThat(op.getOperationId()).as(route).isNotBlank();
            ids.add(op.getOperationId());
            eachOperation.accept(route, op);
        }));
        assertThat(ids).doesNotHaveDuplicates();
        return new Checked(api, List.copyOf(operations));
    }
}
