package org.giggossip.core.topic;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Any other kind of gig (delivery, freelance work, ...): a kind name that nodes
 * may filter on and opaque bytes that only the application understands.
 *
 * @param kind short name of the application, e.g. {@code "delivery/v1"}; 1 to {@value #MAX_KIND_BYTES} UTF-8 bytes
 * @param data opaque description, at most {@value #MAX_DATA_BYTES} bytes; copied in and out
 */
public record ApplicationTopic(String kind, byte[] data) implements Topic {
    public static final int MAX_KIND_BYTES = 64;
    public static final int MAX_DATA_BYTES = 4096;

    public ApplicationTopic {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(data, "data");
        int kindBytes = kind.getBytes(StandardCharsets.UTF_8).length;
        if (kindBytes == 0 || kindBytes > MAX_KIND_BYTES) {
            throw new IllegalArgumentException("kind must be 1 to " + MAX_KIND_BYTES + " bytes");
        }
        if (data.length > MAX_DATA_BYTES) {
            throw new IllegalArgumentException("data is " + data.length + " bytes, at most " + MAX_DATA_BYTES);
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApplicationTopic other && kind.equals(other.kind) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ApplicationTopic[kind=" + kind + ", data=" + data.length + " bytes]";
    }
}
