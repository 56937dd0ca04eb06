package org.giggossip.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gg} command line: one entry point for operators, app developers and
 * researchers. Each subcommand is its own class; this one only wires them.
 *
 * <p>Exit codes: 0 success, 1 the command failed, 2 bad arguments (usage printed).
 */
@Command(
    name = "gg",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Gig-gossip: a peer-to-peer protocol for the gig economy.",
    subcommands = {
        DemoCommand.class,
        NodeCommand.class,
        SettlerCommand.class,
        WalkthroughCommand.class,
        TestCommand.class,
        BenchCommand.class,
        KeygenCommand.class,
        GeohashCommand.class,
        SimCommand.class,
        JobCommand.class,
        WorkCommand.class,
        PeersCommand.class,
        StatusCommand.class,
        DaveCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class Gg implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and returns the process exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line as {@link #run} configures it (tests capture its output). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Gg());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    @Override
    public void run() {
        // `gg` alone: show what there is to do.
        spec.commandLine().usage(System.out);
    }
}
