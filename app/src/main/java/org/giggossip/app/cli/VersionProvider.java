package org.giggossip.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * {@code gg --version}: the version and the git commit the jar was built from, both
 * written into the jar at build time (node/pom.xml: {@code org/giggossip/app/build.properties},
 * filtered, and {@code build.commit}, from {@code git describe}), and the JVM it runs on.
 * Built without git (a source tarball), the commit is "unknown".
 */
final class VersionProvider implements CommandLine.IVersionProvider {
    /** A full commit id, with {@code -dirty} if the tree had uncommitted changes. */
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}(-dirty)?");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z.+_-]{1,64}");

    @Override
    public String[] getVersion() {
        return new String[] {
            "gg " + version() + " (commit " + commit(resource("build.commit")) + ")",
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
        };
    }

    /** The build's version: from the jar's build.properties, else its manifest, else "development build". */
    static String version() {
        String text = resource("build.properties");
        if (text != null) {
            Properties p = new Properties();
            try {
                p.load(new java.io.StringReader(text));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            String v = p.getProperty("version", "");
            if (VERSION.matcher(v).matches()) {
                return v;
            }
        }
        String manifest = Gg.class.getPackage().getImplementationVersion();
        return manifest == null ? "development build" : manifest;
    }

    /** The commit in {@code text} (what the build wrote), or "unknown" for anything but a commit id. */
    static String commit(String text) {
        if (text == null) {
            return "unknown";
        }
        String c = text.strip();
        return COMMIT.matcher(c).matches() ? c : "unknown";
    }

    /** The text of {@code org/giggossip/node/NAME} in the jar, at most 4 KiB; null if absent. */
    private static String resource(String name) {
        try (InputStream in = Gg.class.getResourceAsStream("/org/giggossip/app/" + name)) {
            return in == null ? null : new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
