package org.giggossip.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A node's private key on disk, as a PEM "EC PRIVATE KEY" file
 * ({@link EcPrivateKeyPem}; {@code openssl ec -in FILE -text -noout} reads it).
 *
 * <p>Writing is atomic and private: the key goes to a temporary file in the same
 * directory that is created owner-only ({@code rw-------}) from the start, is
 * flushed to disk, and is then moved into place in one step, so no other user
 * can ever read it and a crash never leaves half a key. New parent directories
 * are created owner-only ({@code rwx------}). On file systems without POSIX
 * permissions the file gets an owner-only ACL where ACLs exist.
 *
 * <p>Reading is strict, like ssh's: on a POSIX file system a file that its group
 * or others may access is refused, as is anything that is not a regular file, is
 * over {@link #MAX_FILE_SIZE} bytes (checked before reading), or is not a valid
 * secp256k1 key. Every failure is a {@link KeyFileException} naming the file.
 */
public final class KeyFile {
    /** Larger files are refused unread; a key file is about 220 bytes. */
    public static final int MAX_FILE_SIZE = 4096;

    private static final Set<PosixFilePermission> OWNER_FILE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_DIR = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private KeyFile() {}

    /** Writes {@code key} to a new file; refuses to replace an existing one. */
    public static void save(Path file, PrivateKey key) throws KeyFileException {
        save(file, key, false);
    }

    /**
     * Writes {@code key} to {@code file}, atomically replacing an existing file
     * only when {@code replace} is true. Creates missing parent directories.
     */
    public static void save(Path file, PrivateKey key, boolean replace) throws KeyFileException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        createDirectories(file, dir);
        byte[] pem = EcPrivateKeyPem.encode(key);
        Path tmp = null;
        try {
            tmp = posix(dir)
                    ? Files.createTempFile(dir, ".key-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_FILE))
                    : Files.createTempFile(dir, ".key-", ".tmp");
            if (!posix(dir)) {
                restrictAclToOwner(tmp);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(pem);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (replace) {
                moveReplacing(tmp, target);
            } else {
                linkNoClobber(file, tmp, target);
            }
            syncDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new KeyFileException(file, "already exists; refusing to overwrite a key", e);
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot write: " + e, e);
        } finally {
            Arrays.fill(pem, (byte) 0);
            deleteQuietly(tmp);
        }
    }

    /** Reads and checks a key file. */
    public static PrivateKey load(Path file) throws KeyFileException {
        byte[] text = null;
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                throw new KeyFileException(file, "not a regular file");
            }
            if (posix(file)) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (!java.util.Collections.disjoint(perms, GROUP_OR_OTHERS)) {
                    throw new KeyFileException(file, "permissions " + PosixFilePermissions.toString(perms)
                            + " are too open; a private key must be accessible by its owner only"
                            + " (run: chmod 600 " + file + ")");
                }
            }
            if (attrs.size() > MAX_FILE_SIZE) {
                throw new KeyFileException(file, "is " + attrs.size() + " bytes, larger than any key file ("
                        + MAX_FILE_SIZE + " bytes at most)");
            }
            try (InputStream in = Files.newInputStream(file)) {
                text = in.readNBytes(MAX_FILE_SIZE + 1);
            }
            if (text.length > MAX_FILE_SIZE) {
                throw new KeyFileException(file, "grew past " + MAX_FILE_SIZE + " bytes while being read");
            }
            return switch (EcPrivateKeyPem.decode(text)) {
                case EcPrivateKeyPem.Decoded.Key k -> k.key();
                case EcPrivateKeyPem.Decoded.Malformed m ->
                        throw new KeyFileException(file, "not a secp256k1 EC PRIVATE KEY PEM file: " + m.reason());
            };
        } catch (NoSuchFileException e) {
            throw new KeyFileException(file, "does not exist", e);
        } catch (KeyFileException e) {
            throw e;
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot read: " + e, e);
        } finally {
            if (text != null) {
                Arrays.fill(text, (byte) 0);
            }
        }
    }

    /**
     * Loads the key in {@code file}, or, when there is no such file, creates one
     * with a new random key (and any missing parent directories). If another
     * process creates the file at the same moment, its key wins and is loaded.
     */
    public static PrivateKey loadOrCreate(Path file, SecureRandom random) throws KeyFileException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return load(file);
        }
        PrivateKey key = PrivateKey.generate(random);
        try {
            save(file, key, false);
            return key;
        } catch (KeyFileException e) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return load(file); // lost a race with another creator
            }
            throw e;
        }
    }

    private static void createDirectories(Path file, Path dir) throws KeyFileException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_DIR);
                Files.createDirectories(dir, ownerOnly);
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot create directory " + dir + ": " + e, e);
        }
    }

    /** Puts {@code tmp} at {@code target} unless something is already there (link(2) is atomic and no-clobber). */
    private static void linkNoClobber(Path file, Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // No hard links here (FAT, some network file systems): check, then move. A racing
            // creator in between could be overwritten; this is the best such a file system offers.
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            moveReplacing(tmp, target);
        }
    }

    private static void moveReplacing(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the new directory entry durable; not every platform can open a directory, so best effort. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // The file itself is already on disk; only the rename may be lost on a crash.
        }
    }

    /** On ACL file systems (Windows), grants access to the file's owner only. */
    private static void restrictAclToOwner(Path file) throws IOException {
        AclFileAttributeView view = Files.getFileAttributeView(file, AclFileAttributeView.class);
        if (view == null) {
            return; // neither POSIX nor ACL: nothing better is available
        }
        AclEntry ownerOnly = AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(view.getOwner())
                .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                .build();
        view.setAcl(List.of(ownerOnly));
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // a leftover owner-only temporary file; nothing more to do
        }
    }
}
