package org.giggossip.node.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The last number of a remote journal this node has handled (the settler's
 * notices, a regtest wallet's events), kept in a small file so that a restart
 * asks only for what came after it. Written atomically (temporary file, then
 * rename); a missing or unreadable file reads as 0, which only repeats old
 * notices, which the engine ignores. Thread-safe.
 */
final class Cursor {
    private static final System.Logger LOG = System.getLogger(Cursor.class.getName());
    private final Path file;

    Cursor(Path file) {
        this.file = file;
    }

    synchronized long load() {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return text.matches("[0-9]{1,18}") ? Long.parseLong(text) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    synchronized void save(long seq) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, Long.toString(seq), StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save " + file + ": " + e.getMessage());
        }
    }
}
