package org.giggossip.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.giggossip.core.util.Hex;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    @Test
    void savesOwnerOnlyAndLoadsBack() throws IOException {
        assumePosix();
        PrivateKey key = PrivateKey.generate(RANDOM);
        Path file = dir.resolve("node.key");
        KeyFile.save(file, key);

        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("-----BEGIN EC PRIVATE KEY-----\n");
        assertThat(KeyFile.load(file).secretBytes()).isEqualTo(key.secretBytes());
        try (var entries = Files.list(dir)) {
            assertThat(entries).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void refusesToOverwriteUnlessAskedTo() throws IOException {
        Path file = dir.resolve("node.key");
        PrivateKey first = PrivateKey.generate(RANDOM);
        PrivateKey second = PrivateKey.generate(RANDOM);
        KeyFile.save(file, first);

        assertThatThrownBy(() -> KeyFile.save(file, second))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("already exists");
        assertThat(KeyFile.load(file).publicKey()).isEqualTo(first.publicKey());

        KeyFile.save(file, second, true);
        assertThat(KeyFile.load(file).publicKey()).isEqualTo(second.publicKey());
        if (posix()) {
            assertThat(permissions(file)).isEqualTo("rw-------");
        }
        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactly(file);
        }
    }

    @Test
    void refusesGroupOrWorldAccessibleFiles() throws IOException {
        assumePosix();
        Path file = dir.resolve("node.key");
        KeyFile.save(file, PrivateKey.generate(RANDOM));
        for (String perms : new String[] {"rw-r-----", "rw----r--", "rw-rw-rw-", "rw-----w-"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
            assertThatThrownBy(() -> KeyFile.load(file))
                    .as(perms)
                    .isInstanceOf(KeyFileException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining(perms)
                    .hasMessageContaining("chmod 600");
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertThat(KeyFile.load(file)).isNotNull();
    }

    @Test
    void refusesMalformedFiles() throws IOException {
        assertRefused("garbage.key", "hello, world\n".getBytes(StandardCharsets.US_ASCII), "EC PRIVATE KEY");
        assertRefused("pkcs8.key", EcPrivateKeyPemTest.ascii(
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), "found 'PRIVATE KEY'");
        byte[] pem = EcPrivateKeyPem.encode(PrivateKey.generate(RANDOM));
        assertRefused("truncated.key", java.util.Arrays.copyOf(pem, pem.length / 2), "-----END");
        assertRefused("empty.key", new byte[0], "empty");
    }

    @Test
    void refusesOtherCurvesAndInvalidKeys() throws IOException {
        byte[] secret = PrivateKey.generate(RANDOM).secretBytes();
        assertRefused("p256.key", EcPrivateKeyPemTest.pem(EcPrivateKeyPemTest.der(
                1, secret, Hex.decode("2a8648ce3d030107"), null)), "1.2.840.10045.3.1.7");
        assertRefused("zero.key", EcPrivateKeyPemTest.pem(EcPrivateKeyPemTest.der(
                1, new byte[32], Hex.decode("2b8104000a"), null)), "not a valid secp256k1 secret");
        assertRefused("order.key", EcPrivateKeyPemTest.pem(EcPrivateKeyPemTest.der(
                1, Bip340Reference.toBytes(Bip340Reference.N), Hex.decode("2b8104000a"), null)),
                "not a valid secp256k1 secret");
    }

    @Test
    void refusesOversizedFilesBeforeReadingThem() throws IOException {
        byte[] big = new byte[KeyFile.MAX_FILE_SIZE + 1];
        java.util.Arrays.fill(big, (byte) 'A');
        assertRefused("big.key", big, "larger than any key file");
    }

    @Test
    void refusesDirectoriesAndMissingFiles() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertThatThrownBy(() -> KeyFile.load(sub))
                .isInstanceOf(KeyFileException.class).hasMessageContaining(sub.toString()).hasMessageContaining("regular");
        Path missing = dir.resolve("missing.key");
        assertThatThrownBy(() -> KeyFile.load(missing))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist")
                .satisfies(e -> assertThat(((KeyFileException) e).path()).isEqualTo(missing));
    }

    @Test
    void loadOrCreateCreatesOwnerOnlyParentsThenLoadsTheSameKey() throws IOException {
        Path file = dir.resolve("a/b/node.key");
        PrivateKey created = KeyFile.loadOrCreate(file, RANDOM);
        assertThat(Files.isRegularFile(file)).isTrue();
        if (posix()) {
            assertThat(permissions(file)).isEqualTo("rw-------");
            assertThat(permissions(dir.resolve("a"))).isEqualTo("rwx------");
            assertThat(permissions(dir.resolve("a/b"))).isEqualTo("rwx------");
        }
        PrivateKey loaded = KeyFile.loadOrCreate(file, RANDOM);
        assertThat(loaded.secretBytes()).isEqualTo(created.secretBytes());
    }

    @Test
    void loadOrCreateStillRefusesAnUnsafeExistingFile() throws IOException {
        assumePosix();
        Path file = dir.resolve("node.key");
        Files.writeString(file, "not a key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> KeyFile.loadOrCreate(file, RANDOM)).isInstanceOf(KeyFileException.class);
        assertThat(Files.readString(file)).as("an existing file is never replaced").isEqualTo("not a key");
    }

    // ---- interoperability with OpenSSL (skipped only when the binary is absent) ----

    @Test
    void opensslReadsOurKeyFile() throws Exception {
        assumeOpenssl();
        PrivateKey key = PrivateKey.generate(RANDOM);
        Path file = dir.resolve("node.key");
        KeyFile.save(file, key);

        String text = run("openssl", "ec", "-in", file.toString(), "-text", "-noout");
        assertThat(text).contains("ASN1 OID: secp256k1");
        assertThat(hexBlock(text, "priv")).isEqualTo(new BigInteger(1, key.secretBytes()));
        BigInteger pub = hexBlock(text, "pub"); // 04 || x || y
        assertThat(Bip340Reference.toBytes(pub.shiftRight(256))).isEqualTo(key.publicKey().bytes());
    }

    @Test
    void weLoadAKeyFileMadeByOpenssl() throws Exception {
        assumeOpenssl();
        Path file = dir.resolve("openssl.key");
        run("openssl", "ecparam", "-name", "secp256k1", "-genkey", "-noout", "-out", file.toString());
        if (posix()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        PrivateKey key = KeyFile.load(file);
        String text = run("openssl", "ec", "-in", file.toString(), "-text", "-noout");
        assertThat(new BigInteger(1, key.secretBytes())).isEqualTo(hexBlock(text, "priv"));
        assertThat(Bip340Reference.toBytes(hexBlock(text, "pub").shiftRight(256))).isEqualTo(key.publicKey().bytes());
    }

    // ---- helpers ----

    private void assertRefused(String name, byte[] content, String reasonPart) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        if (posix()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        assertThatThrownBy(() -> KeyFile.load(file))
                .as(name)
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(reasonPart);
    }

    private boolean posix() {
        return Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    }

    private void assumePosix() {
        Assumptions.assumeTrue(posix(), "the temporary directory has no POSIX permissions");
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static void assumeOpenssl() {
        boolean present;
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        Assumptions.assumeTrue(present, "the openssl binary is not on the PATH; skipping the OpenSSL interoperability check");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s%n%s", String.join(" ", command), out).isZero();
        return out;
    }

    /** The colon-separated hex block after a line {@code label:} in {@code openssl ec -text} output. */
    private static BigInteger hexBlock(String text, String label) {
        Matcher m = Pattern.compile("(?m)^" + label + ":\\s*\\n((?:\\s+[0-9a-f:]+\\n)+)").matcher(text);
        assertThat(m.find()).as("'%s:' block in%n%s", label, text).isTrue();
        return new BigInteger(m.group(1).replaceAll("[\\s:]", ""), 16);
    }
}
