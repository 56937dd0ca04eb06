package org.giggossip.node.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.giggossip.core.crypto.PublicKey;

/**
 * Typed reads of single values of an INI file, each error naming file and line;
 * relative paths resolve against {@code base} (the file's directory). Shared by
 * the node's and the settler's configuration files.
 */
record IniValues(IniFile ini, Path base) {

    /**
     * Refuses an unknown key in one of our sections (naming the known ones) and
     * skips, with a warning, a section that is not ours.
     */
    static void checkKeys(IniFile ini, Map<String, Set<String>> known, List<String> warnings)
            throws ConfigException {
        Path file = ini.file();
        for (String section : ini.sectionNames()) {
            Set<String> keys = known.get(section);
            if (keys == null) {
                warnings.add(file + ":" + ini.sectionLine(section) + ": section [" + section
                        + "] is not ours; skipped");
                continue;
            }
            for (Map.Entry<String, IniFile.Entry> e : ini.entries(section).entrySet()) {
                if (!keys.contains(e.getKey())) {
                    throw new ConfigException(file, e.getValue().line(), "unknown key '" + e.getKey() + "' in "
                            + (section.isEmpty() ? "the top level" : "[" + section + "]") + "; known: "
                            + String.join(", ", keys.stream().sorted().toList()));
                }
            }
        }
    }

    Optional<String> text(String section, String key) {
        return ini.get(section, key).map(IniFile.Entry::value);
    }

    private ConfigException error(String section, String key, String message) {
        return new ConfigException(ini.file(), ini.get(section, key).map(IniFile.Entry::line).orElse(0),
                key + ": " + message);
    }

    long integer(String section, String key, long dflt, long min, long max) throws ConfigException {
        Optional<String> t = text(section, key);
        if (t.isEmpty()) {
            return dflt;
        }
        if (!t.get().matches("[0-9]{1,18}")) {
            throw error(section, key, "expected a whole number, got '" + t.get() + "'");
        }
        long n = Long.parseLong(t.get());
        if (n < min || n > max) {
            throw error(section, key, n + " is outside " + min + ".." + max);
        }
        return n;
    }

    HostPort address(String section, String key, String dflt) throws ConfigException {
        String t = text(section, key).orElse(dflt);
        try {
            return HostPort.parse(t, false, true);
        } catch (IllegalArgumentException e) {
            throw error(section, key, e.getMessage());
        }
    }

    boolean bool(String section, String key, boolean dflt) throws ConfigException {
        Optional<String> t = text(section, key).map(x -> x.toLowerCase(Locale.ROOT));
        if (t.isEmpty()) {
            return dflt;
        }
        return switch (t.get()) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw error(section, key, "expected true or false, got '" + t.get() + "'");
        };
    }

    HostPort peer(String section, String key) throws ConfigException {
        try {
            HostPort p = HostPort.parse(text(section, key).orElseThrow().strip(), true, false);
            if (p.nodeId().isEmpty()) {
                throw error(section, key, "expected pubkey@host:port (the link needs the node's key)");
            }
            return p;
        } catch (IllegalArgumentException e) {
            throw error(section, key, e.getMessage());
        }
    }

    List<NodeConfig.Grant> grants(String section, String key) throws ConfigException {
        List<NodeConfig.Grant> out = new ArrayList<>();
        Optional<String> t = text(section, key);
        if (t.isEmpty()) {
            return out;
        }
        for (String one : t.get().split(",", -1)) {
            var m = java.util.regex.Pattern.compile("([0-9a-f]{64}):([A-Za-z0-9_.-]{1,64})=([^,=]{1,256})")
                    .matcher(one.strip());
            if (!m.matches()) {
                throw error(section, key, "expected KEYHEX:name=value, got '" + one.strip() + "'");
            }
            try {
                out.add(new NodeConfig.Grant(PublicKey.fromHex(m.group(1)), m.group(2), m.group(3).strip()));
            } catch (RuntimeException e) {
                throw error(section, key, "not a point on secp256k1: " + m.group(1));
            }
        }
        return out;
    }

    /**
     * Certificate properties a peer must have, {@code name=value} comma-separated (e.g.
     * {@code driving_licence=valid}; blanks around {@code =} and {@code ,} are dropped), as a certificate
     * can hold them (docs/protocol.md, section 3): a
     * name of 1 to 64 characters of {@code [a-z0-9_.-]}, a value of 1 to 256 UTF-8 bytes without
     * {@code ,} or {@code =}, each name once, at most 16. Empty or absent: none required. Anything
     * else is refused: a requirement no certificate can meet would drop every peer silently.
     */
    Map<String, String> properties(String section, String key) throws ConfigException {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        Optional<String> t = text(section, key);
        if (t.isEmpty() || t.get().isBlank()) {
            return out;
        }
        var form = java.util.regex.Pattern.compile("([a-z0-9_.-]{1,64})\\s*=\\s*([^,=]+)");
        for (String one : t.get().split(",", -1)) {
            var m = form.matcher(one.strip());
            if (!m.matches()) {
                throw error(section, key, "expected name=value (name: 1 to 64 of a-z 0-9 _ . -), comma-separated,"
                        + " got '" + one.strip() + "'");
            }
            String value = m.group(2).strip();
            if (value.isEmpty() || value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    > org.giggossip.core.wire.WireLimits.MAX_PROPERTY_VALUE_BYTES) {
                throw error(section, key, "the value of " + m.group(1) + " must be 1 to "
                        + org.giggossip.core.wire.WireLimits.MAX_PROPERTY_VALUE_BYTES + " bytes");
            }
            if (out.put(m.group(1), value) != null) {
                throw error(section, key, m.group(1) + " is required twice");
            }
        }
        if (out.size() > org.giggossip.core.wire.WireLimits.MAX_PROPERTIES) {
            throw error(section, key, out.size() + " properties, but a certificate holds at most "
                    + org.giggossip.core.wire.WireLimits.MAX_PROPERTIES);
        }
        return out;
    }

    List<HostPort> peers(String section, String key) throws ConfigException {
        return peers(section, key, true);
    }

    /** Comma-separated {@code host:port}s, with {@code pubkey@} prefixes if {@code allowNodeId}. */
    List<HostPort> peers(String section, String key, boolean allowNodeId) throws ConfigException {
        Optional<String> t = text(section, key);
        List<HostPort> out = new ArrayList<>();
        if (t.isPresent()) {
            for (String one : t.get().split(",", -1)) {
                try {
                    out.add(HostPort.parse(one.strip(), allowNodeId, false));
                } catch (IllegalArgumentException e) {
                    throw error(section, key, e.getMessage());
                }
            }
        }
        return out;
    }

    Optional<Path> path(String section, String key) throws ConfigException {
        Optional<String> t = text(section, key);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(base.resolve(t.get()).normalize());
        } catch (InvalidPathException e) {
            throw error(section, key, "not a path: " + e.getReason());
        }
    }

    Optional<PublicKey> publicKey(String section, String key) throws ConfigException {
        Optional<String> t = text(section, key);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        if (!t.get().matches("[0-9a-f]{64}")) {
            throw error(section, key, "expected 64 lower-case hex digits (an x-only key)");
        }
        try {
            return Optional.of(PublicKey.fromHex(t.get()));
        } catch (RuntimeException e) {
            throw error(section, key, "not a point on secp256k1");
        }
    }

    Optional<URI> url(String section, String key) throws ConfigException {
        Optional<String> t = text(section, key);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI u = new URI(t.get());
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw error(section, key, "expected an http:// or https:// URL with a host");
            }
            return Optional.of(u);
        } catch (URISyntaxException e) {
            throw error(section, key, "not a URL: " + e.getReason());
        }
    }

    /** A comma-separated list of x-only keys; empty when the key is absent. */
    List<PublicKey> publicKeys(String section, String key) throws ConfigException {
        List<PublicKey> out = new ArrayList<>();
        Optional<String> t = text(section, key);
        if (t.isEmpty()) {
            return out;
        }
        for (String one : t.get().split(",", -1)) {
            String hex = one.strip();
            if (!hex.matches("[0-9a-f]{64}")) {
                throw error(section, key, "expected x-only keys of 64 lower-case hex digits, got '" + hex + "'");
            }
            try {
                out.add(PublicKey.fromHex(hex));
            } catch (RuntimeException e) {
                throw error(section, key, "not a point on secp256k1: " + hex);
            }
        }
        return out;
    }
}
