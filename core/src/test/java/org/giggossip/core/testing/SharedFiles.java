package org.giggossip.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Files of the shared directory beside the repository ({@code ../shared}), such
 * as the test vectors, which tests read as they are and never edit.
 */
public final class SharedFiles {
    private SharedFiles() {}

    /**
     * {@code relative} under the shared directory: system property
     * {@code giggossip.shared} (set by surefire), else {@code ../../shared} from
     * the working directory. Throws {@link IllegalStateException} naming the
     * places tried when the file is in none of them.
     */
    public static Path resolve(String relative) {
        List<Path> tried = new ArrayList<>();
        String property = System.getProperty("giggossip.shared");
        if (property != null && !property.isBlank()) {
            tried.add(Path.of(property).resolve(relative));
        }
        tried.add(Path.of(System.getProperty("user.dir")).resolve("../../shared").resolve(relative));
        return tried.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
                relative + " not found; tried " + tried + " (set -Dgiggossip.shared=/path/to/shared)"));
    }
}
