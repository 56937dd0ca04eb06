/**
 * The node daemon ({@code gg node}; docs/operations.md, "Running a node"):
 * {@link org.giggossip.node.daemon.NodeDaemon} wires one engine host, the store,
 * links, discovery, the settler and wallet of the configuration, the app API, the
 * VoidPhone gossip, Dave and metrics from one INI file, and closes them in order;
 * with the per-job log lines (docs/operations.md, "Following a job") and the logfmt
 * log format.
 *
 * <p>It may use every library package of {@code node}, never the command line.
 * {@code node} is the top of the build: no module imports it (docs/architecture.md, "Modules").
 */
package org.giggossip.node.daemon;
