package org.giggossip.node.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The app API's bearer token: 32 random bytes as 64 hex digits in a file
 * readable by its owner only ({@code rw-------}), created on the node's first
 * start and read on later ones. Whoever can read the file can drive the node.
 */
public final class ApiToken {
    /** The file's name in the node's data directory ({@code gg-data/api.token} by default). */
    public static final String FILE_NAME = "api.token";
    private static final int BYTES = 32;

    private ApiToken() {}

    /**
     * The token in {@code file}, creating the file (and missing parent directories)
     * with a fresh random token if it does not exist.
     *
     * @throws IOException if the file cannot be created or read, or holds no valid token
     */
    public static String loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (!Files.exists(file)) {
            byte[] b = new byte[BYTES];
            random.nextBytes(b);
            String token = HexFormat.of().formatHex(b);
            try {
                write(file, token);
                return token;
            } catch (FileAlreadyExistsException e) {
                // another process created it first: read theirs
            }
        }
        return read(file);
    }

    /** The token in an existing file (as the CLI reads it). */
    public static String read(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!token.matches("[0-9a-f]{" + BYTES * 2 + "}")) {
            throw new IOException(file + " does not hold an API token (" + BYTES * 2 + " lower-case hex digits)");
        }
        return token;
    }

    private static void write(Path file, String token) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(parent)) {
            if (posix) {
                Files.createDirectories(parent,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(parent);
            }
        }
        FileAttribute<?>[] attrs = posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];
        // createFile fails if the file exists, so a token is never overwritten
        Files.createFile(file, attrs);
        Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
    }
}
