package org.giggossip.node.config;

import java.nio.file.Path;

/**
 * Where an LND node is, for a {@code [wallet] backend = lnd} (node or settler):
 * {@code lnd_host} (default 127.0.0.1), {@code lnd_port} (default 10009), and the
 * {@code lnd_tls_cert} and {@code lnd_macaroon} files, required.
 */
public record LndSettings(String host, int port, Path tlsCert, Path macaroon) {

    /** The INI keys of an LND node in the {@code [wallet]} section. */
    static final java.util.Set<String> KEYS = java.util.Set.of("lnd_host", "lnd_port", "lnd_tls_cert",
            "lnd_macaroon");

    /** Reads the {@code [wallet]} section's LND keys. */
    static LndSettings read(IniFile ini, IniValues v) throws ConfigException {
        int line = ini.get("wallet", "backend").map(IniFile.Entry::line).orElse(ini.sectionLine("wallet"));
        Path cert = v.path("wallet", "lnd_tls_cert").orElseThrow(() -> new ConfigException(ini.file(), line,
                "[wallet] backend = lnd needs lnd_tls_cert"));
        Path macaroon = v.path("wallet", "lnd_macaroon").orElseThrow(() -> new ConfigException(ini.file(), line,
                "[wallet] backend = lnd needs lnd_macaroon"));
        return new LndSettings(v.text("wallet", "lnd_host").orElse("127.0.0.1"),
                (int) v.integer("wallet", "lnd_port", 10009, 1, 65535), cert, macaroon);
    }
}
