package org.giggossip.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gg bench}: groups the benchmarks of this machine; alone it lists them. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure how fast this machine runs the protocol's hot paths.",
    subcommands = {BenchPowCommand.class, BenchGossipApiCommand.class, BenchGossipCommand.class,
        BenchNetworkCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
