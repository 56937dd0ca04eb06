package org.giggossip.net.noise;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.giggossip.core.testing.TestVectors;

/**
 * The test cases of BOLT 8, Appendix A, from the project's unedited copy
 * {@code core/src/test/resources/vectors/bolt08-transport-vectors.txt}, read as they are: each case is its name and its fields in order,
 * {@code key: value} or {@code key=value}, comments dropped.
 */
record Bolt8Vectors(List<Case> cases) {
    static final String FILE = "bolt08-transport-vectors.txt";

    /** One vector: its name and its fields in file order (keys repeat: input, output). */
    record Case(String name, List<Map.Entry<String, String>> fields) {
        String first(String key) {
            return fields.stream().filter(f -> f.getKey().equals(key)).map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no " + key));
        }

        List<String> all(String key) {
            return fields.stream().filter(f -> f.getKey().equals(key)).map(Map.Entry::getValue).toList();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Bolt8Vectors load() {
        List<Case> cases = new ArrayList<>();
        String name = null;
        List<Map.Entry<String, String>> fields = null;
        for (String raw : TestVectors.lines(FILE)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("```")) {
                continue;
            }
            int colon = line.indexOf(':');
            int eq = line.indexOf('=');
            int cut = colon < 0 ? eq : (eq < 0 ? colon : Math.min(colon, eq));
            if (cut < 0) {
                continue;
            }
            String key = line.substring(0, cut).strip();
            String value = line.substring(cut + 1).strip();
            if (key.equals("name")) {
                name = value;
                fields = new ArrayList<>();
                cases.add(new Case(name, fields));
            } else if (fields != null && key.matches("[a-z0-9. ]+|sk,rk|rk,sk")) {
                fields.add(Map.entry(key, value));
            }
        }
        return new Bolt8Vectors(List.copyOf(cases));
    }

    static byte[] hex(String s) {
        String h = s.startsWith("0x") ? s.substring(2) : s;
        return org.giggossip.core.util.Hex.decode(h);
    }
}
