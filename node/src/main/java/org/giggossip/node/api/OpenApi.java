package org.giggossip.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The hand-written OpenAPI 3.1 document of the app API, a resource beside this class. */
public final class OpenApi {
    /** The resource's name, relative to this class. */
    public static final String RESOURCE = "openapi.json";

    private static final JsonNode DOCUMENT = load();

    private OpenApi() {}

    /** The parsed document (shared; do not modify). */
    public static JsonNode document() {
        return DOCUMENT;
    }

    private static JsonNode load() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return ApiJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
