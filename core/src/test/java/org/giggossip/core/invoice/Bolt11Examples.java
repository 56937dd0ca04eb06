package org.giggossip.core.invoice;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.testing.TestVectors;
import org.giggossip.core.util.Hex;

/**
 * The examples of BOLT 11, read from the project's unedited copy
 * {@code core/src/test/resources/vectors/bolt11-examples.txt} (origin in the README there).
 *
 * <p>The file is the "Examples" section of BOLT 11 in Markdown: each example is a
 * heading line {@code > ### title} (once {@code > # title}), the invoice on the
 * next non-blank line (after {@code > }, or bare once, after an empty quote
 * line), then a breakdown whose "Signature breakdown" lines, where present, give
 * the signature, recovery flag, signed bytes and their SHA-256 in backticks. The
 * heading {@code # Examples of Invalid Invoices} starts the invalid ones. The
 * signing key and the payment secret are stated once, near the top.
 */
final class Bolt11Examples {
    static final String FILE = "bolt11-examples.txt";
    static final String INVALID_SECTION = "# Examples of Invalid Invoices";

    /** One example; the optional parts are those of its signature breakdown. */
    record Example(String title, String invoice, boolean valid, Optional<String> signatureHex,
                   Optional<Integer> recoveryFlag, Optional<String> signedDataHex, Optional<String> digestHex) {
        @Override
        public String toString() {
            return title;
        }
    }

    /** The whole file, parsed once. */
    record File(PrivateKey key, byte[] paymentSecret, List<Example> examples) {
        Example example(String title) {
            return examples.stream().filter(e -> e.title().equals(title)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no example titled '" + title + "' in " + FILE));
        }

        List<Example> valid() {
            return examples.stream().filter(Example::valid).toList();
        }

        List<Example> invalid() {
            return examples.stream().filter(e -> !e.valid()).toList();
        }
    }

    private static File cached;

    private Bolt11Examples() {}

    static synchronized File load() {
        if (cached == null) {
            cached = parse(TestVectors.lines(FILE));
        }
        return cached;
    }

    static File parse(List<String> lines) {
        String key = null;
        String secret = null;
        List<Example> examples = new ArrayList<>();
        boolean valid = true;
        Builder current = null;
        String pendingTitle = null;
        for (String line : lines) {
            if (key == null && line.contains("`priv_key`=")) {
                key = backticked(line, line.indexOf("`priv_key`=") + "`priv_key`=".length());
            }
            if (secret == null && line.contains("`payment_secret`=")) {
                secret = backticked(line, line.indexOf("`payment_secret`=") + "`payment_secret`=".length());
            }
            if (line.startsWith(INVALID_SECTION)) {
                valid = false;
                continue;
            }
            String quoted = line.startsWith(">") ? line.substring(1).strip() : line.strip();
            if (line.startsWith(">") && quoted.startsWith("#")) {
                if (current != null) {
                    examples.add(current.build());
                    current = null;
                }
                pendingTitle = quoted.replaceFirst("^#+\\s*", "");
                continue;
            }
            if (pendingTitle != null) {
                if (!quoted.isEmpty()) {
                    current = new Builder(pendingTitle, quoted, valid);
                    pendingTitle = null;
                }
                continue;
            }
            if (current != null) {
                current.breakdown(line);
            }
        }
        if (current != null) {
            examples.add(current.build());
        }
        if (key == null || secret == null || examples.isEmpty()) {
            throw new IllegalStateException(FILE + ": no priv_key, payment_secret or examples found");
        }
        return new File(PrivateKey.of(Hex.decode(key)), Hex.decode(secret), List.copyOf(examples));
    }

    /** The text between the first pair of backticks at or after {@code from}. */
    private static String backticked(String line, int from) {
        int open = line.indexOf('`', from);
        int close = line.indexOf('`', open + 1);
        if (open < 0 || close < 0) {
            throw new IllegalStateException(FILE + ": no `value` in '" + line + "'");
        }
        return line.substring(open + 1, close);
    }

    private static final class Builder {
        final String title;
        final String invoice;
        final boolean valid;
        String signature;
        Integer recoveryFlag;
        String signedData;
        String digest;

        Builder(String title, String invoice, boolean valid) {
            this.title = title;
            this.invoice = invoice;
            this.valid = valid;
        }

        void breakdown(String line) {
            if (line.contains("hex of signature data")) {
                signature = backticked(line, 0);
            } else if (line.contains("recovery flag")) {
                recoveryFlag = Integer.parseInt(backticked(line, 0));
            } else if (line.contains("hex of data for signing")) {
                signedData = backticked(line, 0);
            } else if (line.contains("hex of SHA256 of the preimage")) {
                digest = backticked(line, 0);
            }
        }

        Example build() {
            return new Example(title, invoice, valid, Optional.ofNullable(signature), Optional.ofNullable(recoveryFlag),
                    Optional.ofNullable(signedData), Optional.ofNullable(digest));
        }
    }
}
