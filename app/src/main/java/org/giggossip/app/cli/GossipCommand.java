package org.giggossip.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gg gossip}: talk to a node's VoidPhone gossip API (seed 003) as a local module would. */
@Command(
    name = "gossip",
    mixinStandardHelpOptions = true,
    description = "Announce items to, or listen for items from, a node's VoidPhone gossip API.",
    subcommands = {GossipAnnounceCommand.class, GossipListenCommand.class})
final class GossipCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
