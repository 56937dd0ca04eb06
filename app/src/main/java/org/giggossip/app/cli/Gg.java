package org.giggossip.app.cli;

import java.util.logging.Level;
import org.giggossip.node.daemon.LogFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code gg} command line: one entry point for operators, app developers and
 * researchers. Each subcommand is its own class; this one only wires them.
 *
 * <p>Exit codes: 0 success, 1 the command failed, 2 bad arguments (usage printed).
 *
 * <p>Logging is set once, before any subcommand runs: logfmt lines on standard error
 * ({@link LogFormat}) at the level of {@code --log-level} (accepted before or after the
 * subcommand's name), else of {@code GG_LOG_LEVEL}, else {@code info} for the daemons
 * ({@link Daemons.Daemon}) and {@code warn} for every other command, whose output is
 * what it prints.
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
        GossipCommand.class,
        StatusCommand.class,
        DaveCommand.class,
        DevnetCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class Gg implements Runnable {

    /** The environment variable naming the log level when {@code --log-level} does not. */
    static final String LEVEL_ENV = "GG_LOG_LEVEL";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT,
            description = "Least level logged (logfmt on standard error): " + LogFormat.LEVEL_WORDS
                    + ". Default: $" + LEVEL_ENV + ", else info for daemons and warn for other commands.")
    String logLevel;

    /** Runs the command line and returns the process exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line as {@link #run} configures it (tests capture its output). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Gg());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionStrategy(Gg::execute);
        versionEverywhere(cli);
        return cli;
    }

    /** {@code gg SUBCOMMAND --version} prints what {@code gg --version} does. */
    private static void versionEverywhere(CommandLine cli) {
        cli.getCommandSpec().versionProvider(new VersionProvider());
        cli.getSubcommands().values().forEach(Gg::versionEverywhere);
    }

    public static void main(String[] args) {
        LogFormat.preventDefaultConfiguration();
        System.exit(run(args));
    }

    /** Installs logging for the command {@code parsed} names, then runs it. */
    private static int execute(ParseResult parsed) {
        String given = null;
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--log-level")) {
                given = p.matchedOptionValue("--log-level", (String) null);
            }
        }
        CommandLine leaf = parsed.asCommandLineList().getLast();
        Level level;
        try {
            level = logLevel(given, System.getenv(LEVEL_ENV), leaf.getCommand() instanceof Daemons.Daemon);
        } catch (IllegalArgumentException e) {
            leaf.getErr().println("gg: " + e.getMessage());
            return 2;
        }
        LogFormat.install(level);
        return new CommandLine.RunLast().execute(parsed);
    }

    /**
     * The log level: {@code option} ({@code --log-level}) if given, else {@code env}
     * ({@code GG_LOG_LEVEL}) if set, else info for a daemon and warn for other commands.
     *
     * @throws IllegalArgumentException naming the source, for a level that is not one
     */
    static Level logLevel(String option, String env, boolean daemon) {
        boolean fromEnv = option == null && env != null && !env.isBlank();
        String name = fromEnv ? env : option;
        if (name == null) {
            return daemon ? Level.INFO : Level.WARNING;
        }
        return LogFormat.parseLevel(name).orElseThrow(() -> new IllegalArgumentException(
                (fromEnv ? LEVEL_ENV + "=" : "--log-level ") + name + ": not a level; use "
                        + LogFormat.LEVEL_WORDS));
    }

    @Override
    public void run() {
        // `gg` alone: show what there is to do.
        spec.commandLine().usage(System.out);
    }
}
