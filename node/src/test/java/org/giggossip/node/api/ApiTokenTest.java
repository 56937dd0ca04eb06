package org.giggossip.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenTest {
    @TempDir
    Path dir;

    @Test
    void createsAnOwnerOnlyTokenOnceAndReadsItLater() throws IOException {
        Path file = dir.resolve("data/api.token");
        String token = ApiToken.loadOrCreate(file, new SecureRandom());
        assertThat(token).matches("[0-9a-f]{64}");
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThat(ApiToken.loadOrCreate(file, new SecureRandom())).as("not replaced").isEqualTo(token);
        assertThat(ApiToken.read(file)).isEqualTo(token);
    }

    @Test
    void twoTokensDiffer() throws IOException {
        assertThat(ApiToken.loadOrCreate(dir.resolve("a"), new SecureRandom()))
            .isNotEqualTo(ApiToken.loadOrCreate(dir.resolve("b"), new SecureRandom()));
    }

    @Test
    void refusesAFileWithoutAToken() throws IOException {
        Path file = dir.resolve("api.token");
        Files.writeString(file, "hunter2\n");
        IOException e = assertThrows(IOException.class, () -> ApiToken.read(file));
        assertThat(e.getMessage()).contains("does not hold an API token");
    }
}
