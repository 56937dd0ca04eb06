package org.giggossip.app.cli;

import picocli.CommandLine.Command;

/**
 * Listed so that {@code gg --help} shows it. The {@code ./gg} launcher runs the
 * test suite itself (through the Maven wrapper) before the JVM starts, so this
 * class only runs when the jar is started directly.
 */
@Command(name = "test", description = "Run the whole test suite (./gg test; what CI runs; "
        + "./gg test -Pquick skips the tests tagged slow).")
final class TestCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("gg test runs from the ./gg launcher at the repository root: ./gg test");
        return 1;
    }
}
