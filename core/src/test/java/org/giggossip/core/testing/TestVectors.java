package org.giggossip.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The official test vectors kept in this project, unedited, under
 * {@code core/src/test/resources/vectors/} (see the README there for each file's
 * origin). They are test resources of {@code core}, so the modules that depend on
 * core's test jar read them from the class path too.
 *
 * <p>A missing file is an error, never a reason to skip: a test that cannot read its
 * vectors fails.
 */
public final class TestVectors {
    /** The class-path folder of the vector files. */
    public static final String FOLDER = "vectors/";

    private TestVectors() {}

    /** The lines of the vector file {@code name} (a file name under {@link #FOLDER}). */
    public static List<String> lines(String name) {
        return text(name).lines().toList();
    }

    /** The whole vector file {@code name}, as UTF-8. */
    public static String text(String name) {
        String resource = FOLDER + name;
        try (InputStream in = TestVectors.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test vector file " + resource
                        + " is not on the class path (it belongs in core/src/test/resources/" + resource + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
