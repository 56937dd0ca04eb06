package org.giggossip.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.giggossip.sim.gig.Report;
import org.giggossip.sim.gig.Scenario;
import org.giggossip.sim.gig.SimParams;
import org.giggossip.sim.gig.Simulation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gg sim SCENARIO}: simulates a Gig-gossip network (the production
 * engine on every node, in virtual time) and writes its report: {@code
 * report.json}, SVG charts and {@code report.html}. For researchers comparing
 * parameters and attacks (seed 000, section 4.3) and for anyone checking that
 * the protocol delivers, pays and conserves money at scale.
 *
 * <p>Parameters are applied in this order: the defaults, the scenario's
 * settings, {@code --nodes} and {@code --seed}, then each {@code --set} in the
 * order given. An unknown scenario, an unreadable scenario file, and an unknown
 * or malformed parameter are usage errors (exit 2); a report that cannot be
 * written is a failure (exit 1).
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = {"Simulate a Gig-gossip network and write a report (JSON, SVG charts, HTML).",
        "SCENARIO is a built-in scenario (see --list) or a scenario file of 'key = value' lines,"
            + " where 'scenario = NAME' starts from a built-in."})
final class SimCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
        description = "A built-in scenario name or the path of a scenario file.")
    String scenario;

    @Option(names = "--nodes", paramLabel = "N", description = "Number of nodes: short for --set nodes=N.")
    Long nodes;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every random choice: short for --set seed=S.")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Directory for the report (default: sim-out/SCENARIO-NODES-SEED).")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = "Set a parameter, after the scenario, --nodes and --seed; repeatable (see --params).")
    List<String> settings = new ArrayList<>();

    @Option(names = "--list", description = "List the built-in scenarios and exit.")
    boolean list;

    @Option(names = "--params", description = "List every parameter with its default and meaning, and exit.")
    boolean params;

    @Option(names = "--idle-memory", description = "Build the scenario's world, print the heap an idle simulated node "
            + "takes, and exit without running it.")
    boolean idleMemory;

    @Override
    public Integer call() {
        if (list || params) {
            return listings(spec.commandLine().getOut());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (scenario == null) {
            throw usage("Missing SCENARIO: a built-in name (gg sim --list) or a scenario file");
        }
        Scenario chosen = resolve(scenario);
        SimParams p = parameters(chosen);
        if (idleMemory) {
            Simulation.IdleFootprint f;
            try {
                f = Simulation.idleFootprint(p);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            stdout.printf("idle world of %,d nodes: %,d bytes of heap per node (%,d MB in all), built in %.1f s%n",
                f.nodes(), f.bytesPerNode(), f.bytes() >> 20, f.buildSeconds());
            stdout.printf("idle_bytes_per_node=%d%n", f.bytesPerNode());
            stdout.flush();
            return 0;
        }
        Path dir = out != null ? out : defaultOut(chosen, p);
        stdout.printf("gg sim %s: %s nodes, %s jobs, seed %s, %s topology, proof of work %s%n", chosen.name(),
            p.get("nodes"), p.get("jobs"), p.get("seed"), p.get("topology"), p.get("pow"));
        stdout.flush();
        Simulation.Result result;
        try {
            // The progress line goes to the terminal only (Simulation checks), never into captured output.
            result = new Simulation(p).run(System.err);
        } catch (IllegalArgumentException e) {
            // The parameters describe a world that cannot be built, e.g. too few nodes or no possible customer.
            throw usage(e.getMessage());
        }
        Report report = new Report(chosen, result);
        try {
            report.write(dir);
        } catch (IOException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("gg sim: cannot write the report to " + dir + ": " + reason(e));
            err.flush();
            return 1;
        }
        Map<String, String> numbers = report.keyNumbers();
        int width = numbers.keySet().stream().mapToInt(String::length).max().orElse(0);
        numbers.forEach((name, value) -> stdout.printf("  %-" + width + "s  %s%n", name, value));
        stdout.printf("report  %s%n", dir.resolve(Report.HTML_FILE));
        stdout.printf("data    %s%n", dir.resolve(Report.JSON_FILE));
        stdout.printf("charts  %s (in %s)%n", String.join(", ", report.chartFiles()), dir);
        stdout.flush();
        return 0;
    }

    /** {@code --list} and {@code --params}: one line per scenario or parameter. */
    private int listings(PrintWriter stdout) {
        if (list) {
            Scenario.builtIns().forEach(s -> stdout.printf("%-22s %s%n", s.name(), s.description()));
        }
        if (params) {
            SimParams.keys().forEach(k -> stdout.printf("%-18s %-9s %s%n", k.name(), k.defaultValue(), k.help()));
        }
        stdout.flush();
        return 0;
    }

    /** A built-in scenario by name, else a scenario file; an argument that is neither names the built-ins. */
    private Scenario resolve(String arg) {
        for (Scenario s : Scenario.builtIns()) {
            if (s.name().equals(arg)) {
                return s;
            }
        }
        Path file;
        try {
            file = Path.of(arg);
        } catch (InvalidPathException e) {
            throw usage("not a scenario name or a file name: '" + arg + "'");
        }
        boolean looksLikeAFile = arg.contains("/") || arg.contains("\\") || arg.contains(".");
        if (!looksLikeAFile && !Files.exists(file)) {
            try {
                return Scenario.named(arg);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        try {
            return Scenario.fromFile(file);
        } catch (IOException e) {
            throw usage("cannot read scenario file '" + arg + "': " + reason(e));
        } catch (IllegalArgumentException e) {
            // Syntax errors name the file and line already; parameter errors do not.
            String m = e.getMessage();
            throw usage(m.startsWith(file.toString()) ? m : "scenario file '" + arg + "': " + m);
        }
    }

    private SimParams parameters(Scenario chosen) {
        try {
            SimParams p = chosen.apply(SimParams.defaults());
            if (nodes != null) {
                p = p.with("nodes", nodes.toString());
            }
            if (seed != null) {
                p = p.with("seed", seed.toString());
            }
            for (String s : settings) {
                p = p.with(s);
            }
            return p;
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** {@code sim-out/SCENARIO-NODES-SEED}, the scenario named without a file's extension. */
    static Path defaultOut(Scenario scenario, SimParams p) {
        String name = scenario.name().replaceFirst("(.)\\.[^.]*$", "$1");
        return Path.of("sim-out", name + "-" + p.get("nodes") + "-" + p.get("seed"));
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
