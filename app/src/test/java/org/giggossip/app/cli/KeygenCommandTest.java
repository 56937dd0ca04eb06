package org.giggossip.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.giggossip.core.crypto.KeyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenCommandTest {

    @TempDir
    Path dir;

    /** What one {@code gg} invocation returned and printed. */
    record Result(int exitCode, String out, String err) {}

    @Test
    void createsAnOwnerOnlyKeyFileAndPrintsItsPublicKey() throws IOException {
        Path file = dir.resolve("node.key");
        Result r = gg("keygen", "--out", file.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).matches("[0-9a-f]{64}");
        assertThat(r.out().strip()).isEqualTo(KeyFile.load(file).publicKey().hex());
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void refusesToOverwriteWithoutForce() throws IOException {
        Path file = dir.resolve("node.key");
        Result first = gg("keygen", "--out", file.toString());
        byte[] before = Files.readAllBytes(file);

        Result second = gg("keygen", "--out", file.toString());

        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.out()).isEmpty();
        assertThat(second.err()).contains(file.toString()).contains("already exists").contains("--force");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(KeyFile.load(file).publicKey().hex()).isEqualTo(first.out().strip());
    }

    @Test
    void forceReplacesTheKey() throws IOException {
        Path file = dir.resolve("node.key");
        Result first = gg("keygen", "--out", file.toString());
        Result forced = gg("keygen", "--out", file.toString(), "--force");

        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out().strip()).isNotEqualTo(first.out().strip());
        assertThat(KeyFile.load(file).publicKey().hex()).isEqualTo(forced.out().strip());
    }

    @Test
    void createsMissingParentDirectories() throws IOException {
        Path file = dir.resolve("home/.gg/node.key");
        Result r = gg("keygen", "--out", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(KeyFile.load(file).publicKey().hex()).isEqualTo(r.out().strip());
    }

    @Test
    void withoutOutIsAUsageError() {
        Result r = gg("keygen");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--out");
    }

    @Test
    void isListedInTheHelp() {
        Result r = gg("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("keygen");
    }

    private static Result gg(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Gg.run(args);
            System.out.flush();
            System.err.flush();
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
