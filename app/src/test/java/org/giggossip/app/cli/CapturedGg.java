package org.giggossip.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs gg as {@link Gg#run} does, with standard output and error captured. */
final class CapturedGg {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The exit code of {@code gg args}; the output accumulates. */
    int run(String... args) {
        var cli = Gg.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** Everything written to standard output so far. */
    String out() {
        return out.toString();
    }

    /** Everything written to standard error so far. */
    String err() {
        return err.toString();
    }
}
