package org.giggossip.node.cli;

import picocli.CommandLine;

/** Reports the build version from the jar manifest, and the JVM it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Gg.class.getPackage().getImplementationVersion();
        return new String[] {
            "gg " + (v == null ? "development build" : v),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
        };
    }
}
