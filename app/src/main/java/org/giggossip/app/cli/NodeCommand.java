package org.giggossip.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.giggossip.core.crypto.KeyFileException;
import org.giggossip.node.config.ConfigException;
import org.giggossip.node.config.NodeConfig;
import org.giggossip.node.daemon.NodeDaemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gg node --config FILE}: run a node until SIGTERM or Ctrl-C;
 * {@code gg node --check FILE}: check its configuration and print the effective settings
 * (both in docs/operations.md, "Running a node").
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run a Gig-gossip node from an INI file (see node/config/node.ini.example)"
        + " until SIGTERM or Ctrl-C; logs go to standard error, one logfmt line each.")
final class NodeCommand implements Callable<Integer>, Daemons.Daemon {

    @Option(names = "--config", paramLabel = "FILE", description = "The node's INI file (required).")
    Path config;

    @Option(names = "--check", arity = "0..1", paramLabel = "FILE", fallbackValue = "",
            description = "Check the INI file (FILE, or --config) and print every setting with its effective"
                    + " value, defaults included, without starting anything: exit 0 if it is valid, 2 if not.")
    String check;

    @Override
    public Integer call() throws InterruptedException {
        Path file;
        try {
            file = Daemons.configFile(config, check, true);
        } catch (IllegalArgumentException e) {
            System.err.println("gg node: " + e.getMessage());
            return 2;
        }
        System.Logger log = System.getLogger("gg.node");
        NodeConfig cfg;
        try {
            cfg = NodeConfig.load(file);
        } catch (ConfigException e) {
            System.err.println("gg node: " + e.getMessage());
            return 2;
        }
        if (check != null) {
            return Daemons.report("node", cfg.effective());
        }
        cfg.warnings().forEach(w -> log.log(System.Logger.Level.WARNING, w));
        NodeDaemon daemon;
        try {
            daemon = NodeDaemon.start(cfg);
        } catch (KeyFileException | IllegalStateException e) {
            System.err.println("gg node: cannot start: " + e.getMessage());
            return 1;
        }
        log.log(System.Logger.Level.INFO, "node " + daemon.address() + " started; data in "
                + cfg.node().dataDir());
        log.log(System.Logger.Level.INFO, "app API on http://" + daemon.apiAddress().getHostString() + ":"
                + daemon.apiAddress().getPort() + " (token in " + cfg.node().dataDir().resolve("api.token") + ")");
        log.log(System.Logger.Level.INFO, "VoidPhone gossip API on " + daemon.gossipApiAddress().getHostString() + ":"
                + daemon.gossipApiAddress().getPort());
        daemon.served().ifPresent(s -> log.log(System.Logger.Level.INFO, "serving settler " + s.settlerId().hex()
                + " and a regtest ledger to linked nodes"));
        Daemons.runUntilSignal("node", "stopping (signal): closing links, engine, services and store",
                daemon::close);
        return 0;
    }
}
