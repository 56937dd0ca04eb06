package org.giggossip.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** A JSON answer: a status and a body, written with the service's JSON mapper. */
public record Reply(int status, JsonNode body) {
    public Reply {
        Objects.requireNonNull(body, "body");
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("bad status " + status);
        }
    }

    /** 200 with {@code body}. */
    public static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }
}
