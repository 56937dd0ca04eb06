package org.giggossip.lightning.lnd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Hash32;

/**
 * The payment hashes an {@link LndWallet} tracks, in a small text file
 * ({@value #FILE_NAME}) so that a wallet opened again (after a restart) knows
 * which invoices to subscribe to again and which payments to track: lnd keeps the
 * invoices and payments, this file only says which ones are the wallet's and not
 * yet final. One line per item: {@code invoice <hash hex>} for an invoice the
 * wallet created that is not settled or cancelled, {@code payment <hash hex>
 * <call id>} for a payment not yet settled or failed (the call id is the one of
 * the {@code Pay} request, reported again in its {@code PaymentAccepted}).
 *
 * <p>Every change rewrites the file to a temporary file and moves it over the
 * old one, so a crash leaves the old or the new list, never half of one. Owned
 * by the wallet's thread.
 */
final class LndWalletStore {
    static final String FILE_NAME = "lnd-wallet.state";
    /** Far more than any node tracks at once; a larger file is not ours. */
    static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(LndWalletStore.class.getName());

    private final Path file;
    private final Set<Hash32> invoices = new LinkedHashSet<>();
    private final Map<Hash32, Long> payments = new LinkedHashMap<>();

    private LndWalletStore(Path file) {
        this.file = file;
    }

    /**
     * Opens the store in {@code directory}, creating the directory if needed and
     * reading the file if there is one. Throws {@link UncheckedIOException} if it
     * cannot be read, and {@link IllegalArgumentException} naming the line if it is
     * not a store file.
     */
    static LndWalletStore open(Path directory) {
        try {
            Files.createDirectories(directory);
            LndWalletStore store = new LndWalletStore(directory.resolve(FILE_NAME));
            if (Files.exists(store.file)) {
                long size = Files.size(store.file);
                if (size > MAX_FILE_BYTES) {
                    throw new IllegalArgumentException(store.file + " is " + size + " bytes, more than "
                            + MAX_FILE_BYTES + ": not an lnd wallet state file");
                }
                int n = 0;
                for (String line : Files.readAllLines(store.file, StandardCharsets.UTF_8)) {
                    n++;
                    store.parse(line, n);
                }
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lnd wallet state in " + directory, e);
        }
    }

    private void parse(String line, int n) {
        if (line.isBlank()) {
            return;
        }
        String[] parts = line.trim().split(" ");
        try {
            if (parts[0].equals("invoice") && parts.length == 2) {
                invoices.add(hash(parts[1]));
                return;
            }
            if (parts[0].equals("payment") && parts.length == 3) {
                payments.put(hash(parts[1]), Long.parseLong(parts[2]));
                return;
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " line " + n + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(file + " line " + n + " is not 'invoice <hash>' or 'payment <hash> <call>'");
    }

    private static Hash32 hash(String hex) {
        byte[] bytes = Hex.tryDecode(hex).orElseThrow(() -> new IllegalArgumentException("not hex: " + hex));
        if (bytes.length != Hash32.SIZE) {
            throw new IllegalArgumentException("a payment hash is " + Hash32.SIZE + " bytes, not " + bytes.length);
        }
        return Hash32.of(bytes);
    }

    /** The invoices to subscribe to, in the order they were added. */
    List<Hash32> invoices() {
        return List.copyOf(invoices);
    }

    /** The payments to track, with the call id of their {@code Pay}, in the order they were added. */
    Map<Hash32, Long> payments() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(payments));
    }

    boolean tracksInvoice(Hash32 hash) {
        return invoices.contains(hash);
    }

    void addInvoice(Hash32 hash) {
        if (invoices.add(hash)) {
            save();
        }
    }

    void removeInvoice(Hash32 hash) {
        if (invoices.remove(hash)) {
            save();
        }
    }

    void addPayment(Hash32 hash, long callId) {
        Long old = payments.put(hash, callId);
        if (old == null || old != callId) {
            save();
        }
    }

    void removePayment(Hash32 hash) {
        if (payments.remove(hash) != null) {
            save();
        }
    }

    private void save() {
        List<String> lines = new ArrayList<>(invoices.size() + payments.size());
        for (Hash32 h : invoices) {
            lines.add("invoice " + h.hex());
        }
        payments.forEach((h, call) -> lines.add("payment " + h.hex() + " " + call));
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the wallet keeps working from memory; only a restart would miss these hashes
            LOG.log(System.Logger.Level.WARNING, "cannot save the lnd wallet state to " + file + ": " + e);
        }
    }
}
